import Foundation
import GRDB

/// The outbox rows that can still be read from a damaged kiosk database: every event the kiosk
/// wrote (sales, refills, credits, collections) is one outbox row in the same transaction as its
/// ledger rows, so these name what the database held. Read-only, and value by value (a damaged
/// row may hold a number where text belongs), so reading never writes and never traps.
public struct SalvagedOutbox: Sendable, Equatable {
    public struct Event: Sendable, Equatable {
        public let id: Int64
        public let key: String
        public let kind: String
        /// The event's fields as written (`paid_minor`, `amount_minor`, `code`, …); `raw` when
        /// the JSON itself is damaged.
        public let payload: [String: String]
        public let createdAt: Int64
        public let sentAt: Int64?

        public init(id: Int64, key: String, kind: String, payload: [String: String], createdAt: Int64, sentAt: Int64?) {
            self.id = id
            self.key = key
            self.kind = kind
            self.payload = payload
            self.createdAt = createdAt
            self.sentAt = sentAt
        }
    }

    /// Readable rows, by outbox id.
    public var events: [Event] = []
    /// SQLite's messages where a read stopped ("database disk image is malformed").
    public var readErrors: [String] = []
    /// True when the newest rows could not be read (the read from the end failed before it met
    /// the rows read from the start, or nothing could be read): how many there were is unknown.
    public var newestUnknown = false

    public init(events: [Event] = [], readErrors: [String] = [], newestUnknown: Bool = false) {
        self.events = events
        self.readErrors = readErrors
        self.newestUnknown = newestUnknown
    }

    /// Outbox ids are 1, 2, 3, … (rows are never deleted): the ranges missing between readable
    /// rows are events the damaged file no longer shows.
    public var unreadableIDs: [ClosedRange<Int64>] {
        var gaps: [ClosedRange<Int64>] = []
        var expected: Int64 = 1
        for event in events {
            if event.id > expected { gaps.append(expected...(event.id - 1)) }
            expected = event.id + 1
        }
        return gaps
    }

    /// The highest `collection-N` key read: a restored (older) database must number its next
    /// collection after it, or the store would hold two bodies under one key.
    public var highestCollectionSequence: Int64? {
        events.compactMap { $0.key.hasPrefix("collection-") ? Int64($0.key.dropFirst("collection-".count)) : nil }.max()
    }

    /// Reads `path` (and its WAL, as SQLite accepts it) read-only: first in id order until the
    /// first error, then from the newest row backwards until an error or the rows already read,
    /// so a damaged page in the middle hides only what is on it.
    public static func read(path: String) -> SalvagedOutbox {
        var salvaged = SalvagedOutbox()
        guard FileManager.default.fileExists(atPath: path) else {
            salvaged.readErrors = ["no database file at \(path)"]
            salvaged.newestUnknown = true
            return salvaged
        }
        var byID: [Int64: Event] = [:]
        do {
            let queue = try DatabaseIntegrity.openReadOnly(path: path)
            let (rows, messages, tailUnknown) = queue.inDatabase { db -> ([Int64: Event], [String], Bool) in
                var found: [Int64: Event] = [:]
                var errors: [String] = []
                var newestUnknown = false
                for order in ["ASC", "DESC"] {
                    var readThisWay = 0
                    do {
                        let cursor = try Row.fetchCursor(db, sql: """
                            SELECT id, idempotency_key, kind, payload, created_at, sent_at FROM outbox ORDER BY id \(order)
                            """)
                        while let row = try cursor.next() {
                            guard let event = Self.event(row) else { continue }
                            if order == "DESC", found[event.id] != nil { break }   // met the rows read forwards
                            found[event.id] = event
                            readThisWay += 1
                        }
                    } catch {
                        errors.append("outbox read \(order == "ASC" ? "forwards" : "backwards"): " + DatabaseIntegrity.sqliteMessage(error))
                        if order == "DESC" && readThisWay == 0 { newestUnknown = true }   // not one of the newest rows read
                    }
                }
                return (found, errors, newestUnknown)
            }
            byID = rows
            salvaged.readErrors = messages
            salvaged.newestUnknown = tailUnknown
        } catch {
            salvaged.readErrors.append(DatabaseIntegrity.sqliteMessage(error))
            salvaged.newestUnknown = true
        }
        salvaged.events = byID.values.sorted { $0.id < $1.id }
        return salvaged
    }

    /// The idempotency keys of a sound database's outbox (a backup's), read-only.
    public static func keys(path: String) throws -> Set<String> {
        try DatabaseIntegrity.openReadOnly(path: path).read { db in
            Set(try String.fetchAll(db, sql: "SELECT idempotency_key FROM outbox"))
        }
    }

    /// One row, or nil when a value has the wrong type (a damaged row).
    static func event(_ row: Row) -> Event? {
        func integer(_ index: Int) -> Int64? {
            if case .int64(let value) = (row[index] as DatabaseValue).storage { return value }
            return nil
        }
        func text(_ index: Int) -> String? {
            if case .string(let value) = (row[index] as DatabaseValue).storage { return value }
            return nil
        }
        guard let id = integer(0), let key = text(1), let kind = text(2), let createdAt = integer(4) else { return nil }
        let json = text(3) ?? ""
        let payload = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? ["raw": json]
        return Event(id: id, key: key, kind: kind, payload: payload, createdAt: createdAt, sentAt: integer(5))
    }
}
