import Foundation

/// A value bound to or read from SQL. The store keeps only integers, text and NULL so one set of
/// statements runs on SQLite and PostgreSQL alike (dates are epoch milliseconds, JSON is text).
public enum SQLValue: Hashable, Sendable {
    case int(Int64)
    case text(String)
    case null

    public var int: Int64? { if case .int(let value) = self { value } else { nil } }
    public var text: String? { if case .text(let value) = self { value } else { nil } }

    static func date(_ date: Date?) -> SQLValue {
        date.map { .int(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? .null
    }

    var date: Date? { int.map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    static func optionalText(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }
}

/// One row, columns in the order of the SELECT.
public typealias SQLRow = [SQLValue]

/// The statements of one transaction. Synchronous on purpose: it runs on the database's own thread
/// (GRDB's writer queue, or a PostgreSQL worker thread), never on Swift's cooperative pool, and
/// the store's rules are written once against it for both databases.
///
/// Statements use `?` placeholders; the PostgreSQL driver numbers them.
public protocol SQLTransaction {
    func execute(_ sql: String, _ arguments: [SQLValue]) throws
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
}

extension SQLTransaction {
    func row(_ sql: String, _ arguments: [SQLValue]) throws -> SQLRow? { try rows(sql, arguments).first }
}

/// A database the store can run transactions on: SQLite (one file) or PostgreSQL.
public protocol StoreDatabase: Sendable {
    /// Runs `body` in one write transaction; retries it when the database reports a conflict
    /// with a concurrent transaction (PostgreSQL serialization failures), so `body` must have no
    /// side effects outside the transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T
    /// Runs `body` in a read-only snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T
    /// Closes connections and stops threads.
    func close() async throws
}

/// Failures of the database layer, with what to do about them.
public enum StoreDatabaseError: Error, CustomStringConvertible {
    case cannotOpen(String, underlying: String)
    case cannotConnect(String, underlying: String)
    case statementFailed(String, underlying: String)
    case closed

    public var description: String {
        switch self {
        case .cannotOpen(let path, let underlying):
            "cannot open the store database '\(path)': \(underlying) — check the path and its permissions"
        case .cannotConnect(let target, let underlying):
            "cannot connect to PostgreSQL at \(target): \(underlying) — check that the server runs and the credentials"
        case .statementFailed(let sql, let underlying):
            "a store database statement failed (\(underlying)): \(sql.prefix(120))"
        case .closed:
            "the store database is closed (the store is shutting down)"
        }
    }
}
