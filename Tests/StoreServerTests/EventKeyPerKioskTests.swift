import Foundation
import HTTPTypes
import KioskDomain
import StoreAPI
import StoreServer
import Testing

/// A kiosk numbers its events from its own counters (`collection-<local sequence>`), so event ids
/// are unique per kiosk only: the store keys events by (kiosk id, event id).
@Suite("Event ids are unique per kiosk")
struct EventKeyPerKioskTests {
    private static func collection(_ amount: Int64, id: String = "collection-1") -> KioskEvent {
        KioskEvent(id: id, occurredAt: TestStore.start, payload: .cashCollected(CashCollected(
            amount: WireMoney(minor: amount, currency: "RUB"), notes: [], staffID: "anna")))
    }

    @Test("two kiosks each sending collection-1 both land, in their own cash and in the report", arguments: TestStore.backends)
    func twoKiosksSameID(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let a = try await client.registerKiosk("a")
            let b = try await client.registerKiosk("b")
            _ = try await client.putCatalog()
            _ = try await client.push(Fixtures.sale(Fixtures.code(for: a, seed: 1), id: "sale-1"), as: a)
            _ = try await client.push(Fixtures.sale(Fixtures.code(for: b, seed: 2), id: "sale-1"), as: b)
            let fromA = try await client.push(Self.collection(10_000), as: a)
            let fromB = try await client.push(Self.collection(10_000), as: b)
            #expect(fromA.status == .created)
            #expect(fromB.status == .created)
            #expect(try fromB.decoded(EventResult.self).status == .applied)
            // A replay from either kiosk is still a replay of its own event.
            #expect(try await client.push(Self.collection(10_000), as: b).status == .ok)

            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.eventCount == 4)
            #expect(report.holders["cash:\(a.kioskID)"]?["money"] == 0)
            #expect(report.holders["cash:\(b.kioskID)"]?["money"] == 0)
            let collections = try await store.rows("SELECT kiosk_id FROM cash_collections ORDER BY kiosk_id")
            #expect(collections.map { $0[0].text } == [a.kioskID, b.kioskID].sorted())

            // Each sale shows once in the console's day report (the ledger's reference names one event).
            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            #expect(try await cashier.get("/console").status == .ok)
            #expect(cashier.lastPage.contains("200.00 RUB"))
        }
    }

    @Test("a kiosk's own id with a different body is still a conflict")
    func sameKioskDifferentBody() async throws {
        try await TestStore().run { client in
            let a = try await client.registerKiosk("a")
            _ = try await client.putCatalog()
            #expect(try await client.push(Self.collection(0), as: a).status == .created)
            let refused = try await client.push(Self.collection(5_000), as: a)
            #expect(refused.status == .conflict)
            #expect(try refused.decoded(EventResult.self).message?.contains("different body") == true)
        }
    }

    /// A store that keyed events globally holds "collection-1" of kiosk a; after the migration
    /// a's replay is still a replay, and b's collection-1 lands.
    @Test("events stored before the per-kiosk key keep their replays", arguments: TestStore.backends)
    func migratedEvents(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.run { client in
            let a = try await client.registerKiosk("a")
            let b = try await client.registerKiosk("b")
            _ = try await client.putCatalog()
            #expect(try await client.push(Self.collection(0), as: a).status == .created)
            // What the v5 migration leaves of an event stored before it: its plain id as `id`.
            let database = try await store.openDatabase()
            try await database.write { tx in
                try tx.execute("UPDATE events SET id = kiosk_event_id", [])
                try tx.execute("UPDATE cash_collections SET event_id = 'collection-1'", [])
            }
            try await database.close()
            #expect(try await client.push(Self.collection(0), as: a).status == .ok)
            #expect(try await client.push(Self.collection(0), as: b).status == .created)
        }
    }
}
