import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

/// A kiosk token is no licence to print time: events whose money or minutes follow from no plan
/// of the catalog, or that refill what a kiosk may not, are held in the quarantine for staff.
@Suite("Server-side checks of kiosk events and the quarantine")
struct QuarantineTests {
    static func sale(_ code: AccessCode, plan: String = "hour", paid: Int64 = 10_000, minutes: Int64 = 60,
                     id: String = UUID().uuidString) -> KioskEvent {
        KioskEvent(id: id, occurredAt: TestStore.start, payload: .ticketSold(TicketSold(
            code: code.canonical, planID: plan, sellMode: .now, price: WireMoney(minor: paid, currency: "RUB"),
            grant: WireGrant(unit: .internetMinutes, quantity: minutes))))
    }

    static func batch(kind: String = "user", unitPrice: Int64 = 10_000, account: Account.Kind = .prepaid) -> KioskEvent {
        KioskEvent(id: UUID().uuidString, occurredAt: TestStore.start, payload: .voucherBatchSold(VoucherBatchSold(
            batchID: "7", kind: kind, planID: "hour", count: 1, unitPrice: WireMoney(minor: unitPrice, currency: "RUB"),
            sellMode: .now, grant: WireGrant(unit: .internetMinutes, quantity: 60), validity: .unlimited, zones: [],
            accounts: [.init(username: "B\(UInt16.random(in: 1...9999))", password: "pw-77812345", kind: account)])))
    }

    /// Pushes `event` and returns the reason it was held for, or nil when it was not held.
    static func heldReason(_ event: KioskEvent, _ client: any TestClientProtocol, as kiosk: RegisterKioskResponse) async throws -> String? {
        let response = try await client.push(event, as: kiosk)
        let result = try response.decoded(EventResult.self)
        guard result.status == .quarantined else { return nil }
        #expect(response.status == .unprocessableContent)
        let message = result.message ?? ""
        guard let open = message.firstIndex(of: "("), let close = message.firstIndex(of: ")") else { return message }
        return String(message[message.index(after: open)..<close])
    }

    @Test("each forged event is refused and held with its reason, applied never, shown to staff", arguments: TestStore.backends)
    func forgedEventsHeld(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            let far = try await client.registerKiosk("far", site: "other town")
            let farCode = Fixtures.code(for: far, seed: 9)
            #expect(try await client.push(Fixtures.sale(farCode), as: far).status == .created)
            #expect(try await client.call(.post, Routes.adminAccounts, token: TestStore.adminToken,
                                          json: CreateAccountRequest(username: "POST1", password: "pw-123456", kind: .postpaid)).status == .created)
            let code = { (seed: UInt64) in Fixtures.code(for: kiosk, seed: seed) }
            let forged: [(KioskEvent, String)] = [
                (Self.sale(code(1), paid: 0), "price"),
                (Self.sale(code(2), minutes: 100_000_000), "grant"),
                (Self.sale(code(3), plan: "gold"), "unknown_plan"),
                (Self.sale(code(5), plan: "day", paid: 30_000, minutes: 600), "grant"),   // the day pass without its one-day limit
                (Fixtures.refill(.account("POST1")), "not_prepaid"),
                (Fixtures.refill(.ticket(farCode.canonical)), "other_site"),
                (Self.batch(account: .postpaid), "account_kind"),
                (Self.batch(kind: "free", unitPrice: 0), "batch_kind"),
                (Self.batch(unitPrice: 0), "price"),
                (Self.sale(code(4), paid: 10_000 + 600_000, minutes: 60), "surplus"),   // the catalog keeps no overpayment
            ]
            for (event, reason) in forged {
                #expect(try await Self.heldReason(event, client, as: kiosk) == reason, "\(event.payload)")
            }
            // Nothing of them reached the books; every one is kept.
            #expect(try await store.rows("SELECT COUNT(*) FROM events WHERE kiosk_id = ?", [.text(kiosk.kioskID)]).first?.first?.int == 0)
            let balances = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(balances.holders["cash:\(kiosk.kioskID)"] == nil)
            #expect(balances.holders["account:POST1"] == nil)
            let held = try await store.rows("SELECT reason FROM quarantine WHERE kiosk_id = ?", [.text(kiosk.kioskID)])
            #expect(held.count == forged.count)
            // A resend is checked again and counted on the same row.
            #expect(try await Self.heldReason(forged[0].0, client, as: kiosk) == "price")
            #expect(try await store.rows("SELECT attempts FROM quarantine WHERE kiosk_event_id = ?",
                                         [.text(forged[0].0.id)]).first?.first?.int == 2)
            // Passwords of a held batch are not kept.
            #expect(try await store.rows("SELECT body FROM quarantine WHERE body LIKE '%pw-778%'").isEmpty)
            #expect(try await client.stats().refusals["event_quarantined"] == forged.count + 1)

            let browser = ConsoleBrowser(client)
            try await browser.logIn("carl", TestStore.cashierPassword)
            let page = try await browser.get("/console/kiosks").text
            for reason in ["unknown plan", "not prepaid", "other site", "account kind", "surplus"] {
                #expect(page.contains("<strong>\(reason)</strong>"), "\(reason)")
            }
            #expect(page.contains(forged[2].0.id))
        }
    }

    @Test("a kept surplus lands as extra time or a change voucher when it is less than one note", arguments: TestStore.backends)
    func surplusWithinOneNote(_ backend: TestStore.Backend) async throws {
        var catalog = Fixtures.catalog
        catalog.maxNoteMinor = 500_000
        let store = try await TestStore.make(backend, catalog: catalog)
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            let code = { (seed: UInt64) in Fixtures.code(for: kiosk, seed: seed) }
            #expect(try await Self.heldReason(Self.sale(code(1), paid: 15_000, minutes: 90), client, as: kiosk) == nil)   // 50 more at the hour's rate
            #expect(try await Self.heldReason(Self.sale(code(2), paid: 15_000, minutes: 60), client, as: kiosk) == nil)   // a change voucher
            #expect(try await Self.heldReason(Self.sale(code(3), paid: 15_000, minutes: 91), client, as: kiosk) == "grant")
            #expect(try await Self.heldReason(Self.sale(code(4), paid: 510_000, minutes: 60), client, as: kiosk) == "surplus")
            let target = WireTarget.ticket(code(1).canonical)
            var refill = Fixtures.refill(target)
            if case .refillApplied(var body) = refill.payload {
                body.surplus = WireMoney(minor: 400_000, currency: "RUB")
                refill.payload = .refillApplied(body)
            }
            #expect(try await Self.heldReason(refill, client, as: kiosk) == nil)
            if case .refillApplied(var body) = refill.payload {
                body.surplus = WireMoney(minor: 600_000, currency: "RUB")
                refill = KioskEvent(id: UUID().uuidString, occurredAt: refill.occurredAt, payload: .refillApplied(body))
            }
            #expect(try await Self.heldReason(refill, client, as: kiosk) == "surplus")
        }
    }

    @Test("an older price holds for a kiosk that pulled it, or for a week after it changed", arguments: TestStore.backends)
    func catalogVersionsInForce(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.run { client in
            let puller = try await client.registerKiosk("puller")
            let other = try await client.registerKiosk("other")
            #expect(try await client.call(.get, Routes.catalog, token: puller.bearerToken).status == .ok)
            var dearer = Fixtures.catalog
            dearer.plans[0].price = WireMoney(minor: 12_000, currency: "RUB")
            _ = try await client.putCatalog(dearer)
            #expect(try await Self.heldReason(Self.sale(Fixtures.code(for: other, seed: 1)), client, as: other) == nil)
            store.clock.advance(by: 8 * 86_400)
            #expect(try await Self.heldReason(Self.sale(Fixtures.code(for: other, seed: 2)), client, as: other) == "price")
            #expect(try await Self.heldReason(Self.sale(Fixtures.code(for: puller, seed: 3)), client, as: puller) == nil)
            #expect(try await Self.heldReason(Self.sale(Fixtures.code(for: other, seed: 4), paid: 12_000), client, as: other) == nil)
        }
    }

    @Test("a held event lands on a resend once the catalog vouches for it", arguments: TestStore.backends)
    func heldEventLandsLater(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend, catalog: nil)
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            let sale = Self.sale(Fixtures.code(for: kiosk, seed: 1), plan: "gold", paid: 50_000, minutes: 300)
            #expect(try await Self.heldReason(sale, client, as: kiosk) == "no_catalog")
            _ = try await client.putCatalog()
            #expect(try await Self.heldReason(sale, client, as: kiosk) == "unknown_plan")
            var catalog = Fixtures.catalog
            catalog.plans.append(CatalogPlan(PricePlan(id: "gold", name: "Gold", price: .major(500, .rub), grant: .minutes(300, .internet))))
            _ = try await client.putCatalog(catalog)
            #expect(try await client.push(sale, as: kiosk).status == .created)
            #expect(try await client.push(sale, as: kiosk).status == .ok)   // a replay now
            #expect(try await store.rows("SELECT landed_at FROM quarantine WHERE kiosk_event_id = ?", [.text(sale.id)]).first?.first?.int != nil)
            let browser = ConsoleBrowser(client)
            try await browser.logIn("carl", TestStore.cashierPassword)
            #expect(try await browser.get("/console/kiosks").text.contains("landed"))
        }
    }

    @Test("time for an amount is checked against the catalog's rate")
    func rateSale() async throws {
        var catalog = Fixtures.catalog
        catalog.rates = [CatalogRate(RatePlan(id: "any", name: "Any amount", hourlyPrice: .major(60, .rub), category: .internet,
                                              minimumAmount: .major(10, .rub)))]
        try await TestStore(catalog: catalog).run { client in
            let kiosk = try await client.registerKiosk()
            let code = { (seed: UInt64) in Fixtures.code(for: kiosk, seed: seed) }
            #expect(try await Self.heldReason(Self.sale(code(1), plan: "any", paid: 5_000, minutes: 50), client, as: kiosk) == nil)
            #expect(try await Self.heldReason(Self.sale(code(2), plan: "any", paid: 5_000, minutes: 51), client, as: kiosk) == "grant")
            #expect(try await Self.heldReason(Self.sale(code(3), plan: "any", paid: 500, minutes: 5), client, as: kiosk) == "price")
        }
    }

    @Test("a kiosk does not see another site's code when it looks one up for a refill")
    func lookupFollowsTheSiteRule() async throws {
        try await TestStore().run { client in
            let near = try await client.registerKiosk("near")
            let sibling = try await client.registerKiosk("sibling")
            let far = try await client.registerKiosk("far", site: "other town")
            let code = Fixtures.code(for: near, seed: 1)
            #expect(try await client.push(Fixtures.sale(code), as: near).status == .created)
            #expect(try await client.call(.get, Routes.ticket(code.canonical), token: sibling.bearerToken).status == .ok)
            #expect(try await client.call(.get, Routes.ticket(code.canonical), token: far.bearerToken).status == .notFound)
            #expect(try await client.push(Fixtures.refill(.ticket(code.canonical)), as: sibling).status == .created)
        }
    }
}
