import _CryptoExtras
import Crypto
import Foundation
import KioskCore

/// PBKDF2-HMAC-SHA256 with a random 16-byte salt and 210,000 rounds (OWASP's figure for this
/// function; about a tenth of a second per check on a small kiosk box, which is what makes
/// guessing a 6-digit PIN from a stolen hash slow).
public struct PBKDF2PINHasher: PINHasher {
    public static let scheme = "pbkdf2-sha256"
    public let rounds: Int

    public init(rounds: Int = 210_000) {
        self.rounds = rounds
    }

    public func hash(pin: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = rng.next() }
        let key = try derive(pin, salt: salt, rounds: rounds)
        return [Self.scheme, String(rounds), Data(salt).base64EncodedString(), Data(key).base64EncodedString()].joined(separator: "$")
    }

    public func verify(pin: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let rounds = Int(parts[1]), rounds >= 1_000,
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
              let key = try? derive(pin, salt: Array(salt), rounds: rounds) else { return false }
        // Compare every byte whatever the first difference, so timing says nothing.
        guard key.count == expected.count else { return false }
        return zip(key, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func derive(_ pin: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: salt, using: .sha256, outputByteCount: 32,
                                                    unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }
}
