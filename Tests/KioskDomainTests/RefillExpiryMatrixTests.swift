import Foundation
import KioskTestSupport
import Testing
@testable import KioskDomain

/// The refill/expiry rule (see `RefillExpiryRule`), one row per case operators ask about.
@Suite struct RefillExpiryMatrixTests {
    static let zone = TimeZone(identifier: "Europe/Moscow")!
    static let now = local("2026-11-23 12:00", "Europe/Moscow")
    static func day(_ offset: Int) -> Date { now.addingTimeInterval(Double(offset) * 86_400) }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let currentExpiry: Date?
        let extendedUntil: Date?
        let hardCap: Date?
        let refillDays: Int?
        let expected: Result<Date?, RefillError>
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "no expiry, refill without validity: still none", currentExpiry: nil, extendedUntil: nil, hardCap: nil,
            refillDays: nil, expected: .success(nil)),
        Row(name: "no expiry, refill with 30 days: still none (never beats 30 days)", currentExpiry: nil, extendedUntil: nil,
            hardCap: nil, refillDays: 30, expected: .success(nil)),
        Row(name: "valid 10 more days, refill without validity: unchanged", currentExpiry: day(10), extendedUntil: nil,
            hardCap: nil, refillDays: nil, expected: .success(nil)),
        Row(name: "valid 10 more days, refill 30 days: extended to now + 30", currentExpiry: day(10), extendedUntil: nil,
            hardCap: nil, refillDays: 30, expected: .success(day(30))),
        Row(name: "valid 60 more days, refill 30 days: extension recorded, expiry stays +60 (never shortened)", currentExpiry: day(60), extendedUntil: nil,
            hardCap: nil, refillDays: 30, expected: .success(day(30))),
        Row(name: "expired, refill without validity: refused before payment", currentExpiry: day(-1), extendedUntil: nil,
            hardCap: nil, refillDays: nil, expected: .failure(.targetExpired)),
        Row(name: "expired, refill 30 days: revived to now + 30", currentExpiry: day(-1), extendedUntil: nil,
            hardCap: nil, refillDays: 30, expected: .success(day(30))),
        Row(name: "season card capped at +5 days, refill 30 days: extension kept, capped on read", currentExpiry: day(5),
            extendedUntil: nil, hardCap: day(5), refillDays: 30, expected: .success(day(30))),
        Row(name: "season card past its cap, refill 30 days: refused", currentExpiry: day(-1), extendedUntil: nil,
            hardCap: day(-1), refillDays: 30, expected: .failure(.targetExpired)),
        Row(name: "already extended to +40, refill 30 days: keeps +40", currentExpiry: day(40), extendedUntil: day(40),
            hardCap: nil, refillDays: 30, expected: .success(day(40))),
    ]

    @Test(arguments: rows)
    func refillExpiry(row: Row) {
        let validity = row.refillDays.map { Validity(daysFromSale: $0) } ?? .unlimited
        let result = Result { () throws(RefillError) -> Date? in
            try RefillExpiryRule.extendedUntil(currentExpiry: row.currentExpiry, currentExtendedUntil: row.extendedUntil,
                                               hardCap: row.hardCap, refillValidity: validity, at: Self.now, siteTimeZone: Self.zone)
        }
        switch (result, row.expected) {
        case (.success(let got), .success(let want)): #expect(got == want, "\(row.name)")
        case (.failure(let got), .failure(let want)): #expect(got == want, "\(row.name)")
        default: Issue.record("\(row.name): got \(result), want \(row.expected)")
        }
    }

    @Test func hardCapBoundsTheEffectiveExpiry() {
        #expect(RefillExpiryRule.effectiveExpiry(planExpiry: Self.day(5), extendedUntil: Self.day(30), hardCap: Self.day(5)) == Self.day(5))
        #expect(RefillExpiryRule.effectiveExpiry(planExpiry: Self.day(5), extendedUntil: Self.day(30), hardCap: nil) == Self.day(30))
        #expect(RefillExpiryRule.effectiveExpiry(planExpiry: nil, extendedUntil: Self.day(30), hardCap: nil) == nil)
    }

    @Test func refillOnTicketsFollowsTheRule() throws {
        let ticketPlan = PricePlan(id: "t", name: "T", price: .major(100, .rub), grant: .minutes(60, .internet),
                                   validity: Validity(daysFromSale: 7))
        let refillPlan = PricePlan(id: "r", name: "R", price: .major(50, .rub), grant: .minutes(30, .internet),
                                   validity: Validity(daysFromSale: 30))
        var rng = SeededRandom(seed: 9)
        let code = AccessCode.generate(namespace: KioskNamespace(number: 1)!, using: &rng)

        var unsold = Ticket(code: code, planID: "t", sellMode: .later, createdAt: Self.day(-1))
        #expect(throws: RefillError.targetNotSold) {
            try RefillApplication.apply(refillPlan, to: &unsold, ticketPlan: ticketPlan, at: Self.now, siteTimeZone: Self.zone)
        }

        var expired = Ticket(code: code, planID: "t", sellMode: .now, createdAt: Self.day(-10))
        let grant = try RefillApplication.apply(refillPlan, to: &expired, ticketPlan: ticketPlan, at: Self.now, siteTimeZone: Self.zone)
        #expect(grant == .minutes(30, .internet))
        #expect(expired.expiry(validity: ticketPlan.validity, siteTimeZone: Self.zone) == Validity.adding(days: 30, to: Self.now, in: Self.zone))
        #expect(expired.state == .sold)

        let postpaid = Account(username: "USER1", password: "x", kind: .postpaid, planID: nil)
        #expect(throws: RefillError.accountNotPrepaid) { try RefillApplication.apply(refillPlan, to: postpaid) }
    }
}
