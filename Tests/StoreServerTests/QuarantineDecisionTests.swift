import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

/// An owner's release (apply as if it had passed) or dismissal (record as rejected) of a held
/// event, from the console's kiosk page; each in the audit trail and the log with who did it.
@Suite("Releasing and dismissing held events")
struct QuarantineDecisionTests {
    /// A sale at half the plan's price: the store holds it (`price`).
    static func cheapSale(_ code: AccessCode) -> KioskEvent {
        QuarantineTests.sale(code, paid: 5_000)
    }

    @Test("an owner's release applies the held sale, the kiosk's resend replays it, and who released it is recorded",
          arguments: TestStore.backends)
    func release(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            let code = Fixtures.code(for: kiosk, seed: 1)
            let event = Self.cheapSale(code)
            #expect(try await QuarantineTests.heldReason(event, client, as: kiosk) == "price")

            let browser = ConsoleBrowser(client)
            try await browser.logIn("olga", TestStore.ownerPassword)
            #expect(try await browser.get("/console/kiosks").text.contains("/console/kiosks/quarantine/release"))
            let released = try await browser.post("/console/kiosks/quarantine/release", [("kiosk", kiosk.kioskID), ("event", event.id)])
            #expect(released.status == .seeOther)

            let balances = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(balances.holders["ticket:\(code.canonical)"]?["internet_minutes"] == 60)
            #expect(balances.holders["cash:\(kiosk.kioskID)"]?["money"] == 5_000)
            let resend = try await client.push(event, as: kiosk)
            #expect(resend.status == .ok)
            #expect(try resend.decoded(EventResult.self).status == .replayed)

            #expect(try await browser.get("/console/kiosks").text.contains("released by olga"))
            #expect(try await store.rows("SELECT username FROM console_audit WHERE action = 'quarantine_released'").first?.first?.text == "olga")
            #expect(store.recorder.all.contains { $0.contains("staff decision") && $0.contains("olga") && $0.contains("quarantine_released") })
            // Once decided, it cannot be decided again.
            let again = try await browser.post("/console/kiosks/quarantine/dismiss",
                                               [("kiosk", kiosk.kioskID), ("event", event.id), ("reason", "changed my mind")])
            #expect(again.status == .conflict)
        }
    }

    @Test("an owner's dismissal records the held event as rejected with the reason; the resend gets that, nothing is applied",
          arguments: TestStore.backends)
    func dismiss(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            let code = Fixtures.code(for: kiosk, seed: 2)
            let event = Self.cheapSale(code)
            #expect(try await QuarantineTests.heldReason(event, client, as: kiosk) == "price")

            let browser = ConsoleBrowser(client)
            try await browser.logIn("olga", TestStore.ownerPassword)
            try await browser.get("/console/kiosks")
            let noReason = try await browser.post("/console/kiosks/quarantine/dismiss", [("kiosk", kiosk.kioskID), ("event", event.id)])
            #expect(noReason.status == .badRequest)
            let dismissed = try await browser.post("/console/kiosks/quarantine/dismiss",
                                                   [("kiosk", kiosk.kioskID), ("event", event.id), ("reason", "a test sale")])
            #expect(dismissed.status == .seeOther)

            let resend = try await client.push(event, as: kiosk)
            let result = try resend.decoded(EventResult.self)
            #expect(result.status == .rejected)
            #expect(result.message?.contains("dismissed by olga: a test sale") == true)
            let balances = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(balances.holders["ticket:\(code.canonical)"] == nil)
            #expect(try await browser.get("/console/kiosks").text.contains("dismissed by olga"))
            #expect(try await store.rows("SELECT detail FROM console_audit WHERE action = 'quarantine_dismissed'").first?.first?.text?
                .contains("a test sale") == true)
        }
    }

    @Test("a cashier can neither release nor dismiss: 403, counted, and the event stays held")
    func cashierRefused() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            let event = Self.cheapSale(Fixtures.code(for: kiosk, seed: 3))
            #expect(try await QuarantineTests.heldReason(event, client, as: kiosk) == "price")
            let browser = ConsoleBrowser(client)
            try await browser.logIn("carl", TestStore.cashierPassword)
            let page = try await browser.get("/console/kiosks").text
            #expect(!page.contains("/console/kiosks/quarantine/release"))
            let refused = try await browser.post("/console/kiosks/quarantine/release", [("kiosk", kiosk.kioskID), ("event", event.id)])
            #expect(refused.status == .forbidden)
            #expect(try await client.stats().refusals["console_forbidden"] == 1)
            #expect(try await QuarantineTests.heldReason(event, client, as: kiosk) == "price")
        }
    }
}
