import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Where the PostgreSQL database of a chain's store lives.
public struct PostgresSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// Transactions at once: one worker thread and one connection each.
    public var poolSize: Int

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
                poolSize: Int = 8) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.poolSize = poolSize
    }

    /// Parses `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
    public init?(url: String) {
        guard let components = URLComponents(string: url), components.scheme == "postgres" || components.scheme == "postgresql",
              let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty else { return nil }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { return nil }
        self.init(host: host, port: components.port ?? 5432, username: user, password: components.password, database: database)
    }
}

/// The store on PostgreSQL. The store's rules are synchronous (`SQLTransaction`), so each
/// transaction runs on a worker thread of its own that waits on postgres-nio's futures, never on the
/// cooperative pool or an event loop. Transactions run at REPEATABLE READ (a snapshot each): two
/// that write the same row (a ticket, a session) or the same unique key (an event id, a namespace,
/// a running session of one code) conflict, and the loser is retried on the new state, so
/// concurrent kiosks cannot both pass one check; ledger rows only ever add up.
public final class PostgresStoreDatabase: StoreDatabase {
    private let settings: PostgresSettings
    private let logger: Logger
    private let threads: NIOThreadPool
    private let idle = Mutex<[PostgresConnection]>([])
    /// Set by `close()`: a transaction that finishes later closes its connection instead of keeping it.
    private let closed = Atomic<Bool>(false)
    private let nextID = Atomic<Int>(0)
    /// Conflicting transactions run again up to this many times, backing off longer each time (see
    /// `backoff`): with 20 quick attempts, ten kiosks refilling one ticket at once (each push also
    /// reading the catalogs in force) failed once in a CI run.
    private static let maxAttempts = 50

    public init(settings: PostgresSettings, logger: Logger) async throws {
        self.settings = settings
        self.logger = logger
        threads = NIOThreadPool(numberOfThreads: max(1, settings.poolSize))
        threads.start()
        do {
            try await migrate()
        } catch {
            try? await close()
            throw error
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        try await run(readOnly: false, body)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        try await run(readOnly: true, body)
    }

    /// A database dropped without `close()` (a caller that failed half-way) still closes its idle
    /// connections: PostgresNIO asserts that none is freed open, which would turn that failure into
    /// a crash of the whole process.
    deinit {
        for connection in idle.withLock({ $0 }) where !connection.isClosed {
            // The callback holds the connection until its channel has closed.
            connection.close().whenComplete { _ in _ = connection }
        }
    }

    public func close() async throws {
        closed.store(true, ordering: .sequentiallyConsistent)
        try await threads.shutdownGracefully()   // waits for transactions in flight
        let connections = idle.withLock { connections in
            defer { connections.removeAll() }
            return connections
        }
        for connection in connections { try? await connection.close().get() }
    }

    /// Creates database `name` on the server `settings` points at (tests make one per test; an
    /// operator can make the store's first one this way too).
    public static func createDatabase(_ name: String, using settings: PostgresSettings, logger: Logger) async throws {
        precondition(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "database names are letters, digits and _")
        let configuration = PostgresConnection.Configuration(host: settings.host, port: settings.port,
                                                             username: settings.username, password: settings.password,
                                                             database: settings.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    private func migrate() async throws {
        try await write { tx in
            try tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY)", [])
            let done = Set(try tx.rows("SELECT id FROM schema_migrations", []).compactMap { $0[0].text })
            for migration in StoreSchema.migrations(.postgres) where !done.contains(migration.id) {
                for statement in migration.statements { try tx.execute(statement, []) }
                try tx.execute("INSERT INTO schema_migrations (id) VALUES (?)", [.text(migration.id)])
            }
        }
    }

    private func run<T: Sendable>(readOnly: Bool, _ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await threads.runIfActive { try self.transaction(readOnly: readOnly, body) }
            } catch let error as PSQLError where Self.isRetryable(error) {
                // Another transaction won the race; back off, with jitter, and run again.
                guard attempt < Self.maxAttempts else {
                    throw StoreDatabaseError.statementFailed("a transaction", underlying:
                        "still conflicting after \(attempt) attempts (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))")
                }
                try await Task.sleep(for: .milliseconds(Self.backoff(attempt: attempt)))
            }
        }
    }

    /// Milliseconds to wait before attempt `attempt + 1`: a random share of a ceiling that doubles
    /// from 10 ms up to 200 ms, so racing transactions spread out instead of colliding again.
    static func backoff(attempt: Int) -> Int {
        Int.random(in: 1...min(5 << min(attempt, 6), 200))
    }

    /// 40001 serialization failure, 40P01 deadlock, 23505 a unique key a concurrent transaction took.
    private static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01" || state == "23505"
    }

    /// Runs on a worker thread: blocking waits are fine here.
    private func transaction<T>(readOnly: Bool, _ body: (any SQLTransaction) throws -> T) throws -> T {
        let connection = try checkout()
        let tx = PostgresTransaction(connection: connection, logger: logger)
        do {
            try tx.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN ISOLATION LEVEL REPEATABLE READ", [])
            let value = try body(tx)
            try tx.execute("COMMIT", [])
            checkin(connection)
            return value
        } catch {
            if !connection.isClosed, (try? tx.execute("ROLLBACK", [])) != nil {
                checkin(connection)
            } else {
                _ = try? connection.close().wait()
            }
            throw error
        }
    }

    private func checkout() throws -> PostgresConnection {
        while let connection = idle.withLock({ $0.popLast() }) {
            if !connection.isClosed { return connection }
        }
        let configuration = PostgresConnection.Configuration(host: settings.host, port: settings.port,
                                                             username: settings.username, password: settings.password,
                                                             database: settings.database, tls: .disable)
        do {
            return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                  id: nextID.add(1, ordering: .relaxed).newValue, logger: logger).wait()
        } catch {
            throw StoreDatabaseError.cannotConnect("\(settings.host):\(settings.port)/\(settings.database)",
                                                   underlying: String(reflecting: error))
        }
    }

    private func checkin(_ connection: PostgresConnection) {
        if closed.load(ordering: .sequentiallyConsistent) {
            _ = try? connection.close().wait()
        } else {
            idle.withLock { $0.append(connection) }
        }
    }
}

private struct PostgresTransaction: SQLTransaction {
    let connection: PostgresConnection
    let logger: Logger

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try query(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try query(sql, arguments).rows.map { row in
            try row.map { cell -> SQLValue in
                guard cell.bytes != nil else { return .null }
                switch cell.dataType {
                case .int8, .int4, .int2: return .int(try cell.decode(Int64.self))
                default: return .text(try cell.decode(String.self))
                }
            }
        }
    }

    private func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .int(let value): bindings.append(value)
            case .text(let value): bindings.append(value)
            case .null: bindings.appendNull()
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        return try connection.query(query, logger: logger).wait()
    }

    /// `?` placeholders become `$1`, `$2`… (the store's statements have no `?` inside literals).
    static func numbered(_ sql: String) -> String {
        var result = ""
        var index = 0
        for character in sql {
            if character == "?" {
                index += 1
                result += "$\(index)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
