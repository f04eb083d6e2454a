import Foundation
import GRDB
import KioskCore

/// The outbox as the sync client sees it. Every money write queued its event in the same
/// transaction (`enqueue`), so an event exists exactly when its ledger rows do; an entry is
/// marked sent only after the store gave a final answer for it.
extension SQLiteKioskStore: SyncOutbox {
    public func pendingEntries(limit: Int) async throws -> [OutboxEntry] {
        try await db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT idempotency_key, kind, payload, created_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?
                """, arguments: [limit]).map { row in
                OutboxEntry(key: row["idempotency_key"], kind: row["kind"],
                            payload: try Self.decode([String: String].self, row["payload"]),
                            createdAt: Self.date(row["created_at"]))
            }
        }
    }

    public func markSent(_ keys: [String], at: Date) async throws {
        try await db.write { db in
            let mark = try db.cachedStatement(sql: "UPDATE outbox SET sent_at = ? WHERE idempotency_key = ? AND sent_at IS NULL")
            for key in keys { try mark.execute(arguments: [Self.millis(at), key]) }
            // The store holds the batch's accounts now (as scrypt hashes): no password stays here.
            try OutboxPasswords.blankSent(keys, db)
        }
    }

    public func markRefused(_ reasons: [String: String], at: Date) async throws {
        try await db.write { db in
            let mark = try db.cachedStatement(sql: """
                UPDATE outbox SET refused_reason = ?, refused_at = ? WHERE idempotency_key = ? AND sent_at IS NULL
                """)
            for (key, reason) in reasons { try mark.execute(arguments: [reason, Self.millis(at), key]) }
        }
    }

    /// Unsent events the store holds in its quarantine, and its latest reason: the staff page
    /// shows them (read each second, from the unsent rows only).
    public func refusedOutbox() async throws -> (count: Int, latestReason: String?) {
        try await db.read { db in
            let count = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND refused_reason IS NOT NULL
                """) ?? 0
            let latest = try String.fetchOne(db, sql: """
                SELECT refused_reason FROM outbox WHERE sent_at IS NULL AND refused_reason IS NOT NULL ORDER BY refused_at DESC LIMIT 1
                """)
            return (count, latest)
        }
    }

    /// Events still waiting for the store (read each second for the status line: uses the
    /// `outbox_pending` partial index, not a scan of every event ever sent).
    public func pendingOutboxCount() async throws -> Int {
        try await db.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") ?? 0 }
    }

    /// Events written and events still waiting for the store, for the sync tests and benchmarks.
    public func outboxCounts() async throws -> (total: Int, pending: Int) {
        try await db.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") ?? 0
            return (total, pending)
        }
    }

    /// Every holder's balances by unit, as the ledger left them (for reconciliation with the store).
    public func allBalances() async throws -> [String: [String: Int64]] {
        try await db.read { db in
            var result: [String: [String: Int64]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT holder, unit, amount FROM balances") {
                result[row["holder"], default: [:]][row["unit"]] = row["amount"]
            }
            return result
        }
    }
}
