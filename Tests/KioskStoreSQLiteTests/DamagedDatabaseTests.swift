import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite
import Testing

/// A database damaged on disk (a page overwritten, as a failing disk or a torn write leaves it):
/// SQLite's integrity check must find it, `verify` must say so in SQLite's words, and checking
/// must never write to the file.
@Suite struct DamagedDatabaseTests {
    /// Sells `count` tickets, each paid with one stacked 100 note, then closes the store (the WAL
    /// is checkpointed into the file at close).
    func makeDatabase(_ path: String, sales count: Int) async throws {
        var rng = SystemRandomNumberGenerator()
        let store = try await openStore(path)
        for index in 0..<count {
            let id = "p\(index)"
            try await store.beginPurchase(PurchaseRecord(id: id, product: .ticket(hourPlan), startedAt: Date()))
            let note = try await store.recordEscrow(purchaseID: id, amount: .major(100, .rub), deviceRef: "test")
            _ = try await store.recordStacked(noteID: note, paysPurchase: true)
            try await store.issueTicket(purchaseID: id, ticket: newTicket(&rng), grant: hourPlan.grant, surplus: nil)
            try await store.completePurchase(purchaseID: id)
        }
    }

    /// Overwrites page `number` (1-based, SQLite's numbering) of the file with `byte`.
    func overwritePage(_ path: String, _ number: Int, with byte: UInt8, pageSize: Int = 4096) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64((number - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: byte, count: pageSize))
        try handle.synchronize()
    }

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func aSoundDatabaseChecksSound() async throws {
        let folder = TemporaryFolder()
        try await makeDatabase(folder.database, sales: 3)
        #expect(DatabaseIntegrity.check(path: folder.database) == .sound)
        #expect(try await SQLiteKioskStore.verify(path: folder.database) == [])
    }

    @Test func aMissingFileIsMissingNotSound() async throws {
        let folder = TemporaryFolder()
        #expect(DatabaseIntegrity.check(path: folder.database) == .missing)
        #expect(try await SQLiteKioskStore.verify(path: folder.database) == nil)
        #expect(!FileManager.default.fileExists(atPath: folder.database))   // checking created nothing
    }

    @Test func anOverwrittenPageIsFoundInSQLitesWords() async throws {
        let folder = TemporaryFolder()
        try await makeDatabase(folder.database, sales: 20)
        try overwritePage(folder.database, 2, with: 0xFF)   // the root page of the first table made
        guard case .damaged(let messages) = DatabaseIntegrity.check(path: folder.database) else {
            Issue.record("an overwritten page checked sound")
            return
        }
        #expect(!messages.isEmpty)
        let found = try await SQLiteKioskStore.verify(path: folder.database)
        let problems = try #require(found)
        #expect(problems.contains { $0.table == "sqlite" && $0.row == "integrity_check" }, "\(problems)")
        #expect(problems.map(\.message).contains(messages[0]), "verify prints SQLite's own first message: \(problems)")
    }

    @Test func anOverwrittenHeaderIsDamageToo() async throws {
        let folder = TemporaryFolder()
        try await makeDatabase(folder.database, sales: 2)
        try overwritePage(folder.database, 1, with: 0x00)
        #expect(!DatabaseIntegrity.check(path: folder.database).isSound)
        let found = try await SQLiteKioskStore.verify(path: folder.database)
        let problems = try #require(found)
        #expect(!problems.isEmpty)
    }

    /// The WAL of a kiosk killed mid-run holds the last commits: checking must leave it (and the
    /// database) byte for byte as they were, or a restore could no longer read them.
    @Test func checkingAndVerifyingNeverWrite() async throws {
        let folder = TemporaryFolder()
        try await makeDatabase(folder.database, sales: 5)
        let live = try await openStore(folder.database)   // kept open: the WAL stays beside the file
        try await live.beginPurchase(PurchaseRecord(id: "open", product: .ticket(hourPlan), startedAt: Date()))
        let wal = folder.database + "-wal"
        let before = (bytes(folder.database), bytes(wal))
        #expect(before.1 != nil && before.1?.isEmpty == false, "the test needs a WAL with frames")
        #expect(DatabaseIntegrity.check(path: folder.database) == .sound)
        #expect(try await SQLiteKioskStore.verify(path: folder.database) == [])
        #expect(bytes(folder.database) == before.0)
        #expect(bytes(wal) == before.1)
        _ = live
    }
}
