import Foundation
import Testing
@testable import KioskApp

@Suite struct StaffPINGateTests {
    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

    /// RFC 7914 §11 vectors, cross-checked with Python's hashlib.pbkdf2_hmac.
    @Test func pbkdf2MatchesPublishedVectors() {
        #expect(Self.hex(PBKDF2.sha256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        #expect(Self.hex(PBKDF2.sha256(password: Array("123456".utf8), salt: Array(0..<16), iterations: 1000))
                == "6e3849111be8d3070634220666e93c55dbfd75e923f34d35716805464c0a7eaf")
    }

    @Test func hashLineRoundTripsAndVerifies() throws {
        let h = try StaffPINHash.make(pin: "4711081", iterations: 1000)
        let parsed = try StaffPINHash(parsing: h.description)
        #expect(parsed == h)
        #expect(parsed.matches("4711081"))
        #expect(!parsed.matches("4711082"))
        #expect(h.description.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(!h.description.contains("4711081"))
        #expect(throws: StaffPINError.tooShort) { try StaffPINHash.make(pin: "12345") }
        #expect(throws: StaffPINError.self) { try StaffPINHash(parsing: "sha1$1$abc$def") }
    }

    /// Five wrong PINs lock entry for 15 minutes, even the right PIN; every attempt is logged.
    @Test func fiveFailuresLockForFifteenMinutes() throws {
        let logged = LogBox()
        let gate = StaffPINGate(hashes: [try StaffPINHash.make(pin: "246810", iterations: 1000)], log: { logged.add($0) })
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(gate.verify("111111", at: t0) == .wrong(attemptsLeft: 4))
        #expect(gate.verify("246810", at: t0) == .accepted)   // success resets the count
        for i in 1...4 { #expect(gate.verify("000000", at: t0) == .wrong(attemptsLeft: 5 - i)) }
        #expect(gate.verify("000000", at: t0) == .locked(until: t0.addingTimeInterval(900)))
        #expect(gate.verify("246810", at: t0.addingTimeInterval(899)) == .locked(until: t0.addingTimeInterval(900)))
        #expect(gate.verify("246810", at: t0.addingTimeInterval(900)) == .accepted)
        #expect(gate.verify("2468", at: t0) == .wrong(attemptsLeft: 4))   // short PINs count as failures
        #expect(logged.lines.count == 10)
        #expect(logged.lines.allSatisfy { !$0.contains("246810") && !$0.contains("000000") })
        #expect(logged.lines.filter { $0.contains("locked until") }.count == 2)
    }
}

final class LogBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func add(_ s: String) { lock.lock(); storage.append(s); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}
