import Foundation
import KioskCrypto
import Testing

@Suite struct ScryptPasswordHasherTests {
    let hasher = ScryptPasswordHasher(logN: 10)   // 128 KiB: the test checks the scheme, not the cost

    @Test func aPasswordVerifiesAgainstItsOwnHashOnly() throws {
        let hash = try hasher.hash(pin: "48291357")
        #expect(hash.hasPrefix("scrypt$10$8$1$"))
        #expect(!hash.contains("48291357"))
        #expect(hasher.verify(pin: "48291357", against: hash))
        #expect(!hasher.verify(pin: "48291358", against: hash))
        #expect(!hasher.verify(pin: "48291357", against: "plain-48291357"))
        #expect(try hasher.hash(pin: "11111111") != (try hasher.hash(pin: "11111111")))
    }

    @Test func knownVector() {
        // Cross-checked against an independent implementation: Python's hashlib.scrypt (OpenSSL),
        // b64encode(scrypt(b'passwd', salt=b'salt', n=1024, r=8, p=1, dklen=32)).
        let encoded = "scrypt$10$8$1$" + Data("salt".utf8).base64EncodedString() + "$haBQqkNQoq5fe3uBXsL9MR435VFu1BYMHLECSBWH4TA="
        #expect(hasher.verify(pin: "passwd", against: encoded))
        #expect(!hasher.verify(pin: "passwe", against: encoded))
    }

    @Test func aHostileHashAskingForGigabytesIsRefusedUnrun() {
        let salt = Data("salt".utf8).base64EncodedString(), key = Data(repeating: 1, count: 32).base64EncodedString()
        for params in ["30$8$1", "20$16$1", "15$1024$1", "15$8$64", "0$8$1", "x$8$1"] {
            #expect(!hasher.verify(pin: "passwd", against: "scrypt$\(params)$\(salt)$\(key)"), "\(params)")
        }
    }

    @Test func theDefaultCostIs32MiB() {
        #expect(ScryptPasswordHasher().memoryBytes == 32 * 1024 * 1024)
    }

    @Test func staffPINHasherReadsOldPBKDF2HashesAndAsksForTheirReplacement() throws {
        let staff = StaffPINHasher(current: hasher)
        let old = try PBKDF2PINHasher(rounds: 1_000).hash(pin: "246810")
        #expect(staff.verify(pin: "246810", against: old))
        #expect(!staff.verify(pin: "246811", against: old))
        #expect(staff.needsRehash(old))
        let new = try staff.hash(pin: "24681012")
        #expect(new.hasPrefix("scrypt$"))
        #expect(staff.verify(pin: "24681012", against: new))
        #expect(!staff.needsRehash(new))
        // A weaker scrypt hash than the current cost is replaced too.
        #expect(StaffPINHasher().needsRehash(new))
    }
}
