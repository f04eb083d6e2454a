import Foundation
import GRDB

extension SQLiteKioskStore {
    /// One online backup with SQLite's backup API (`sqlite3_backup_init`/`_step`/`_finish`, through
    /// GRDB's `backup(to:)`): a consistent copy of the database as of one moment, taken while the
    /// kiosk runs. The copy runs on the store's own queue, so a sale waits for it (milliseconds
    /// for a few MiB) and is never half in it. The copy is then checked as `kiosk store verify`
    /// checks the database (SQLite's integrity check, then the ledger), and only a good copy gets
    /// its name in the folder; older backups are rotated out only after that.
    ///
    /// Throws when the copy cannot be made at all (disk full, folder not writable): the older
    /// backups stay. A copy SQLite reports damaged while reading (SQLITE_CORRUPT, SQLITE_NOTADB) is
    /// `.copyFailedCheck`, like a copy that fails its check: the database itself is damaged.
    public func backup(into backups: DatabaseBackups, at date: Date) async throws -> DatabaseBackups.Outcome {
        let folder = backups.folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = DatabaseBackups.fileName(at: date)
        let partial = folder + "/.partial-" + name
        let final = folder + "/" + name
        // A kiosk killed during a backup leaves its partial copy: never a backup. Removed once it
        // is older than any backup takes, so a backup running in another process keeps its own.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".partial-") {
            let stale = folder + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: stale)[.modificationDate]) as? Date
            if let modified, date.timeIntervalSince(modified) > 600 { try? FileManager.default.removeItem(atPath: stale) }
        }
        let leftovers = [partial, partial + "-journal", partial + "-wal", partial + "-shm"]
        defer { for path in leftovers { try? FileManager.default.removeItem(atPath: path) } }
        do {
            try await copy(to: partial)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            return .copyFailedCheck(problems: ["sqlite backup: " + DatabaseIntegrity.sqliteMessage(error)])
        }
        guard let problems = try await Self.verify(path: partial) else { throw BackupError.copyVanished(partial) }
        guard problems.isEmpty else { return .copyFailedCheck(problems: problems.map(\.description)) }
        try FileManager.default.moveItem(atPath: partial, toPath: final)   // rename(2): the name appears whole or not at all
        DatabaseBackups.syncFolder(folder)
        return .written(path: final, removed: backups.rotate())
    }

    /// The page copy, on a dispatch thread rather than Swift's cooperative pool (GRDB's backup
    /// blocks its caller). The copy leaves WAL mode (journal_mode=DELETE): a backup is one
    /// self-contained file that a read-only check opens without making -wal or -shm files.
    func copy(to path: String) async throws {
        let source = db
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(with: Result(catching: {
                    var config = Configuration()
                    config.busyMode = .timeout(5)
                    config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }   // the copy is on disk when it returns
                    let destination = try DatabaseQueue(path: path, configuration: config)
                    try source.backup(to: destination)
                    try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
                    try destination.close()
                }))
            }
        }
    }
}

public enum BackupError: Error, CustomStringConvertible {
    /// The partial copy was gone before its check (removed by hand, or the folder replaced).
    case copyVanished(String)

    public var description: String {
        switch self {
        case .copyVanished(let path): "the backup copy \(path) vanished before its check"
        }
    }
}
