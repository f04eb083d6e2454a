import Crypto
import Foundation

/// Secrets the store hands out (kiosk secrets, session tokens) and how it keeps them: only a
/// SHA-256, compared in constant time. These secrets are 256 random bits, so a fast hash is
/// enough; account passwords get a per-account salt on top.
enum StoreSecrets {
    /// 32 bytes from the system's CSPRNG, base64url without padding (no '.' so tokens split cleanly).
    static func random(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func passwordHash(_ password: String, salt: String) -> String { sha256Hex(salt + "\u{0}" + password) }

    /// Compares without an early exit, so timing does not tell how much of a guess was right.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
