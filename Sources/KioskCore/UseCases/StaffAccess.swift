import Foundation

/// Staff entry by PIN: at least 6 digits, checked against slow salted hashes, 5 failures within
/// 15 minutes lock entry for 15 minutes, every attempt logged durably. The lock is derived from
/// the durable log, so pulling the kiosk's plug does not reset it.
public actor StaffAccess {
    public struct Member: Sendable, Hashable {
        public let name: String
        public let pinHash: String
        public init(name: String, pinHash: String) {
            self.name = name
            self.pinHash = pinHash
        }
    }

    /// The shortest PIN staff mode accepts: PINs made before 8 digits were required keep working.
    public static let minimumPINLength = 6
    /// The shortest PIN `kiosk staff hash-pin` makes: 10^8 PINs × one 32 MiB scrypt each.
    public static let minimumNewPINLength = 8

    /// Whether `pin` may become a new staff PIN: ASCII digits only, `minimumNewPINLength` at least.
    public static func isAcceptableNewPIN(_ pin: String) -> Bool {
        pin.count >= minimumNewPINLength && pin.allSatisfy { $0.isASCII && $0.isNumber }
    }
    public let maximumFailures: Int
    public let lockout: TimeInterval

    private let staff: [Member]
    private let hasher: any PINHasher
    private let log: any StaffAttemptLog
    private let clock: any WallClock

    public init(staff: [Member], hasher: any PINHasher, log: any StaffAttemptLog, clock: any WallClock,
                maximumFailures: Int = 5, lockout: TimeInterval = 15 * 60) {
        self.staff = staff
        self.hasher = hasher
        self.log = log
        self.clock = clock
        self.maximumFailures = maximumFailures
        self.lockout = lockout
    }

    public func enter(pin: String) async throws -> StaffPINResult {
        let now = clock.now()
        if let until = try await lockedUntil(now: now) {
            try await log.recordStaffAttempt(StaffAttempt(at: now, staff: nil, outcome: .locked))
            return .locked(until: until)
        }
        guard pin.count >= Self.minimumPINLength, pin.allSatisfy(\.isASCII), pin.allSatisfy(\.isNumber) else {
            return try await fail(now, .malformed)
        }
        // Check every member (not stopping at a match) so the time taken says nothing about who.
        var matched: Member?
        for member in staff where hasher.verify(pin: pin, against: member.pinHash) { matched = matched ?? member }
        guard let matched else { return try await fail(now, .wrongPIN) }
        try await log.recordStaffAttempt(StaffAttempt(at: now, staff: matched.name, outcome: .accepted))
        return .accepted(staff: matched.name)
    }

    private func fail(_ now: Date, _ outcome: StaffAttempt.Outcome) async throws -> StaffPINResult {
        try await log.recordStaffAttempt(StaffAttempt(at: now, staff: nil, outcome: outcome))
        if let until = try await lockedUntil(now: now) { return .locked(until: until) }
        let failures = try await recentFailures(now: now).count
        return .wrong(attemptsLeft: max(0, maximumFailures - failures))
    }

    /// Failures in the last `lockout` seconds since the last accepted PIN.
    private func recentFailures(now: Date) async throws -> [StaffAttempt] {
        let attempts = try await log.staffAttempts(since: now.addingTimeInterval(-lockout))
        let afterSuccess = attempts.lastIndex { $0.outcome == .accepted }.map { attempts[($0 + 1)...] } ?? attempts[...]
        return afterSuccess.filter { $0.outcome == .wrongPIN || $0.outcome == .malformed }
    }

    private func lockedUntil(now: Date) async throws -> Date? {
        let failures = try await recentFailures(now: now)
        guard failures.count >= maximumFailures else { return nil }
        let until = failures[maximumFailures - 1].at.addingTimeInterval(lockout)
        return until > now ? until : nil
    }
}

public enum StaffPINResult: Sendable, Hashable {
    case accepted(staff: String)
    case wrong(attemptsLeft: Int)
    case locked(until: Date)
}

public struct StaffAttempt: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        case accepted, wrongPIN = "wrong_pin", malformed, locked
    }
    public let at: Date
    public let staff: String?
    public let outcome: Outcome

    public init(at: Date, staff: String?, outcome: Outcome) {
        self.at = at
        self.staff = staff
        self.outcome = outcome
    }
}

/// Where staff attempts are kept: durable, append-only, readable by staff reports.
public protocol StaffAttemptLog: Sendable {
    func recordStaffAttempt(_ attempt: StaffAttempt) async throws
    /// Attempts at or after `since`, oldest first.
    func staffAttempts(since: Date) async throws -> [StaffAttempt]
}
