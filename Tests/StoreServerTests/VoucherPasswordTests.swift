import Foundation
import KioskDomain
import StoreAPI
@testable import StoreServer
import Testing

/// Counter account vouchers: the store keeps no password. Printing issues them (only their scrypt
/// hashes stay), a reprint issues new ones and the cards printed before stop logging in.
@Suite("Counter voucher passwords are not kept")
struct VoucherPasswordTests {
    @Test("an account batch keeps no password; each print issues new ones and voids the cards before", arguments: TestStore.backends)
    func printIssuesPasswords(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        let database = try await store.openDatabase()
        let repository = StoreRepository(database: database, passwordHashing: PasswordHashing(hasher: TestStore.cheapHasher))
        _ = try await repository.saveCatalog(Fixtures.catalog, now: TestStore.start)
        let console = ConsoleStore(repository: repository)
        let carl = ConsoleStaff(username: "carl", role: .cashier, csrfToken: "t")
        let options = VoucherBatch(count: 3, kind: .userAccount, planID: "hour", prefix: "CAFE", startNumber: 11)
        let id = try await console.createBatch(options, staff: carl, now: TestStore.start)

        let secrets = try await database.read { tx in try tx.rows("SELECT secret FROM voucher_items WHERE batch_id = ?", [.int(id)]) }
        #expect(secrets.count == 3 && secrets.allSatisfy { $0[0] == .null })
        let login = { (password: String, pc: String) in
            LoginRequest(zone: "hall", pcID: pc, username: "CAFE11", password: password)
        }
        // Not printed yet: nothing logs in, whatever is typed.
        await #expect(throws: PCSessions.LoginRefusal.self) {
            _ = try await repository.login(login("", "pc-1"), source: "192.0.2.1", now: TestStore.start)
        }

        let stored = try #require(try await console.batch(id))
        let first = try await console.issuePasswords(stored, staff: carl, now: TestStore.start)
        #expect(first.reissued == false)
        let firstPassword = try #require(first.detail.items.first?.secret)
        #expect(firstPassword.count >= PasswordGenerator.minimumLength)
        let second = try await console.issuePasswords(stored, staff: carl, now: TestStore.start)
        #expect(second.reissued == true)
        #expect(second.detail.summary.passwordsIssued == 2)
        let secondPassword = try #require(second.detail.items.first?.secret)
        #expect(secondPassword != firstPassword)

        // The first sheet's password no longer logs in; the reprint's does.
        await #expect(throws: PCSessions.LoginRefusal.self) {
            _ = try await repository.login(login(firstPassword, "pc-1"), source: "192.0.2.1", now: TestStore.start)
        }
        let session = try await repository.login(login(secondPassword, "pc-1"), source: "192.0.2.1", now: TestStore.start)
        #expect(session.holder == "account:CAFE11")
        // Still no clear password anywhere in the store's tables.
        let kept = try await database.read { tx in
            try tx.rows("SELECT COUNT(*) FROM voucher_items WHERE secret IS NOT NULL", [])[0][0].int
        }
        #expect(kept == 0)
        let hashes = try await database.read { tx in try tx.rows("SELECT password_hash FROM accounts", []).compactMap { $0[0].text } }
        #expect(hashes.count == 3 && hashes.allSatisfy { $0.hasPrefix("scrypt$") && !$0.contains(secondPassword) })
        try await database.close()
    }
}
