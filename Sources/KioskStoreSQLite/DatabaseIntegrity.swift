import Foundation
import GRDB

/// What SQLite itself says about a kiosk database file: the one check that `kiosk store verify`,
/// `kiosk run` at start, `kiosk doctor` and every backup use.
///
/// `PRAGMA integrity_check`, not `quick_check`: quick_check skips the comparison of every index
/// with its table, and the ledger's unique index is what credits a stacked note once; a damaged
/// index could let a second credit in or hide a row from a lookup while quick_check says "ok".
/// integrity_check costs O(N log N) over a database of a few MiB, a fraction of a second, once
/// at start and after each backup — cheap next to selling on a broken file.
///
/// The file is opened read-only, so a check never writes: no migration, no checkpoint of the
/// WAL into the database, no deletion of the WAL at close. A damaged database stays exactly as
/// the damage left it, for `kiosk store restore` to read what can still be read.
public enum DatabaseIntegrity {
    public enum Health: Sendable, Equatable {
        /// integrity_check answered "ok".
        case sound
        /// No file at that path (nothing to check; a kiosk creates it at first start).
        case missing
        /// SQLite's own messages, as it printed them ("database disk image is malformed",
        /// "Page 5: btreeInitPage() returns error code 11", "file is not a database").
        case damaged([String])

        public var isSound: Bool { self == .sound }
    }

    /// At most this many of SQLite's messages are collected: enough to see where, not a flood.
    static let messageLimit = 20

    /// Checks the file at `path` without writing to it.
    public static func check(path: String) -> Health {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        do {
            let queue = try openReadOnly(path: path)
            let messages = queue.inDatabase { db in integrityMessages(db) }
            return messages.isEmpty ? .sound : .damaged(messages)
        } catch {
            return .damaged([sqliteMessage(error)])
        }
    }

    /// A read-only connection (SQLITE_OPEN_READONLY): it never checkpoints or deletes the WAL.
    /// Use it with `inDatabase`, not `read`: `read` wraps the work in a transaction, and on a
    /// damaged file its COMMIT fails with SQLITE_CORRUPT after the check has already spoken,
    /// which would replace SQLite's detailed messages with that one error (seen with a page
    /// overwritten: "database disk image is malformed - while executing `COMMIT TRANSACTION`").
    static func openReadOnly(path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// SQLite's complaints about the open database; empty when it says "ok". A check that cannot
    /// even run (SQLITE_CORRUPT on the schema) is itself the complaint.
    static func integrityMessages(_ db: Database) -> [String] {
        do {
            let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check(\(messageLimit))")
            return lines == ["ok"] ? [] : lines
        } catch {
            return [sqliteMessage(error)]
        }
    }

    /// SQLite's own words for an error ("database disk image is malformed"), without GRDB's wrapping.
    static func sqliteMessage(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "SQLite error \(error.resultCode.rawValue)"
        }
        return "\(error)"
    }
}
