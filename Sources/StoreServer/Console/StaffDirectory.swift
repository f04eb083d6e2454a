import Foundation
import KioskCrypto

/// Console users, their logins and their browser sessions.
///
/// Passwords are scrypt hashes (`PasswordHashing`); PBKDF2 hashes of earlier versions still verify
/// and are replaced at the next successful login. Failed logins spend from three limits in the
/// store's `guess_budgets` table (`GuessBudget`, durable across restarts, counted in the attempt's
/// own write transaction), so nobody at another address can lock the owner out:
/// - per (username, source) — IPv6 by its /64: `maxFailures` per `lockoutWindow` lock that pair;
/// - per source: `maxFailuresPerSource` per `lockoutWindow`, whichever usernames it tries;
/// - overall: beyond `maxFailuresOverall` failures per `slowdownWindow`, sources that failed in
///   their window wait (429 with Retry-After) until it passes. A source with no failure on record
///   is never slowed, so the owner who types the password right still gets in during an attack.
/// Every attempt is also a row in `console_login_attempts` for the owner to read.
public final class StaffDirectory: Sendable {
    public enum LoginOutcome: Sendable, Equatable {
        /// The raw session token for the cookie (the store keeps only its SHA-256).
        case signedIn(token: String)
        case refused
        /// This username from this source, or this source, failed too often: refused unchecked.
        case lockedOut(retryAfter: Int)
        /// Too many failed console logins overall, and this source failed too: wait and retry.
        case slowedDown(retryAfter: Int)
        /// Too many password checks running and waiting: try again in a second.
        case busy
    }

    let database: any StoreDatabase
    let settings: ConsoleSettings
    private let hashing: PasswordHashing
    /// Verified when the username is unknown, so an unknown name costs the same scrypt work as a
    /// known one and timing does not tell which usernames exist. Fixed for the process's life.
    private let decoyHash: String

    public init(database: any StoreDatabase, settings: ConsoleSettings = ConsoleSettings(),
                hashing: PasswordHashing? = nil) {
        self.database = database
        self.settings = settings
        self.hashing = hashing ?? PasswordHashing(hasher: settings.passwordHasher)
        decoyHash = (try? settings.passwordHasher.hash(pin: StoreSecrets.random())) ?? ""
    }

    // MARK: Users

    /// Adds a staff user (the `kiosk-store users add` command). Refuses an existing username.
    public func addUser(_ username: String, role: StaffRole, password: String, now: Date) async throws {
        try InputRules.identifier(username, "username")
        guard (10...128).contains(password.count) else {
            throw Refusal("invalid_input", "a console password must be 10…128 characters")
        }
        let hash = try await hashing.hash(password, mayRefuse: false)
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
    /// ("ok", "bad_password", "unknown_user", "locked", "slowed", "busy").
    func login(username: String, password: String, source: String, now: Date) async throws -> LoginOutcome {
        let name = String(username.prefix(64))
        let limits = ConsoleLoginLimits(settings: settings, username: name, source: source)
        // A limit already spent refuses before any hashing: a locked-out guesser costs no scrypt.
        let (stored, refusal) = try await database.read { tx in
            (try tx.row("SELECT password_hash FROM console_users WHERE username = ?", [.text(name)])?[0].text,
             try limits.refusal(now: now, tx))
        }
        if let refusal {
            try await record(name, source: source, outcome: refusal.attemptOutcome, now: now)
            return refusal
        }
        let matches: Bool
        do {
            matches = try await hashing.verify(password, against: .encoded(stored ?? decoyHash)) && stored != nil
        } catch is HashingBusy {
            try await record(name, source: source, outcome: "busy", now: now)
            return .busy
        }
        // A hash of an earlier kind (PBKDF2) or cost is replaced now that the password is known right.
        let rehashed: String? = if matches, let stored, PasswordHashing.Stored.encoded(stored).needsRehash(hashing.hasher) {
            try await hashing.hash(password, mayRefuse: false)
        } else {
            nil
        }
        let token = StoreSecrets.random()
        let csrf = StoreSecrets.random()
        let lifetime = settings.sessionLifetime
        return try await database.write { tx in
            // Checked again inside the write: parallel guesses cannot slip past the limits.
            if let refusal = try limits.refusal(now: now, tx) {
                try Self.insertAttempt(name, source: source, outcome: refusal.attemptOutcome, now: now, tx)
                return refusal
            }
            guard matches else {
                try Self.insertAttempt(name, source: source, outcome: stored == nil ? "unknown_user" : "bad_password", now: now, tx)
                try GuessBudget.spend(limits.all, now: now, tx)
                return .refused
            }
            if let rehashed, let stored {
                // Only if nobody changed it meanwhile; the old hash goes, the new one verifies the same password.
                try tx.execute("UPDATE console_users SET password_hash = ? WHERE username = ? AND password_hash = ?",
                               [.text(rehashed), .text(name), .text(stored)])
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
    /// Failed logins of one username from one source (IPv6 by /64) within `lockoutWindow` that
    /// lock that pair; the same username from elsewhere is not affected.
    public var maxFailures: Int
    /// Failed logins from one source within `lockoutWindow`, whatever the usernames, that lock it.
    public var maxFailuresPerSource: Int
    public var lockoutWindow: TimeInterval
    /// Failed logins from everywhere within `slowdownWindow` beyond which sources that failed wait.
    public var maxFailuresOverall: Int
    public var slowdownWindow: TimeInterval
    public var sessionLifetime: TimeInterval
    /// How new console passwords are hashed (checks read the parameters from each stored hash).
    public var passwordHasher: ScryptPasswordHasher
    /// The CUPS scheduler voucher sheets go to (`CUPS_SERVER` form); nil: libcups' default.
    public var cupsServer: String?
    /// Marks the session cookie Secure; set when the store serves TLS.
    public var secureCookies: Bool

    public init(maxFailures: Int = 5, maxFailuresPerSource: Int = 20, lockoutWindow: TimeInterval = 15 * 60,
                maxFailuresOverall: Int = 30, slowdownWindow: TimeInterval = 60,
                sessionLifetime: TimeInterval = 12 * 3600, passwordHasher: ScryptPasswordHasher = ScryptPasswordHasher(),
                cupsServer: String? = nil, secureCookies: Bool = false) {
        self.maxFailures = maxFailures
        self.maxFailuresPerSource = maxFailuresPerSource
        self.lockoutWindow = lockoutWindow
        self.maxFailuresOverall = maxFailuresOverall
        self.slowdownWindow = slowdownWindow
        self.sessionLifetime = sessionLifetime
        self.passwordHasher = passwordHasher
        self.cupsServer = cupsServer
        self.secureCookies = secureCookies
    }
}

/// The three `GuessBudget` limits one console login spends from (see `StaffDirectory`).
struct ConsoleLoginLimits: Sendable {
    var pair: GuessBudget.Limit
    var source: GuessBudget.Limit
    var overall: GuessBudget.Limit

    init(settings: ConsoleSettings, username: String, source address: String) {
        let key = SourceKey.of(address)
        pair = .init(bucket: "console:user:\(username)@\(key)", maxFailures: settings.maxFailures, window: settings.lockoutWindow)
        source = .init(bucket: "console:source:\(key)", maxFailures: settings.maxFailuresPerSource, window: settings.lockoutWindow)
        overall = .init(bucket: "console:overall", maxFailures: settings.maxFailuresOverall, window: settings.slowdownWindow)
    }

    var all: [GuessBudget.Limit] { [pair, source, overall] }

    /// Why this attempt is refused unchecked now, or nil when it may be checked.
    func refusal(now: Date, _ tx: any SQLTransaction) throws -> StaffDirectory.LoginOutcome? {
        if let until = try GuessBudget.spentUntil([pair, source], now: now, tx) {
            return .lockedOut(retryAfter: Self.seconds(until, now))
        }
        // The slow-down holds back only sources that failed: a clean source is always checked.
        if let until = try GuessBudget.spentUntil([overall], now: now, tx),
           try GuessBudget.failures(source, now: now, tx) != nil {
            return .slowedDown(retryAfter: Self.seconds(until, now))
        }
        return nil
    }

    private static func seconds(_ until: Date, _ now: Date) -> Int { max(1, Int(until.timeIntervalSince(now).rounded(.up))) }
}

extension StaffDirectory.LoginOutcome {
    /// The outcome column of `console_login_attempts` for a refusal.
    var attemptOutcome: String {
        switch self {
        case .signedIn: "ok"
        case .refused: "bad_password"
        case .lockedOut: "locked"
        case .slowedDown: "slowed"
        case .busy: "busy"
        }
    }
}
