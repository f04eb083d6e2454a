import Foundation
import GRDB
import KioskCore
import KioskDomain
@testable import KioskStoreSQLite
import Testing

/// Online backups through SQLite's backup API: each copy is checked before it gets its name,
/// rotation keeps the newest, and a copy of a damaged database never replaces a good backup.
@Suite struct BackupTests {
    let damaged = DamagedDatabaseTests()

    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Names are UTC times to the millisecond, so they sort in the order the backups were taken.
    @Test func backupNamesAreUTCTimes() {
        #expect(DatabaseBackups.fileName(at: Date(timeIntervalSince1970: 1_796_000_000.1235)) == "kiosk-20261130-005320-123.sqlite")
        #expect(DatabaseBackups.fileName(at: Date(timeIntervalSince1970: 0)) == "kiosk-19700101-000000-000.sqlite")
        #expect(DatabaseBackups.fileName(at: Date(timeIntervalSince1970: 1_796_000_009.9)) > DatabaseBackups.fileName(at: Date(timeIntervalSince1970: 1_796_000_000.1235)))
        #expect(DatabaseBackups.timeStamp(Date(timeIntervalSince1970: 1_796_000_000.9)) == "20261130-005320")
    }

    @Test func backupsAreCheckedAndRotatedNewestKept() async throws {
        let folder = TemporaryFolder()
        try await damaged.makeDatabase(folder.database, sales: 5)
        let store = try await openStore(folder.database)
        let backups = DatabaseBackups(folder: DatabaseBackups.defaultFolder(forDatabase: folder.database), keep: 2)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var written: [String] = []
        for second in 0..<3 {
            guard case .written(let path, _) = try await store.backup(into: backups, at: start.addingTimeInterval(Double(second))) else {
                Issue.record("backup \(second) was not written")
                return
            }
            written.append(path)
        }
        #expect(backups.newestFirst() == [written[2], written[1]], "the oldest is rotated out")
        #expect(files(backups.folder) == ["kiosk-20270115-080001-000.sqlite", "kiosk-20270115-080002-000.sqlite"])
        let good = await backups.newestGood()
        #expect(good.path == written[2] && good.rejected.isEmpty)
        // The copy holds the sales: the same outbox, and it verifies on its own.
        let copy = try DatabaseQueue(path: written[2])
        let copied = try await copy.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox") }
        let live = try await store.outboxCounts().total
        #expect(copied == live && live >= 5)
        #expect(try await SQLiteKioskStore.verify(path: written[2]) == [])
    }

    @Test func aCopyOfADamagedDatabaseNeverReplacesTheGoodBackup() async throws {
        let folder = TemporaryFolder()
        try await damaged.makeDatabase(folder.database, sales: 20)
        let backups = DatabaseBackups(folder: folder.path + "/backups", keep: 1)
        let first: String
        do {
            let store = try await openStore(folder.database)
            guard case .written(let path, _) = try await store.backup(into: backups, at: Date(timeIntervalSince1970: 1_800_000_000)) else {
                Issue.record("the first backup was not written")
                return
            }
            first = path
        }
        let ledgerRoot = try await DatabaseQueue(path: folder.database).read { db in
            try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'ledger'")
        }
        try damaged.overwritePage(folder.database, try #require(ledgerRoot), with: 0xFF)
        let store = try SQLiteKioskStore(path: folder.database, currency: .rub)   // opens: the schema's pages are whole
        let outcome = try await store.backup(into: backups, at: Date(timeIntervalSince1970: 1_800_000_001))
        guard case .copyFailedCheck(let problems) = outcome else {
            Issue.record("a copy of a damaged database was accepted: \(outcome)")
            return
        }
        #expect(problems.contains { $0.hasPrefix("sqlite ") }, "\(problems)")
        #expect(files(backups.folder) == [(first as NSString).lastPathComponent], "only the good backup, no partial copy")
        #expect(await backups.newestGood().path == first)
    }
}
