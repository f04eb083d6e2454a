import Foundation
import GRDB

/// The default store database: one SQLite file in WAL mode, no setup. GRDB runs every write on
/// its own serial writer queue, so the store's synchronous rules never block the cooperative pool.
public final class SQLiteStoreDatabase: StoreDatabase {
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        var configuration = Configuration()
        // An acknowledged event must survive a power cut: the kiosk deletes it from its outbox.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            for migration in StoreSchema.migrations(.sqlite) {
                migrator.registerMigration(migration.id) { db in
                    for statement in migration.statements { try db.execute(sql: statement) }
                }
            }
            try migrator.migrate(pool)
        } catch {
            throw StoreDatabaseError.cannotOpen(path, underlying: "\(error)")
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(GRDBTransaction(db: db)) }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws -> T {
        try await pool.read { db in try body(GRDBTransaction(db: db)) }
    }

    public func close() async throws {
        try pool.close()
    }
}

private struct GRDBTransaction: SQLTransaction {
    let db: Database

    // Cached statements: the store runs the same few statements for every event.
    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments.map(\.databaseValue)))
    }

    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments.map(\.databaseValue))).map { row in
            (0..<row.count).map { index in
                let value: DatabaseValue = row[index]
                switch value.storage {
                case .null: return .null
                case .int64(let int): return .int(int)
                case .string(let text): return .text(text)
                case .double(let double): return .int(Int64(double))
                case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
                }
            }
        }
    }
}

extension SQLValue {
    fileprivate var databaseValue: DatabaseValue {
        switch self {
        case .int(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .null: .null
        }
    }
}
