import Foundation
import KioskCore
import KioskTestSupport
import Testing

/// A hasher for tests of the rules: the real one (PBKDF2) is tested in KioskCryptoTests.
struct ReversingHasher: PINHasher {
    func hash(pin: String) throws -> String { "rev$" + String(pin.reversed()) }
    func verify(pin: String, against encoded: String) -> Bool { encoded == "rev$" + String(pin.reversed()) }
}

@Suite struct StaffAccessTests {
    func access(_ clock: FixedClock) -> (StaffAccess, InMemoryKioskStore) {
        let store = InMemoryKioskStore(currency: .rub)
        let access = StaffAccess(staff: [.init(name: "Anna", pinHash: "rev$" + String("482913".reversed()))],
                                 hasher: ReversingHasher(), log: store, clock: clock)
        return (access, store)
    }

    @Test func theRightPINLetsStaffIn() async throws {
        let clock = FixedClock(Date(timeIntervalSince1970: 1_800_000_000))
        let (access, store) = access(clock)
        #expect(try await access.enter(pin: "482913") == .accepted(staff: "Anna"))
        #expect(try await access.enter(pin: "12345") == .wrong(attemptsLeft: 4))   // too short counts as a failure
        let log = try await store.staffAttempts(since: .distantPast)
        #expect(log.map(\.outcome) == [.accepted, .malformed])
    }

    @Test func fiveFailuresLockForFifteenMinutesEvenAcrossARestart() async throws {
        let clock = FixedClock(Date(timeIntervalSince1970: 1_800_000_000))
        let (access, store) = access(clock)
        for left in [4, 3, 2, 1] {
            #expect(try await access.enter(pin: "000000") == .wrong(attemptsLeft: left))
            clock.advance(by: 10)
        }
        let lockedAt = clock.now()
        #expect(try await access.enter(pin: "000000") == .locked(until: lockedAt.addingTimeInterval(900)))
        // A restart (a new StaffAccess over the same store) keeps the lock; the right PIN does not help.
        let restarted = StaffAccess(staff: [.init(name: "Anna", pinHash: "rev$" + String("482913".reversed()))],
                                    hasher: ReversingHasher(), log: store, clock: clock)
        clock.advance(by: 14 * 60)
        #expect(try await restarted.enter(pin: "482913") == .locked(until: lockedAt.addingTimeInterval(900)))
        clock.advance(by: 61)
        #expect(try await restarted.enter(pin: "482913") == .accepted(staff: "Anna"))
        let outcomes = try await store.staffAttempts(since: .distantPast).map(\.outcome)
        #expect(outcomes.filter { $0 == .wrongPIN }.count == 5 && outcomes.last == .accepted && outcomes.contains(.locked))
    }

    /// New PINs have 8 digits at least (10^8 scrypt checks to try them all); 6-digit PINs made
    /// before still open staff mode, they are only refused as new ones.
    @Test func newPINsHaveEightDigitsAtLeast() {
        #expect(StaffAccess.isAcceptableNewPIN("24681012"))
        #expect(StaffAccess.isAcceptableNewPIN("0123456789"))
        #expect(!StaffAccess.isAcceptableNewPIN("1234567"))
        #expect(!StaffAccess.isAcceptableNewPIN("482913"))
        #expect(!StaffAccess.isAcceptableNewPIN("1234567a"))
        #expect(!StaffAccess.isAcceptableNewPIN("１２３４５６７８"))   // full-width digits are not ASCII
        #expect(!StaffAccess.isAcceptableNewPIN(""))
        #expect(StaffAccess.minimumPINLength < StaffAccess.minimumNewPINLength)
    }
}
