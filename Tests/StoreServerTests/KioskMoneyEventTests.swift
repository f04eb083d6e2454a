import Foundation
import HTTPTypes
import KioskDomain
import StoreAPI
import StoreServer
import Testing

@Suite("Voucher batches, refill surplus and kept credit from kiosks")
struct KioskMoneyEventTests {
    /// A sell-later ticket batch printed at a kiosk: its codes log in at a PC (sold on first use),
    /// and a sell-now account batch's prepaid accounts log in with their passwords.
    @Test("a kiosk's voucher batch makes its codes and accounts usable at the PCs")
    func batchCodesLogIn() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let codes = (1...3).map { Fixtures.code(for: kiosk, seed: 100 + UInt64($0)) }
            let tickets = KioskEvent(id: "batch-1", occurredAt: TestStore.start, payload: .voucherBatchSold(VoucherBatchSold(
                batchID: "1", kind: "ticket", planID: "hour", count: 3, unitPrice: WireMoney(minor: 10_000, currency: "RUB"),
                sellMode: .later, grant: WireGrant(unit: .internetMinutes, quantity: 60), validity: .unlimited, zones: [],
                codes: codes.map(\.canonical))))
            #expect(try await client.push(tickets, as: kiosk).status == .created)
            let accounts = KioskEvent(id: "batch-2", occurredAt: TestStore.start, payload: .voucherBatchSold(VoucherBatchSold(
                batchID: "2", kind: "user", planID: "hour", count: 1, unitPrice: WireMoney(minor: 10_000, currency: "RUB"),
                sellMode: .now, grant: WireGrant(unit: .internetMinutes, quantity: 60),
                accounts: [.init(username: "GUEST1", password: "pw-7781", kind: .prepaid)])))
            #expect(try await client.push(accounts, as: kiosk).status == .created)

            let byCode = try await client.call(.post, Routes.sessions, json: LoginRequest(zone: "hall", pcID: "pc-1", code: codes[0].grouped))
            #expect(byCode.status == .created)
            #expect(try byCode.decoded(SessionInfo.self).minutesLeft == 60)
            let info = try await client.call(.get, Routes.ticket(codes[0].canonical), token: kiosk.bearerToken).decoded(TicketInfo.self)
            #expect(info.state == .inUse)
            let byName = try await client.call(.post, Routes.sessions,
                                               json: LoginRequest(zone: "hall", pcID: "pc-2", username: "GUEST1", password: "pw-7781"))
            #expect(byName.status == .created)
            let wrong = try await client.call(.post, Routes.sessions,
                                              json: LoginRequest(zone: "hall", pcID: "pc-3", username: "GUEST1", password: "nope"))
            #expect(wrong.status != .created)

            // Revenue of the sell-now batch is the counter's, not the cash box's.
            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.holders["counter:\(kiosk.kioskID)"]?["money"] == 10_000)
            #expect(report.holders["cash:\(kiosk.kioskID)"]?["money"] == nil)
        }
    }

    @Test("a batch with a code of another kiosk's namespace is rejected whole")
    func foreignCodeRejectsTheBatch() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            let other = try await client.registerKiosk("other")
            let mine = Fixtures.code(for: kiosk, seed: 1), theirs = Fixtures.code(for: other, seed: 2)
            let batch = KioskEvent(id: "batch-x", occurredAt: TestStore.start, payload: .voucherBatchSold(VoucherBatchSold(
                batchID: "9", kind: "ticket", planID: "hour", count: 2, unitPrice: WireMoney(minor: 100, currency: "RUB"),
                sellMode: .now, grant: WireGrant(unit: .internetMinutes, quantity: 60), codes: [mine.canonical, theirs.canonical])))
            #expect(try await client.push(batch, as: kiosk).status == .unprocessableContent)
            #expect(try await client.call(.get, Routes.ticket(mine.canonical), token: kiosk.bearerToken).status == .notFound)
        }
    }

    @Test("a refill's kept surplus goes to the target as money and into the cash box")
    func refillSurplus() async throws {
        var catalog = Fixtures.catalog
        catalog.maxNoteMinor = 10_000   // the site's kiosks keep overpayments of 100-notes at most
        try await TestStore(catalog: catalog).run { client in
            let kiosk = try await client.registerKiosk()
            let code = Fixtures.code(for: kiosk, seed: 5)
            #expect(try await client.push(Fixtures.sale(code), as: kiosk).status == .created)
            let refill = KioskEvent(id: "r1", occurredAt: TestStore.start, payload: .refillApplied(RefillApplied(
                target: .ticket(code.canonical), planID: "refill30", price: WireMoney(minor: 5_000, currency: "RUB"),
                grant: WireGrant(unit: .internetMinutes, quantity: 30), surplus: WireMoney(minor: 5_000, currency: "RUB"))))
            let result = try await client.push(refill, as: kiosk).decoded(EventResult.self)
            #expect(result.balances?["internet_minutes"] == 90)
            #expect(result.balances?["money"] == 5_000)
            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.holders["cash:\(kiosk.kioskID)"]?["money"] == 20_000)
        }
    }

    /// 50 kept after a cancel, then spent on a 100 ticket with one more 50 note: the cash box
    /// holds 100, and so must the store's cash; the credit ends at zero.
    @Test("a kept credit spent on a later sale is counted into the cash once")
    func keptCreditCountsOnce() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let rub = { (minor: Int64) in WireMoney(minor: minor, currency: "RUB") }
            let credit = KioskEvent(id: "credit-c1", occurredAt: TestStore.start, payload: .customerCredit(
                CustomerCreditRecorded(amount: rub(5_000), reason: "purchase p1 cancelled", reference: "c1")))
            #expect(try await client.push(credit, as: kiosk).status == .created)
            let redeemed = KioskEvent(id: "credit-redeemed-c1", occurredAt: TestStore.start, payload: .creditRedeemed(
                CreditRedeemed(amount: rub(5_000), reference: "c1")))
            #expect(try await client.push(redeemed, as: kiosk).status == .created)
            #expect(try await client.push(Fixtures.sale(Fixtures.code(for: kiosk, seed: 3)), as: kiosk).status == .created)
            let twice = KioskEvent(id: "credit-redeemed-again", occurredAt: TestStore.start, payload: .creditRedeemed(
                CreditRedeemed(amount: rub(5_000), reference: "c1")))
            #expect(try await client.push(twice, as: kiosk).status == .unprocessableContent)
            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.holders["cash:\(kiosk.kioskID)"]?["money"] == 10_000)
            #expect(report.holders["credit:\(kiosk.kioskID):c1"]?["money"] ?? 0 == 0)
        }
    }
}
