import Foundation
import GRDB
import KioskCore
import KioskDomain

/// The kiosk's store in one SQLite file (the system libsqlite3, through GRDB).
///
/// One connection per file per process (a `DatabaseQueue` in WAL mode): GRDB runs every access on
/// its own serial dispatch queue, so blocking SQLite calls never sit on Swift's cooperative pool.
/// `synchronous = FULL` on every connection: a money write is on disk when `write` returns, which
/// costs one fsync per transaction — measured by `kiosk-bench store`.
public final class SQLiteKioskStore: KioskStore {
    let db: DatabaseQueue
    let currency: Currency
    public let path: String
    /// Stamps every row it writes (the same clock the use cases read, so a test's fixed clock
    /// and the rows agree).
    let clock: any WallClock

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String, currency: Currency, clock: any WallClock = SystemWallClock()) throws {
        self.path = path
        self.currency = currency
        self.clock = clock
        Self.warnWeakDurability()
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // Set here rather than with `config.journalMode = .wal`, which also lowers
            // synchronous to NORMAL: in WAL mode NORMAL may lose the last commits on power loss.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = \(Self.synchronous)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            try Migrations.migrator().migrate(db)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    #if KIOSK_TEST_WEAK_DURABILITY
    /// TEST BUILD ONLY (`KIOSK_TEST_WEAK_DURABILITY=1` at `swift build`, see Package.swift): no fsync
    /// at all, so a real power loss can lose acknowledged sales. It exists to prove that the
    /// power-loss campaign detects such a loss. `kiosk doctor` FAILs on it (synchronous is not
    /// FULL), every open says so on stderr, and scripts/package refuses a binary holding the
    /// marker below.
    static let synchronous = "OFF"
    static let weakDurabilityMarker = "@(#)kiosk-TEST-BUILD-weak-durability-synchronous-OFF"
    static func warnWeakDurability() {
        FileHandle.standardError.write(Data("kiosk: \(weakDurabilityMarker): this build can lose sales on power loss\n".utf8))
    }
    #else
    /// Every commit fsynced before it returns: the rule a money write relies on.
    static let synchronous = "FULL"
    static func warnWeakDurability() {}
    #endif

    /// The PRAGMAs in effect, for benchmarks and `kiosk doctor`.
    public func pragmas() throws -> [String: String] {
        try db.read { db in
            var result: [String: String] = [:]
            for name in ["journal_mode", "synchronous", "foreign_keys"] {
                result[name] = try String.fetchOne(db, sql: "PRAGMA \(name)")
            }
            return result
        }
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }
}

public enum StoreError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case unknownPurchase(String)
    case unknownNote(String)
    case wrongPurchaseState(id: String, state: String, action: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the kiosk database at \(path): \(reason) (check the path in [store] of the config and that the disk is writable)"
        case .unknownPurchase(let id): "no purchase \(id) in the store"
        case .unknownNote(let id): "no note \(id) in the store"
        case .wrongPurchaseState(let id, let state, let action): "purchase \(id) is \(state): cannot \(action)"
        }
    }
}
