import Crypto
import Foundation
import Synchronization

/// Who may enter staff mode: PINs of at least 6 digits, checked against PBKDF2-HMAC-SHA256
/// hashes; 5 wrong PINs in a row lock entry for 15 minutes; every attempt is logged (never the
/// PIN itself).
public final class StaffPINGate: Sendable {
    public enum Result: Sendable, Equatable {
        case accepted
        case wrong(attemptsLeft: Int)
        case locked(until: Date)
    }

    public static let maxFailures = 5
    public static let lockout: TimeInterval = 15 * 60
    public static let minimumDigits = 6

    private let hashes: [StaffPINHash]
    private let log: @Sendable (String) -> Void
    private let state = Mutex(State())

    struct State {
        var failures = 0
        var lockedUntil: Date?
    }

    public init(hashes: [StaffPINHash], log: @escaping @Sendable (String) -> Void) {
        self.hashes = hashes
        self.log = log
    }

    public func verify(_ pin: String, at now: Date) -> Result {
        if let until = state.withLock({ $0.lockedUntil }), until > now {
            log("staff PIN attempt at \(Self.stamp(now)): refused, entry locked until \(Self.stamp(until))")
            return .locked(until: until)
        }
        let ok = pin.count >= Self.minimumDigits && pin.allSatisfy(\.isASCIIDigit) && hashes.contains { $0.matches(pin) }
        let result: Result = state.withLock { s in
            if ok {
                s.failures = 0
                s.lockedUntil = nil
                return .accepted
            }
            s.failures += 1
            if s.failures >= Self.maxFailures {
                s.failures = 0
                let until = now.addingTimeInterval(Self.lockout)
                s.lockedUntil = until
                return .locked(until: until)
            }
            return .wrong(attemptsLeft: Self.maxFailures - s.failures)
        }
        switch result {
        case .accepted: log("staff PIN attempt at \(Self.stamp(now)): accepted")
        case .wrong(let left): log("staff PIN attempt at \(Self.stamp(now)): wrong PIN, \(left) attempts left")
        case .locked(let until): log("staff PIN attempt at \(Self.stamp(now)): wrong PIN, entry locked until \(Self.stamp(until))")
        }
        return result
    }

    static func stamp(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }
}

/// One stored PIN: `pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>`.
public struct StaffPINHash: Sendable, Hashable, CustomStringConvertible {
    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000

    /// Hashes a new PIN with a fresh 16-byte random salt.
    public static func make(pin: String, iterations: Int = defaultIterations) throws(StaffPINError) -> StaffPINHash {
        guard pin.count >= StaffPINGate.minimumDigits, pin.allSatisfy(\.isASCIIDigit) else { throw .tooShort }
        var rng = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return StaffPINHash(iterations: iterations, salt: salt,
                            hash: PBKDF2.sha256(password: Array(pin.utf8), salt: salt, iterations: iterations))
    }

    public init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    public init(parsing line: String) throws(StaffPINError) {
        let parts = line.trimmingCharacters(in: .whitespaces).split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let n = Int(parts[1]), n >= 1,
              let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])), hash.count == 32
        else { throw .badHashLine(line) }
        self.init(iterations: n, salt: Array(salt), hash: Array(hash))
    }

    public var description: String {
        "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Constant-time comparison of the derived key.
    func matches(_ pin: String) -> Bool {
        let derived = PBKDF2.sha256(password: Array(pin.utf8), salt: salt, iterations: iterations, length: hash.count)
        return zip(derived, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Reads one hash per line (blank lines and `#` comments skipped).
    public static func load(path: String) throws(StaffPINError) -> [StaffPINHash] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .cannotRead(path) }
        var out: [StaffPINHash] = []
        for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty && !line.hasPrefix("#") {
            out.append(try StaffPINHash(parsing: String(line)))
        }
        guard !out.isEmpty else { throw .noPINs(path) }
        return out
    }
}

public enum StaffPINError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooShort
    case badHashLine(String)
    case cannotRead(String)
    case noPINs(String)

    public var description: String {
        switch self {
        case .tooShort: "a staff PIN has at least 6 digits and only digits"
        case .badHashLine: "a staff PIN line is not 'pbkdf2-sha256$iterations$salt$hash'; make one with `kiosk staff-pin`"
        case .cannotRead(let p): "cannot read the staff PIN file '\(p)' (check the path and that the kiosk user may read it)"
        case .noPINs(let p): "the staff PIN file '\(p)' holds no PIN hashes; add one with `kiosk staff-pin >> \(p)`"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
