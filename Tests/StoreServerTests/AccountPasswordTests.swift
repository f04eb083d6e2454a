import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskDomain
import StoreAPI
@testable import StoreServer
import Testing

/// PC account passwords are scrypt hashes; a salted SHA-256 of an earlier version still logs in
/// and is replaced at that login; an empty password is refused where accounts are made.
@Suite("PC account passwords")
struct AccountPasswordTests {
    static func login(_ password: String) -> LoginRequest {
        LoginRequest(zone: "hall", pcID: "pc-1", username: "OLD1", password: password)
    }

    @Test("a salted SHA-256 account of an earlier version logs in and is re-hashed with scrypt", arguments: TestStore.backends)
    func legacyAccountIsRehashed(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.run { client in _ = try await client.putCatalog() }
        // As the store before scrypt kept it: a salt column and SHA-256(salt NUL password) in hex.
        let database = try await store.openDatabase()
        try await database.write { tx in
            try AccountRecord(username: "OLD1", passwordSalt: "c2FsdA", passwordHash: StoreSecrets.passwordHash("old-pass-123", salt: "c2FsdA"),
                              kind: .prepaid, planID: nil, zones: []).insert(tx)
            try LedgerEntry.append([LedgerEntry(holder: "account:OLD1", unit: .internetMinutes, delta: 30, reference: "opening:OLD1")],
                                   at: TestStore.start, tx)
        }
        try await database.close()
        try await store.run { client in
            let wrong = try await client.call(.post, Routes.sessions, json: Self.login("wrong-pass"))
            #expect(wrong.status == .unauthorized)
            let right = try await client.call(.post, Routes.sessions, json: Self.login("old-pass-123"))
            #expect(right.status == .created)
        }
        let row = try #require(try await store.rows("SELECT password_salt, password_hash FROM accounts WHERE username = 'OLD1'").first)
        #expect(row[0].text == "")
        #expect(row[1].text?.hasPrefix("scrypt$") == true)
        // The new hash verifies the same password (the first session is still open: in_use proves the check passed).
        try await store.run { client in
            let again = try await client.call(.post, Routes.sessions, json: Self.login("old-pass-123"))
            #expect(again.status == .conflict)
        }
    }

    @Test("an account made through the admin API keeps an scrypt hash, never the password")
    func newAccountIsScrypt() async throws {
        let store = TestStore()
        try await store.run { client in
            _ = try await client.putCatalog()
            let made = try await client.call(.post, Routes.adminAccounts, token: TestStore.adminToken,
                                             json: CreateAccountRequest(username: "NEW1", password: "fresh-pass-42", kind: .prepaid))
            #expect(made.status == .created)
        }
        let row = try #require(try await store.rows("SELECT password_salt, password_hash FROM accounts WHERE username = 'NEW1'").first)
        #expect(row[0].text == "")
        #expect(row[1].text?.hasPrefix("scrypt$") == true)
        #expect(row[1].text?.contains("fresh-pass-42") == false)
    }

    @Test("the admin API refuses an account with an empty password: 400, nothing stored")
    func emptyPasswordRefused() async throws {
        let store = TestStore()
        try await store.run { client in
            let refused = try await client.call(.post, Routes.adminAccounts, token: TestStore.adminToken,
                                                json: CreateAccountRequest(username: "EMPTY1", password: "", kind: .prepaid))
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("empty"))
        }
        #expect(try await store.rows("SELECT COUNT(*) FROM accounts").first?[0].int == 0)
    }
}
