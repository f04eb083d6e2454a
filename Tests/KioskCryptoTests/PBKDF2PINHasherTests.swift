import Foundation
import KioskCrypto
import Testing

@Suite struct PBKDF2PINHasherTests {
    let hasher = PBKDF2PINHasher(rounds: 1_000)   // few rounds: the test checks the scheme, not the cost

    @Test func aPINVerifiesAgainstItsOwnHashOnly() throws {
        let hash = try hasher.hash(pin: "482913")
        #expect(hash.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(!hash.contains("482913"))
        #expect(hasher.verify(pin: "482913", against: hash))
        #expect(!hasher.verify(pin: "482914", against: hash))
        #expect(!hasher.verify(pin: "482913", against: "plain-482913"))
    }

    @Test func theSameKeyIsSaltedDifferentlyEachTime() throws {
        #expect(try hasher.hash(pin: "111111") != (try hasher.hash(pin: "111111")))
    }

    @Test func knownVector() {
        // Cross-checked against an independent implementation: Python's hashlib.pbkdf2_hmac.
        let encoded = "pbkdf2-sha256$1000$" + Data("salt".utf8).base64EncodedString() + "$" + Self.pythonVector
        #expect(hasher.verify(pin: "passwd", against: encoded))
    }

    static let pythonVector: String = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c",
            "import hashlib,base64;print(base64.b64encode(hashlib.pbkdf2_hmac('sha256',b'passwd',b'salt',1000,32)).decode())"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }()
}
