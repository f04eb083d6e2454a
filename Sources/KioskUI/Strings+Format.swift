import Foundation
import KioskDomain

extension Strings {
    public func money(_ m: Money) -> String { MoneyFormatter.format(m, language: language) }

    /// "2 h internet", "30 min games", "500 MB", "100 ₽".
    public func grant(_ g: Grant) -> String {
        switch g {
        case let .minutes(minutes, category): "\(duration(minutes: minutes)) \(category == .game ? games : internet)"
        case let .dataMegabytes(mb): megabytes(mb)
        case let .money(m): money(m)
        }
    }

    /// One line per non-empty balance; "Nothing left" when all are empty.
    public func balances(_ b: Balances, currency: Currency) -> [String] {
        var lines: [String] = []
        if b[.internetMinutes] > 0 { lines.append(grant(.minutes(b[.internetMinutes], .internet))) }
        if b[.gameMinutes] > 0 { lines.append(grant(.minutes(b[.gameMinutes], .game))) }
        if b[.dataMegabytes] > 0 { lines.append(megabytes(b[.dataMegabytes])) }
        if b[.money] > 0 { lines.append(money(Money(minorUnits: b[.money], currency: currency))) }
        if b[.bonus] > 0 { lines.append("+" + money(Money(minorUnits: b[.bonus], currency: currency)) + " bonus") }
        return lines.isEmpty ? [nothingLeft] : lines
    }

    /// "Mon–Fri 09:00–18:00", "Daily 22:00–08:00", "Any time".
    public func salesWindows(_ windows: [SalesWindow]) -> String {
        guard !windows.isEmpty else { return anyTime }
        return windows.map { w in
            let days = w.weekdays == SalesWindow.everyDay ? everyDay : weekdayRanges(w.weekdays)
            return "\(days) \(clock(w.startMinute))–\(clock(w.endMinute))"
        }.joined(separator: ", ")
    }

    public func zones(_ zones: [String]) -> String {
        zones.isEmpty ? allZones : zone(zones.joined(separator: ", "))
    }

    /// Day.month.year hour:minute on the site's clock; the same in both languages, no locale data needed.
    public func date(_ d: Date, in tz: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tz
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        return String(format: "%02d.%02d.%04d %02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
    }

    func clock(_ minute: Int) -> String { String(format: "%02d:%02d", (minute / 60) % 24, minute % 60) }

    private func weekdayRanges(_ days: Set<Int>) -> String {
        let sorted = days.sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            let a = weekdayShort[sorted[i] - 1], b = weekdayShort[sorted[j] - 1]
            parts.append(i == j ? a : j == i + 1 ? "\(a), \(b)" : "\(a)–\(b)")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
