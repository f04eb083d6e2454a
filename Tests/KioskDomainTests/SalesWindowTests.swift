import Foundation
import Testing
@testable import KioskDomain

/// Builds an instant from the site's wall clock, so tests read like the rules.
func local(_ text: String, _ zone: String) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    let parts = text.split(whereSeparator: { "- :".contains($0) }).map { Int($0)! }
    return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
}

@Suite struct SalesWindowTests {
    let moscow = TimeZone(identifier: "Europe/Moscow")!
    // Friday 22:00 → Saturday 08:00.
    let fridayNight = SalesWindow(weekdays: [5], startMinute: 22 * 60, endMinute: 8 * 60)

    @Test(arguments: [
        ("2026-11-27 21:59", false),   // Friday, before it opens
        ("2026-11-27 22:00", true),    // Friday, opens
        ("2026-11-27 23:59", true),
        ("2026-11-28 00:00", true),    // Saturday after midnight: still Friday's window
        ("2026-11-28 07:59", true),
        ("2026-11-28 08:00", false),   // closes
        ("2026-11-28 22:30", false),   // Saturday night is not in the window
        ("2026-11-27 03:00", false),   // Friday early morning belongs to Thursday's night
    ])
    func windowAcrossMidnight(time: String, open: Bool) {
        #expect(fridayNight.contains(local(time, "Europe/Moscow"), in: moscow) == open)
    }

    @Test func sameDayWindowIsHalfOpen() {
        let lunch = SalesWindow(weekdays: SalesWindow.everyDay, startMinute: 12 * 60, endMinute: 14 * 60)
        #expect(lunch.contains(local("2026-11-23 12:00", "Europe/Moscow"), in: moscow))
        #expect(!lunch.contains(local("2026-11-23 14:00", "Europe/Moscow"), in: moscow))
    }

    @Test func windowKeepsWallClockAcrossSpringForward() {
        // Berlin jumps from 02:00 to 03:00 on Sunday 2026-03-29. A 22:00–08:00 Saturday window
        // still closes at 08:00 local, although that night lasts an hour less.
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let saturdayNight = SalesWindow(weekdays: [6], startMinute: 22 * 60, endMinute: 8 * 60)
        #expect(saturdayNight.contains(local("2026-03-29 07:59", "Europe/Berlin"), in: berlin))
        #expect(!saturdayNight.contains(local("2026-03-29 08:00", "Europe/Berlin"), in: berlin))
        // 07:30 local is 05:30 UTC after the change (UTC+2), 06:30 UTC before it would have been.
        let instant = Date(timeIntervalSince1970: local("2026-03-29 07:30", "Europe/Berlin").timeIntervalSince1970)
        #expect(saturdayNight.contains(instant, in: berlin))
        #expect(!saturdayNight.contains(instant.addingTimeInterval(3600), in: berlin))
    }

    @Test func windowKeepsWallClockAcrossFallBack() {
        // New York repeats 01:00–02:00 on Sunday 2026-11-01: both 01:30s are inside a 22:00–02:00 window.
        let newYork = TimeZone(identifier: "America/New_York")!
        let late = SalesWindow(weekdays: [6], startMinute: 22 * 60, endMinute: 2 * 60)
        let firstOneThirty = local("2026-11-01 05:30", "UTC")   // 01:30 EDT, the first of the two
        #expect(late.contains(firstOneThirty, in: newYork))
        #expect(late.contains(firstOneThirty.addingTimeInterval(3600), in: newYork) == true)
        #expect(!late.contains(firstOneThirty.addingTimeInterval(2 * 3600), in: newYork))
    }

    @Test func planOnSaleOnlyInItsZonesAndWindows() {
        let plan = PricePlan(id: "night", name: "Night", price: .major(400, .rub), grant: .minutes(600, .game),
                             zones: ["vip"], salesWindows: [fridayNight])
        let fridayLate = local("2026-11-27 23:00", "Europe/Moscow")
        #expect(plan.isOnSale(inZone: "vip", at: fridayLate, siteTimeZone: moscow))
        #expect(!plan.isOnSale(inZone: "hall", at: fridayLate, siteTimeZone: moscow))
        #expect(!plan.isOnSale(inZone: "vip", at: local("2026-11-27 12:00", "Europe/Moscow"), siteTimeZone: moscow))
    }

    @Test func parsesTimeRanges() {
        #expect(SalesWindow.parseTimeRange("22:00-08:00")! == (1320, 480))
        #expect(SalesWindow.parseTimeRange("00:00-24:00")! == (0, 1440))
        #expect(SalesWindow.parseTimeRange("25:00-08:00") == nil)
        #expect(SalesWindow.parseTimeRange("22:00") == nil)
    }
}

@Suite struct ValidityTests {
    let moscow = TimeZone(identifier: "Europe/Moscow")!

    @Test func whicheverComesFirst() {
        let sold = local("2026-11-01 10:00", "Europe/Moscow")
        let used = local("2026-11-20 18:00", "Europe/Moscow")
        let validity = Validity(fixedUntil: local("2026-12-31 00:00", "Europe/Moscow"), daysFromSale: 30, daysFromFirstUse: 7)
        // sale + 30 days = Dec 1 10:00; first use + 7 = Nov 27 18:00; fixed = Dec 31: first use wins.
        #expect(validity.expiry(soldAt: sold, firstUsedAt: used, siteTimeZone: moscow) == local("2026-11-27 18:00", "Europe/Moscow"))
        // Not yet used: only the sale and fixed limits count.
        #expect(validity.expiry(soldAt: sold, firstUsedAt: nil, siteTimeZone: moscow) == local("2026-12-01 10:00", "Europe/Moscow"))
        #expect(Validity.unlimited.expiry(soldAt: sold, firstUsedAt: used, siteTimeZone: moscow) == nil)
    }

    @Test func daysAreCalendarDaysAcrossDST() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let sold = local("2026-03-28 18:00", "Europe/Berlin")
        let end = Validity(daysFromSale: 1).expiry(soldAt: sold, firstUsedAt: nil, siteTimeZone: berlin)!
        #expect(end == local("2026-03-29 18:00", "Europe/Berlin"))
        #expect(end.timeIntervalSince(sold) == 23 * 3600)   // the DST night is an hour short
    }
}

@Suite struct RatePlanTests {
    let rate = RatePlan(id: "rate", name: "Per hour", hourlyPrice: .major(90, .rub), category: .internet, minimumAmount: .major(10, .rub))

    @Test(arguments: [
        (Int64(9_000), Int64(60)),   // exactly one hour
        (Int64(4_500), Int64(30)),
        (Int64(1_000), Int64(7)),    // 6.67 minutes → a started minute is given in full
        (Int64(1_501), Int64(11)),   // 10.006 → 11
        (Int64(50_000), Int64(334)), // 333.33 → 334
    ])
    func minutesRoundUp(amount: Int64, minutes: Int64) {
        #expect(rate.minutes(for: Money(minorUnits: amount, currency: .rub)) == minutes)
    }

    @Test func belowMinimumIsNotSold() {
        #expect(rate.minutes(for: Money(minorUnits: 999, currency: .rub)) == nil)
        #expect(rate.grant(for: .major(10, .rub)) == .minutes(7, .internet))
    }
}
