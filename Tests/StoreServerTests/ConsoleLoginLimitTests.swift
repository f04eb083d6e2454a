import Foundation
import KioskCrypto
@testable import StoreServer
import Synchronization
import Testing

/// Console logins are limited per (user, source) and slowed overall, durably: nobody at another
/// address can lock the owner out, and a password hashed by an older version still logs in and
/// is re-hashed with scrypt.
@Suite("Console login limits and password hashes")
struct ConsoleLoginLimitTests {
    static let now = TestStore.start

    func directory(_ store: TestStore, _ settings: ConsoleSettings = ConsoleSettings(passwordHasher: TestStore.cheapHasher))
        async throws -> (StaffDirectory, any StoreDatabase) {
        try await store.addStaff()
        let database = try await store.openDatabase()
        return (StaffDirectory(database: database, settings: settings), database)
    }

    @Test("5 wrong passwords from one address lock that address out, not the owner at another", arguments: TestStore.backends)
    func lockoutIsPerSource(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        let (staff, database) = try await directory(store)
        for _ in 0..<5 {
            #expect(try await staff.login(username: "olga", password: "wrong-password!", source: "203.0.113.5", now: Self.now) == .refused)
        }
        let locked = try await staff.login(username: "olga", password: TestStore.ownerPassword, source: "203.0.113.5", now: Self.now)
        guard case .lockedOut(let retryAfter) = locked else { Issue.record("not locked: \(locked)"); return }
        #expect((1...900).contains(retryAfter))
        // The owner at the counter, another address, gets in with the right password.
        guard case .signedIn = try await staff.login(username: "olga", password: TestStore.ownerPassword,
                                                     source: "192.0.2.10", now: Self.now) else {
            Issue.record("the owner was locked out from another address"); return
        }
        try await database.close()
    }

    @Test("an IPv6 attacker's /64 is one source: a fresh address in it stays locked")
    func lockoutIPv6() async throws {
        let store = TestStore()
        let (staff, database) = try await directory(store)
        for index in 1...5 {
            _ = try await staff.login(username: "olga", password: "wrong-password!", source: "2001:db8:1:2::\(index)", now: Self.now)
        }
        #expect(try await staff.login(username: "olga", password: TestStore.ownerPassword, source: "2001:db8:1:2::99",
                                      now: Self.now) == .lockedOut(retryAfter: 900))
        guard case .signedIn = try await staff.login(username: "olga", password: TestStore.ownerPassword,
                                                     source: "2001:db8:1:3::1", now: Self.now) else {
            Issue.record("another /64 was locked out"); return
        }
        try await database.close()
    }

    @Test("one address trying many usernames is locked after 20 failures in all")
    func perSourceAcrossUsernames() async throws {
        let store = TestStore()
        let (staff, database) = try await directory(store)
        for index in 0..<20 {
            #expect(try await staff.login(username: "user\(index)", password: "wrong-password!", source: "198.51.100.9",
                                          now: Self.now) == .refused)
        }
        let next = try await staff.login(username: "carl", password: TestStore.cashierPassword, source: "198.51.100.9", now: Self.now)
        guard case .lockedOut = next else { Issue.record("not locked: \(next)"); return }
        try await database.close()
    }

    @Test("over the overall rate, sources that failed wait with Retry-After; a clean source still logs in; a restart keeps it")
    func overallSlowdown() async throws {
        let store = TestStore()
        let settings = ConsoleSettings(maxFailuresOverall: 3, slowdownWindow: 60, passwordHasher: TestStore.cheapHasher)
        let (staff, database) = try await directory(store, settings)
        for index in 0..<3 {
            #expect(try await staff.login(username: "olga", password: "wrong-password!", source: "203.0.113.\(index)",
                                          now: Self.now) == .refused)
        }
        try await database.close()
        // A new directory over a reopened database: the count is in the database, not in memory.
        let reopened = try await store.openDatabase()
        let again = StaffDirectory(database: reopened, settings: settings)
        let slowed = try await again.login(username: "olga", password: "wrong-password!", source: "203.0.113.0",
                                           now: Self.now.addingTimeInterval(10))
        #expect(slowed == .slowedDown(retryAfter: 50))
        guard case .signedIn = try await again.login(username: "olga", password: TestStore.ownerPassword, source: "192.0.2.10",
                                                     now: Self.now.addingTimeInterval(10)) else {
            Issue.record("a clean source was slowed down"); return
        }
        // After the window the failing source is checked again.
        #expect(try await again.login(username: "olga", password: "wrong-password!", source: "203.0.113.0",
                                      now: Self.now.addingTimeInterval(61)) == .refused)
        let outcomes = try await reopened.read { tx in
            try tx.rows("SELECT outcome FROM console_login_attempts ORDER BY id", []).compactMap { $0[0].text }
        }
        #expect(outcomes == ["bad_password", "bad_password", "bad_password", "slowed", "ok", "bad_password"])
        try await reopened.close()
    }

    @Test("a PBKDF2 console password of an earlier version logs in and is replaced by an scrypt hash")
    func legacyHashIsReplaced() async throws {
        let store = TestStore()
        let (staff, database) = try await directory(store)
        let legacy = try PBKDF2PINHasher(rounds: 1_000).hash(pin: "legacy-password-1")
        try await database.write { tx in
            try tx.execute("INSERT INTO console_users (username, role, password_hash, created_at) VALUES ('old', 'cashier', ?, 0)",
                           [.text(legacy)])
        }
        #expect(try await staff.login(username: "old", password: "wrong-password!", source: "192.0.2.1", now: Self.now) == .refused)
        let unchanged = try await database.read { tx in try tx.row("SELECT password_hash FROM console_users WHERE username = 'old'", [])?[0].text }
        #expect(unchanged == legacy)
        guard case .signedIn = try await staff.login(username: "old", password: "legacy-password-1", source: "192.0.2.1",
                                                     now: Self.now) else {
            Issue.record("the PBKDF2 hash no longer verifies"); return
        }
        let stored = try await database.read { tx in try tx.row("SELECT password_hash FROM console_users WHERE username = 'old'", [])?[0].text }
        #expect(stored?.hasPrefix("scrypt$10$8$1$") == true)
        guard case .signedIn = try await staff.login(username: "old", password: "legacy-password-1", source: "192.0.2.1",
                                                     now: Self.now) else {
            Issue.record("the new scrypt hash does not verify"); return
        }
        try await database.close()
    }

    @Test("an unknown username is checked against a decoy hash: as slow as a known one")
    func unknownUserCostsTheSame() async throws {
        let store = TestStore()
        // The default cost, so the difference would show: a known user with a default-cost hash.
        let settings = ConsoleSettings()
        try await store.addStaff()
        let database = try await store.openDatabase()
        let staff = StaffDirectory(database: database, settings: settings)
        try await staff.addUser("heavy", role: .cashier, password: "heavy-password-1", now: Self.now)
        let clock = ContinuousClock()
        let known = try await clock.measure {
            _ = try await staff.login(username: "heavy", password: "wrong-password!", source: "192.0.2.1", now: Self.now)
        }
        let unknown = try await clock.measure {
            _ = try await staff.login(username: "nobody", password: "wrong-password!", source: "192.0.2.2", now: Self.now)
        }
        // Both run one full scrypt (tens of milliseconds at least); neither returns early.
        #expect(unknown > .milliseconds(20), "unknown \(unknown), known \(known)")
        #expect(unknown > known / 3, "unknown \(unknown), known \(known)")
        try await database.close()
    }
}

@Suite("Hashing pool")
struct HashingPoolTests {
    @Test("at most `concurrent` run; beyond the queue bound a call is refused at once")
    func bounded() async throws {
        let pool = HashingPool(concurrent: 2, maxWaiting: 3)
        let peak = PeakCounter()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        try await pool.run {
                            peak.enter()
                            Thread.sleep(forTimeInterval: 0.2)
                            peak.leave()
                        }
                        return true
                    } catch { return false }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(peak.highest <= 2)
        let done = results.filter { $0 }.count
        // 2 running + 3 waiting when all arrive at once; the rest are refused without waiting.
        #expect(done >= 5 && done < 20, "\(done) ran")
        #expect(pool.load.running == 0 && pool.load.waiting == 0)
    }
}

final class PeakCounter: Sendable {
    private let state = Mutex((now: 0, highest: 0))
    func enter() { state.withLock { $0.now += 1; $0.highest = max($0.highest, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var highest: Int { state.withLock { $0.highest } }
}
