import Foundation
import GRDB
import KioskCore
import KioskStoreSQLite
import Testing

@Suite("Outbox migrations")
struct OutboxMigrationTests {
    /// A kiosk whose collection-1 the store once refused as another kiosk's (and whose drainer
    /// marked it sent) sends it again after the upgrade; other sent events stay sent.
    @Test("v8 sends every cash collection again, and nothing else")
    func collectionsAreResent() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        _ = try await store.collectCash(CashCollectionRequest(collector: "anna", seal: "B-1", counted: [:], at: Date()))
        let before = try await store.pendingEntries(limit: 10)
        #expect(before.map(\.key) == ["collection-1"])
        try await store.markSent(["collection-1"], at: Date())
        #expect(try await store.pendingEntries(limit: 10).isEmpty)

        // The same file as a kiosk before v8 left it, with one more sent event of another kind.
        let queue = try DatabaseQueue(path: folder.database)
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-resend-collections'")
            try db.execute(sql: """
                INSERT INTO outbox (idempotency_key, kind, payload, created_at, sent_at) VALUES ('sale-x', 'sale', '{}', 1, 2)
                """)
        }
        try queue.close()

        let upgraded = try SQLiteKioskStore(path: folder.database, currency: .rub)
        #expect(try await upgraded.pendingEntries(limit: 10).map(\.key) == ["collection-1"])
    }

    /// The store held an event in its quarantine: it stays unsent with the reason, which the staff
    /// page reads, until a resend lands.
    @Test("an event the store holds keeps the store's reason until it is sent")
    func refusedKeepsItsReason() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        _ = try await store.collectCash(CashCollectionRequest(collector: "anna", seal: "B-1", counted: [:], at: Date()))
        #expect(try await store.refusedOutbox().count == 0)
        try await store.markRefused(["collection-1": "quarantined (no_catalog): upload one"], at: Date())
        let refused = try await store.refusedOutbox()
        #expect(refused.count == 1)
        #expect(refused.latestReason == "quarantined (no_catalog): upload one")
        #expect(try await store.pendingEntries(limit: 10).map(\.key) == ["collection-1"])
        try await store.markSent(["collection-1"], at: Date())
        #expect(try await store.refusedOutbox().count == 0)
    }
}
