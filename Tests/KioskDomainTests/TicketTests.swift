import Foundation
import KioskTestSupport
import Testing
@testable import KioskDomain

@Suite struct TicketTests {
    let zone = TimeZone(identifier: "Europe/Moscow")!
    let validity = Validity(daysFromFirstUse: 1)
    var code: AccessCode {
        var rng = SeededRandom(seed: 4)
        return AccessCode.generate(namespace: KioskNamespace(number: 3)!, using: &rng)
    }

    @Test func sellNowIsSoldAtOnce() {
        let ticket = Ticket(code: code, planID: "p", sellMode: .now, createdAt: local("2026-11-23 10:00", "UTC"))
        #expect(ticket.state == .sold)
        #expect(ticket.soldAt != nil)
    }

    @Test func sellLaterIsSoldOnFirstUse() throws {
        var ticket = Ticket(code: code, planID: "p", sellMode: .later, createdAt: local("2026-11-23 10:00", "UTC"))
        #expect(ticket.state == .generated && ticket.soldAt == nil)
        let firstUse = local("2026-11-24 18:00", "UTC")
        try ticket.use(at: firstUse, validity: validity, siteTimeZone: zone, hasBalance: true)
        #expect(ticket.state == .inUse)
        #expect(ticket.soldAt == firstUse && ticket.firstUsedAt == firstUse)
    }

    @Test func expiresAndUsesUp() throws {
        var ticket = Ticket(code: code, planID: "p", sellMode: .now, createdAt: local("2026-11-23 10:00", "UTC"))
        try ticket.use(at: local("2026-11-23 11:00", "UTC"), validity: validity, siteTimeZone: zone, hasBalance: true)
        ticket.markUsedUp()
        #expect(ticket.state == .usedUp)
        #expect(throws: TicketError.usedUp) {
            try ticket.use(at: local("2026-11-23 12:00", "UTC"), validity: validity, siteTimeZone: zone, hasBalance: false)
        }
        #expect(throws: TicketError.expired) {
            try ticket.use(at: local("2026-11-24 11:00", "UTC"), validity: validity, siteTimeZone: zone, hasBalance: true)
        }
        #expect(ticket.state == .expired)
    }

    @Test func soldTicketCannotBeSoldAgain() {
        var ticket = Ticket(code: code, planID: "p", sellMode: .now, createdAt: Date(timeIntervalSince1970: 0))
        #expect(throws: TicketError.notForSale(.sold)) { try ticket.sell(at: Date(timeIntervalSince1970: 1)) }
    }

    @Test func usernamesFollowPrefixAndStartNumber() {
        #expect(Account.usernames(prefix: "USER", startNumber: 11, count: 3) == ["USER11", "USER12", "USER13"])
        var rng = SeededRandom(seed: 5)
        let password = PasswordGenerator.generate(length: 10, using: &rng)
        #expect(password.count == 10 && password.allSatisfy { PasswordGenerator.alphabet.contains($0) })
    }

    @Test func voucherBatchRulesSpeakPlainly() {
        #expect(VoucherBatch(count: 10, kind: .ticket, planID: "p").problems().isEmpty)
        #expect(VoucherBatch(count: 0, kind: .ticket, planID: "p").problems().count == 1)
        #expect(VoucherBatch(count: 5, kind: .ticket, planID: "p", codeLength: 7).problems().first?.contains("50 random bits") == true)
        #expect(VoucherBatch(count: 5, kind: .userAccount, planID: "p", prefix: "US ER").problems().count == 1)
        #expect(VoucherBatch(count: 5, kind: .free, planID: "p", sellMode: .later).problems().count == 1)
        let plan = PricePlan(id: "p", name: "P", price: .major(100, .rub), grant: .minutes(60, .game), discountBasisPoints: 1000)
        #expect(VoucherBatch(count: 5, kind: .ticket, planID: "p", discountBasisPoints: 500).unitPrice(of: plan) == .major(85, .rub) + Money(minorUnits: 50, currency: .rub))
        #expect(VoucherBatch(count: 5, kind: .free, planID: "p").unitPrice(of: plan).isZero)
    }
}
