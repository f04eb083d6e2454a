import Foundation
import KioskCrypto
import NIOPosix

/// Console users, their logins and their browser sessions.
///
/// Passwords are kept as PBKDF2-HMAC-SHA256 hashes (the kiosk's PIN hasher, 210,000 rounds).
/// Lockout is per username and durable: every attempt is a row in `console_login_attempts`, and
/// `maxFailures` failures within `window` refuse that username, unchecked, until the window
/// passes, across restarts and for every source address.
public final class StaffDirectory: Sendable {
    public enum LoginOutcome: Sendable, Equatable {
        /// The raw session token for the cookie (the store keeps only its SHA-256).
        case signedIn(token: String)
        case refused
        case lockedOut
    }

    let database: any StoreDatabase
    let settings: ConsoleSettings
    private let hasher: PBKDF2PINHasher
    /// Verified when the username is unknown, so timing does not tell which usernames exist.
    private let decoyHash: String

    public init(database: any StoreDatabase, settings: ConsoleSettings = ConsoleSettings()) {
        self.database = database
        self.settings = settings
        hasher = PBKDF2PINHasher(rounds: settings.passwordRounds)
        decoyHash = (try? hasher.hash(pin: StoreSecrets.random())) ?? ""
    }

    // MARK: Users

    /// Adds a staff user (the `kiosk-store users add` command). Refuses an existing username.
    public func addUser(_ username: String, role: StaffRole, password: String, now: Date) async throws {
        try InputRules.identifier(username, "username")
        guard (10...128).contains(password.count) else {
            throw Refusal("invalid_input", "a console password must be 10…128 characters")
        }
        let hash = try await slowly { [hasher] in try hasher.hash(pin: password) }
        try await database.write { tx in
            guard try tx.row("SELECT username FROM console_users WHERE username = ?", [.text(username)]) == nil else {
                throw Refusal("user_exists", "console user \(username) exists already")
            }
            try tx.execute("INSERT INTO console_users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                           [.text(username), .text(role.rawValue), .text(hash), .date(now)])
            try ConsoleAudit.record("(command line)", "user_added", "\(username) as \(role.rawValue)", at: now, tx)
        }
    }

    public func users() async throws -> [(username: String, role: StaffRole)] {
        let rows = try await database.read { tx in try tx.rows("SELECT username, role FROM console_users ORDER BY username", []) }
        return rows.compactMap { row -> (username: String, role: StaffRole)? in
            guard let name = row[0].text, let role = StaffRole(rawValue: row[1].text ?? "") else { return nil }
            return (name, role)
        }
    }

    // MARK: Logins

    /// Checks a password and opens a session. Every attempt is recorded with its outcome
    /// ("ok", "bad_password", "unknown_user", "locked").
    func login(username: String, password: String, source: String, now: Date) async throws -> LoginOutcome {
        let name = String(username.prefix(64))
        let windowStart = now.addingTimeInterval(-settings.lockoutWindow)
        let maxFailures = settings.maxFailures
        let (stored, failures) = try await database.read { tx in
            (try tx.row("SELECT password_hash FROM console_users WHERE username = ?", [.text(name)])?[0].text,
             try Self.failures(name, since: windowStart, tx))
        }
        if failures >= maxFailures {
            try await record(name, source: source, outcome: "locked", now: now)
            return .lockedOut
        }
        let candidate = stored ?? decoyHash
        let matches = try await slowly { [hasher] in hasher.verify(pin: password, against: candidate) } && stored != nil
        let token = StoreSecrets.random()
        let csrf = StoreSecrets.random()
        let lifetime = settings.sessionLifetime
        return try await database.write { tx in
            // Counted again inside the write: parallel guesses cannot slip past the limit.
            if try Self.failures(name, since: windowStart, tx) >= maxFailures {
                try Self.insertAttempt(name, source: source, outcome: "locked", now: now, tx)
                return .lockedOut
            }
            guard matches else {
                try Self.insertAttempt(name, source: source, outcome: stored == nil ? "unknown_user" : "bad_password", now: now, tx)
                return .refused
            }
            try Self.insertAttempt(name, source: source, outcome: "ok", now: now, tx)
            try tx.execute("""
                INSERT INTO console_sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                """, [.text(StoreSecrets.sha256Hex(token)), .text(name), .text(csrf), .date(now),
                      .date(now.addingTimeInterval(lifetime))])
            return .signedIn(token: token)
        }
    }

    /// The staff member whose session token this is, while the session lasts.
    func staff(sessionToken: String, now: Date) async throws -> ConsoleStaff? {
        let hash = StoreSecrets.sha256Hex(sessionToken)
        return try await database.read { tx in
            guard let row = try tx.row("""
                SELECT s.username, u.role, s.csrf_token FROM console_sessions s
                JOIN console_users u ON u.username = s.username
                WHERE s.token_hash = ? AND s.expires_at > ?
                """, [.text(hash), .date(now)]),
                let username = row[0].text, let role = StaffRole(rawValue: row[1].text ?? ""), let csrf = row[2].text
            else { return nil }
            return ConsoleStaff(username: username, role: role, csrfToken: csrf)
        }
    }

    func logout(sessionToken: String) async throws {
        let hash = StoreSecrets.sha256Hex(sessionToken)
        try await database.write { tx in try tx.execute("DELETE FROM console_sessions WHERE token_hash = ?", [.text(hash)]) }
    }

    /// Recent attempts for the owner's view: newest first.
    /// The newest login attempts, for the owner's Staff page.
    func recentAttempts(limit: Int = 50) async throws -> [LoginAttempt] {
        let rows = try await database.read { tx in
            try tx.rows("SELECT username, source, outcome, attempted_at FROM console_login_attempts ORDER BY id DESC LIMIT \(limit)", [])
        }
        return rows.map { LoginAttempt(username: $0[0].text ?? "", source: $0[1].text ?? "", outcome: $0[2].text ?? "",
                                       at: $0[3].date ?? .distantPast) }
    }

    private func record(_ username: String, source: String, outcome: String, now: Date) async throws {
        try await database.write { tx in try Self.insertAttempt(username, source: source, outcome: outcome, now: now, tx) }
    }

    private static func insertAttempt(_ username: String, source: String, outcome: String, now: Date,
                                      _ tx: any SQLTransaction) throws {
        try tx.execute("INSERT INTO console_login_attempts (username, source, outcome, attempted_at) VALUES (?, ?, ?, ?)",
                       [.text(username), .text(source), .text(outcome), .date(now)])
    }

    private static func failures(_ username: String, since start: Date, _ tx: any SQLTransaction) throws -> Int {
        Int(try tx.row("""
            SELECT COUNT(*) FROM console_login_attempts
            WHERE username = ? AND attempted_at > ? AND outcome IN ('bad_password', 'unknown_user')
            """, [.text(username), .date(start)])?[0].int ?? 0)
    }

    /// PBKDF2 takes a tenth of a second on purpose: it runs on NIO's blocking pool, not the cooperative one.
    private func slowly<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}

/// One row of `console_login_attempts`.
struct LoginAttempt: Sendable, Hashable {
    var username: String
    var source: String
    var outcome: String
    var at: Date
}

/// How the console runs: lockout, session length, printing. Defaults are the documented policy.
public struct ConsoleSettings: Sendable {
    /// Failed logins per username within `lockoutWindow` that lock it.
    public var maxFailures: Int
    public var lockoutWindow: TimeInterval
    public var sessionLifetime: TimeInterval
    /// PBKDF2 rounds for new passwords (checks read the rounds from each stored hash).
    public var passwordRounds: Int
    /// The CUPS scheduler voucher sheets go to (`CUPS_SERVER` form); nil: libcups' default.
    public var cupsServer: String?
    /// Marks the session cookie Secure; set when the store serves TLS.
    public var secureCookies: Bool

    public init(maxFailures: Int = 5, lockoutWindow: TimeInterval = 15 * 60, sessionLifetime: TimeInterval = 12 * 3600,
                passwordRounds: Int = 210_000, cupsServer: String? = nil, secureCookies: Bool = false) {
        self.maxFailures = maxFailures
        self.lockoutWindow = lockoutWindow
        self.sessionLifetime = sessionLifetime
        self.passwordRounds = passwordRounds
        self.cupsServer = cupsServer
        self.secureCookies = secureCookies
    }
}
