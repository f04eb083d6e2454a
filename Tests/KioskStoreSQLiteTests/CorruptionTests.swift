import Foundation
import KioskStoreSQLite
import Testing

/// `kiosk store verify` against a database changed behind its back with the sqlite3 tool:
/// it must exit non-zero and name the row.
@Suite struct CorruptionTests {
    func prepare(_ folder: borrowing TemporaryFolder) throws -> (kiosk: String, sqlite: String)? {
        guard let kiosk = builtProduct("kiosk") else {
            Issue.record("kiosk is not built beside the tests")
            return nil
        }
        guard let sqlite = ["/usr/bin/sqlite3", "/bin/sqlite3"].first(where: FileManager.default.isExecutableFile) else {
            Issue.record("the sqlite3 tool is missing (apt-get install sqlite3)")
            return nil
        }
        let generated = try runCommand(kiosk, ["vouchers", "generate", "--count", "5", "--plan", "internet-1h", "--format", "csv",
                                               "--database", folder.database])
        #expect(generated.status == 0, "\(generated.output)")
        let clean = try runCommand(kiosk, ["store", "verify", "--database", folder.database])
        #expect(clean.status == 0, "\(clean.output)")
        return (kiosk, sqlite)
    }

    @Test func anEditedBalanceIsNamed() throws {
        let folder = TemporaryFolder()
        guard let tools = try prepare(folder) else { return }
        let (_, holder) = try runCommand(tools.sqlite, [folder.database, "SELECT holder FROM balances WHERE holder LIKE 'ticket:%' LIMIT 1"])
        let name = holder.trimmingCharacters(in: .whitespacesAndNewlines)
        try runCommand(tools.sqlite, [folder.database, "UPDATE balances SET amount = amount + 600 WHERE holder = '\(name)'"])
        let result = try runCommand(tools.kiosk, ["store", "verify", "--database", folder.database])
        #expect(result.status != 0)
        #expect(result.output.contains("balances holder '\(name)' unit 'internet_minutes': stored 660, the ledger says 60"), "\(result.output)")
    }

    @Test func anEditedLedgerRowIsNamed() throws {
        let folder = TemporaryFolder()
        guard let tools = try prepare(folder) else { return }
        // A disk error or a hand edit does not respect the append-only trigger; drop it to simulate one.
        try runCommand(tools.sqlite, [folder.database,
            "DROP TRIGGER ledger_is_append_only_update; UPDATE ledger SET delta = delta + 1 WHERE id = 3"])
        let result = try runCommand(tools.kiosk, ["store", "verify", "--database", folder.database])
        #expect(result.status != 0)
        #expect(result.output.contains("ledger id 3: row was altered"), "\(result.output)")
    }

    @Test func aMissingCashBoxCountIsNamed() async throws {
        let folder = TemporaryFolder()
        guard let tools = try prepare(folder) else { return }
        let store = try await openStore(folder.database)
        try await store.beginPurchase(.init(id: "p", product: .ticket(hourPlan), startedAt: Date()))
        _ = try await store.recordStacked(noteID: try await store.recordEscrow(purchaseID: "p", amount: .major(100, .rub), deviceRef: "t"),
                                          paysPurchase: true)
        try runCommand(tools.sqlite, [folder.database, "UPDATE cash_box SET count = 0 WHERE denomination = 10000"])
        let result = try runCommand(tools.kiosk, ["store", "verify", "--database", folder.database])
        #expect(result.status != 0)
        #expect(result.output.contains("cash_box denomination 10000: stored 0 notes, the ledger says 1"), "\(result.output)")
    }
}
