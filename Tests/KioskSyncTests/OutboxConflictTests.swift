import Foundation
import KioskCore
import KioskSync
import StoreAPI
import Testing

/// Collection ids are `collection-<local sequence>`: every kiosk has a collection-1.
@Suite("Outbox keys per kiosk and conflicts")
struct OutboxConflictTests {
    private static func collection(expected: Int64, key: String = "collection-1") -> OutboxEntry {
        OutboxEntry(key: key, kind: "cash_collection",
                    payload: ["sequence": "1", "collector": "anna", "seal": "B-1", "expected_minor": String(expected),
                              "counted_minor": String(expected)],
                    createdAt: Date(timeIntervalSince1970: 1_780_000_000))
    }

    private static func client(_ port: Int, _ kiosk: RegisterKioskResponse) throws -> StoreClient {
        try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: kiosk.bearerToken),
                        connectTimeout: .seconds(1))
    }

    @Test("two kiosks each sending collection-1 both land")
    func twoKiosksBothLand() async throws {
        try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in
            var reports: [DrainReport] = []
            for _ in 0..<2 {
                let kiosk = try await SyncFixtures.register(port)
                let outbox = MemoryOutbox([Self.collection(expected: 0)])
                let client = try Self.client(port, kiosk)
                reports.append(try await OutboxDrainer(outbox: outbox, client: client, mapper: SyncFixtures.mapper()).drain())
                #expect(await outbox.pendingCount == 0)
                try await client.shutdown()
            }
            #expect(reports.map(\.applied) == [1, 1])
            #expect(reports.map(\.conflicts) == [0, 0])
            #expect(try await SyncFixtures.balances(port).eventCount == 2)
        }
    }

    /// The same kiosk's outbox holds another body under a key the store knows (a kiosk database
    /// restored from an old backup numbers its collections again): that event never reached the
    /// store, so it must not leave the outbox as if it had.
    @Test("a conflicting body is not marked sent; the drain still ends and sends the rest")
    func conflictStaysUnsent() async throws {
        try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in
            let kiosk = try await SyncFixtures.register(port)
            let client = try Self.client(port, kiosk)
            let first = MemoryOutbox([Self.collection(expected: 0)])
            _ = try await OutboxDrainer(outbox: first, client: client, mapper: SyncFixtures.mapper()).drain()

            let restored = MemoryOutbox([Self.collection(expected: 5_000), Self.collection(expected: 0, key: "collection-2")])
            let drainer = OutboxDrainer(outbox: restored, client: client, mapper: SyncFixtures.mapper())
            let report = try await drainer.drain()
            #expect(report.conflicts == 1)
            #expect(report.applied == 1)
            #expect(report.sent == 1)
            #expect(await restored.sent == ["collection-2"])
            #expect(await restored.pendingCount == 1)
            // The next round tries again and still keeps it.
            let again = try await drainer.drain()
            #expect(again.conflicts == 1)
            #expect(await restored.pendingCount == 1)
            try await client.shutdown()
        }
    }

    /// A sale the store does not believe (no plan gives 10^8 minutes for nothing): it is held in
    /// the store's quarantine, so the kiosk keeps it, with the store's reason for its staff page.
    @Test("a quarantined event stays unsent with the store's reason; the drain sends the rest")
    func quarantinedStaysUnsent() async throws {
        try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in
            let kiosk = try await SyncFixtures.register(port)
            let client = try Self.client(port, kiosk)
            var (forged, _) = SyncFixtures.sale(1, namespace: kiosk.namespace)
            forged.payload["price_minor"] = "0"
            forged.payload["quantity"] = "100000000"
            let outbox = MemoryOutbox([forged, SyncFixtures.sale(2, namespace: kiosk.namespace).0])
            let drainer = OutboxDrainer(outbox: outbox, client: client, mapper: SyncFixtures.mapper())
            let report = try await drainer.drain()
            #expect(report.quarantined == 1)
            #expect(report.applied == 1)
            #expect(await outbox.pendingCount == 1)
            #expect(await outbox.refused[forged.key]?.contains("quarantined (price)") == true)
            // The next round sends it again and the store still holds it.
            #expect(try await drainer.drain().quarantined == 1)
            #expect(await outbox.pendingCount == 1)
            #expect(try await SyncFixtures.balances(port).eventCount == 1)
            try await client.shutdown()
        }
    }
}
