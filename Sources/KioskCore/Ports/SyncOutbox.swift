import Foundation

/// One event the kiosk recorded for the store, as its outbox keeps it: an idempotency key made
/// when the event was written, a kind, and the kind's fields as text (KioskStoreSQLite's `outbox`
/// table: `idempotency_key`, `kind`, `payload`, `created_at`).
public struct OutboxEntry: Sendable, Hashable {
    public var key: String
    public var kind: String
    public var payload: [String: String]
    public var createdAt: Date

    public init(key: String, kind: String, payload: [String: String], createdAt: Date) {
        self.key = key
        self.kind = kind
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// The part of the kiosk's store the sync client (KioskSync) drains; KioskStoreSQLite's store
/// is the adapter. The outbox is durable, and an entry
/// leaves it only after the store gave a final answer, so a kiosk killed mid-push sends the
/// same entries again after its restart and the store's idempotency keys make that harmless.
public protocol SyncOutbox: Sendable {
    /// Entries not yet sent, oldest first.
    func pendingEntries(limit: Int) async throws -> [OutboxEntry]
    /// The store has a final answer for these keys (applied, replayed or rejected).
    func markSent(_ keys: [String], at: Date) async throws
    /// The store holds these entries in its quarantine (key → its reason): it does not believe
    /// them. They stay unsent and are sent again; the reason is for the kiosk's staff page.
    func markRefused(_ reasons: [String: String], at: Date) async throws
}
