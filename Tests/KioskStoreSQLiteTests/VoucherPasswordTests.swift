import Foundation
import GRDB
import KioskCore
import KioskDomain
import KioskStoreSQLite
import KioskTestSupport
import Testing

/// A generated account's password lives on its printed sheet and, until the store acknowledged
/// the batch, in the batch's outbox row; the kiosk keeps no usable copy after that.
@Suite("Voucher passwords on the kiosk")
struct KioskVoucherPasswordTests {
    func accountPasswords(_ path: String) throws -> (accounts: [String], outbox: String) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            (try String.fetchAll(db, sql: "SELECT password FROM accounts ORDER BY username"),
             try String.fetchOne(db, sql: "SELECT payload FROM outbox WHERE kind = 'voucher_batch'") ?? "")
        }
    }

    @Test("accounts never keep the password; the outbox copy is blanked once the store has the batch")
    func passwordsGoOnceSent() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        let generate = GenerateVouchers(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 4)!,
                                        rng: SeededRandom(seed: 7))
        let saved = try await generate.run(VoucherBatch(count: 2, kind: .userAccount, planID: hourPlan.id, prefix: "CAFE"))
        let passwords = saved.items.compactMap { item -> String? in
            if case .account(_, let password) = item { return password }
            return nil
        }
        #expect(passwords.count == 2 && passwords.allSatisfy { $0.count >= PasswordGenerator.minimumLength })

        var kept = try accountPasswords(folder.database)
        #expect(kept.accounts == ["", ""])
        #expect(passwords.allSatisfy { kept.outbox.contains($0) })   // still to be sent: the store needs them once

        let entry = try #require(try await store.pendingEntries(limit: 10).first { $0.kind == "voucher_batch" })
        try await store.markSent([entry.key], at: Date())
        kept = try accountPasswords(folder.database)
        #expect(!passwords.contains { kept.outbox.contains($0) })
        #expect(kept.outbox.contains("CAFE"))   // the row stays, usernames and all, as the audit of what was sent
    }

    @Test("v10 clears passwords kept by earlier versions")
    func migrationClearsOldCopies() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        let generate = GenerateVouchers(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 4)!,
                                        rng: SeededRandom(seed: 8))
        let saved = try await generate.run(VoucherBatch(count: 1, kind: .userAccount, planID: hourPlan.id, prefix: "OLD"))
        guard case .account(let username, let password) = saved.items.first else { Issue.record("no account"); return }
        // As a kiosk before v10 left it: the password in `accounts` and in a sent outbox row.
        let queue = try DatabaseQueue(path: folder.database)
        try await queue.write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v10-no-kept-passwords'")
            try db.execute(sql: "UPDATE accounts SET password = ? WHERE username = ?", arguments: [password, username])
            try db.execute(sql: "UPDATE outbox SET sent_at = 1 WHERE kind = 'voucher_batch'")
        }
        try queue.close()
        #expect(try accountPasswords(folder.database).outbox.contains(password))

        _ = try SQLiteKioskStore(path: folder.database, currency: .rub)
        let kept = try accountPasswords(folder.database)
        #expect(kept.accounts == [""])
        #expect(!kept.outbox.contains(password))
    }
}
