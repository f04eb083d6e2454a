import Foundation
import KioskCrypto

/// How the store keeps and checks passwords: console users' and PC accounts'. New hashes are scrypt
/// (`ScryptPasswordHasher`: 32 MiB and about a tenth of a second each, run on the bounded
/// `HashingPool`); the older forms still verify and are replaced at the next successful login:
/// PBKDF2-HMAC-SHA256 (console users' before scrypt) and one salted SHA-256 (PC accounts'
/// before scrypt).
public struct PasswordHashing: Sendable {
    public let hasher: ScryptPasswordHasher
    let pool: HashingPool
    private let legacyPBKDF2 = PBKDF2PINHasher()

    /// - Parameters:
    ///   - concurrent: hashes that run at once (one per core by default).
    ///   - maxWaiting: logins that wait for a slot; more are answered 503 at once.
    public init(hasher: ScryptPasswordHasher = ScryptPasswordHasher(),
                concurrent: Int = ProcessInfo.processInfo.activeProcessorCount, maxWaiting: Int = 64) {
        self.hasher = hasher
        pool = HashingPool(concurrent: concurrent, maxWaiting: maxWaiting)
    }

    /// A stored password in whichever form it was kept.
    enum Stored: Sendable, Hashable {
        /// `scrypt$…` or `pbkdf2-sha256$…`.
        case encoded(String)
        /// A PC account's hash before scrypt: SHA-256 of salt, NUL, password (hex).
        case saltedSHA256(salt: String, hex: String)

        /// Whether a successful check should replace it with a current scrypt hash.
        func needsRehash(_ hasher: ScryptPasswordHasher) -> Bool {
            if case .encoded(let text) = self { return !hasher.isCurrent(text) }
            return true
        }
    }

    /// A new hash for `password`. `mayRefuse: false` for staff's own work (waits for a slot).
    func hash(_ password: String, mayRefuse: Bool = true) async throws -> String {
        try await pool.run(mayRefuse: mayRefuse) { [hasher] in try hasher.hash(pin: password) }
    }

    /// Hashes of `passwords` in order, `pool.concurrent` at a time (a batch of accounts).
    func hashAll(_ passwords: [String]) async throws -> [String] {
        var hashes = [String](repeating: "", count: passwords.count)
        let concurrent = pool.concurrent
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, password) in passwords.enumerated() {
                // At most `concurrent` in flight: a batch waits its turn rather than fill the queue.
                if index >= concurrent, let finished = try await group.next() { hashes[finished.0] = finished.1 }
                group.addTask { (index, try await self.hash(password, mayRefuse: false)) }
            }
            for try await finished in group { hashes[finished.0] = finished.1 }
        }
        return hashes
    }

    /// Whether `password` matches `stored`; throws `HashingBusy` when too many checks wait.
    func verify(_ password: String, against stored: Stored) async throws -> Bool {
        switch stored {
        case .encoded(let encoded):
            if encoded.hasPrefix(ScryptPasswordHasher.scheme + "$") {
                return try await pool.run { [hasher] in hasher.verify(pin: password, against: encoded) }
            }
            return try await pool.run { [legacyPBKDF2] in legacyPBKDF2.verify(pin: password, against: encoded) }
        case .saltedSHA256(let salt, let hex):
            return StoreSecrets.constantTimeEquals(StoreSecrets.passwordHash(password, salt: salt), hex)
        }
    }
}
