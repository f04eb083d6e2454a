import Foundation
import GRDB
import KioskStoreSQLite
import Testing

/// The WAL reader against SQLite itself: a WAL copied as a killed process leaves it, then one
/// frame damaged. SQLite's own reading of the copy (how many rows it still sees) is the judge of
/// how many transactions the inspection says are ignored.
@Suite struct WriteAheadLogInspectionTests {
    static let transactions = 10

    /// A database with a WAL of `transactions` committed inserts, copied into `folder` while the
    /// writer is still open (nothing checkpointed), as a SIGKILL leaves it.
    func walCopy(in folder: borrowing TemporaryFolder) throws -> String {
        let source = folder.path + "/source.sqlite"
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        let queue = try DatabaseQueue(path: source, configuration: config)
        try queue.write { try $0.execute(sql: "CREATE TABLE t (x BLOB)") }
        for _ in 0..<Self.transactions {
            try queue.write { try $0.execute(sql: "INSERT INTO t VALUES (randomblob(3000))") }
        }
        let copy = folder.path + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        try FileManager.default.copyItem(atPath: source + "-wal", toPath: copy + "-wal")
        _ = queue
        return copy
    }

    func rowsSQLiteSees(_ path: String) throws -> Int {
        var config = Configuration()
        config.readonly = true
        return try DatabaseQueue(path: path, configuration: config).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM t") ?? -1 }
    }

    @Test func aWholeWALLosesNothing() throws {
        let folder = TemporaryFolder()
        let copy = try walCopy(in: folder)
        let wal = try #require(WriteAheadLogInspection.inspect(databasePath: copy))
        #expect(wal.headerValid && wal.framesInFile > Self.transactions)
        #expect(wal.framesUsed == wal.framesInFile && wal.commitsIgnored == 0 && !wal.losesCommits, "\(wal)")
        #expect(try rowsSQLiteSees(copy) == Self.transactions)
    }

    @Test func aDamagedFrameCostsEveryCommitAfterItAndTheCountAgreesWithSQLite() throws {
        let folder = TemporaryFolder()
        let copy = try walCopy(in: folder)
        let before = try #require(WriteAheadLogInspection.inspect(databasePath: copy))
        let frame = before.framesInFile / 2 + 1   // well after the CREATE TABLE's frames
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: copy + "-wal"))
        let offset = UInt64(32 + (frame - 1) * (24 + 4096) + 24 + 100)   // inside the frame's page
        try handle.seek(toOffset: offset)
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data([byte ^ 0xFF]))
        try handle.close()

        let wal = try #require(WriteAheadLogInspection.inspect(databasePath: copy))
        #expect(wal.firstBadFrame == frame && wal.framesUsed < frame && wal.losesCommits, "\(wal)")
        let seen = try rowsSQLiteSees(copy)
        #expect(seen < Self.transactions, "SQLite ignores the frames after the damaged one")
        #expect(seen + wal.commitsIgnored == Self.transactions, "seen \(seen), inspection \(wal)")
    }

    @Test func noWALFileIsNil() {
        let folder = TemporaryFolder()
        #expect(WriteAheadLogInspection.inspect(databasePath: folder.database) == nil)
    }
}
