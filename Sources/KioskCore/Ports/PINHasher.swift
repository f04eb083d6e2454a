/// Turns a staff PIN into a slow, salted hash and checks a PIN against one. PINs are never stored
/// or logged in clear; a stolen database or config yields only hashes that cost a second each to try.
public protocol PINHasher: Sendable {
    /// A self-describing hash, e.g. `pbkdf2-sha256$210000$<salt>$<hash>` (base64).
    func hash(pin: String) throws -> String
    /// Whether `pin` matches `encoded`; false for a hash this hasher cannot read.
    func verify(pin: String, against encoded: String) -> Bool
}
