import _CryptoExtras
import Crypto
import Foundation
import KioskCore

/// scrypt (swift-crypto's BoringSSL `EVP_PBE_scrypt`) with a random 16-byte salt: the memory-hard
/// hash of staff PINs, console passwords and PC account passwords.
///
/// Default cost N = 2^15, r = 8, p = 1: each hash holds 128 · r · N = 32 MiB while it runs and took
/// 0.10–0.13 s on the 2-core build machine (Python's hashlib.scrypt, same parameters, measured
/// 2026-12-07 under a load of 2.5). A GPU cannot run thousands of these in parallel the way it
/// runs PBKDF2, because each guess needs its own 32 MiB: an 8-digit PIN (10^8 candidates) costs
/// about 10^7 core-seconds to exhaust instead of minutes. The server runs these on a bounded pool
/// (StoreServer's `HashingPool`), so many logins at once cannot take more than N × 32 MiB.
///
/// The encoding names its parameters (`scrypt$15$8$1$<salt>$<key>`, base64), so a later cost
/// change verifies old hashes. A stored hash asking for more than `maximumMemoryBytes` (128 MiB)
/// is refused rather than run: a hostile hash in a catalog or config cannot make a check take
/// gigabytes.
public struct ScryptPasswordHasher: PINHasher {
    public static let scheme = "scrypt"
    /// Memory per hash is 128 · 2^logN · blockSize bytes.
    public let logN: Int
    public let blockSize: Int
    public let parallelism: Int

    public static let maximumLogN = 20
    public static let maximumBlockSize = 16
    public static let maximumParallelism = 4
    /// The most one check may hold, whatever a stored hash asks for: 4 × the default.
    public static let maximumMemoryBytes = 128 * 1024 * 1024

    public init(logN: Int = 15, blockSize: Int = 8, parallelism: Int = 1) {
        precondition((1...Self.maximumLogN).contains(logN) && (1...Self.maximumBlockSize).contains(blockSize)
                     && (1...Self.maximumParallelism).contains(parallelism), "scrypt parameters out of range")
        self.logN = logN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// Bytes one hash holds while it runs.
    public var memoryBytes: Int { 128 * (1 << logN) * blockSize }

    public func hash(pin: String) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = rng.next() }
        let key = try Self.derive(pin, salt: salt, logN: logN, blockSize: blockSize, parallelism: parallelism)
        return [Self.scheme, String(logN), String(blockSize), String(parallelism),
                Data(salt).base64EncodedString(), Data(key).base64EncodedString()].joined(separator: "$")
    }

    public func verify(pin: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == Self.scheme,
              let logN = Int(parts[1]), (1...Self.maximumLogN).contains(logN),
              let blockSize = Int(parts[2]), (1...Self.maximumBlockSize).contains(blockSize),
              let parallelism = Int(parts[3]), (1...Self.maximumParallelism).contains(parallelism),
              128 * (1 << logN) * blockSize <= Self.maximumMemoryBytes,
              let salt = Data(base64Encoded: String(parts[4])), let expected = Data(base64Encoded: String(parts[5])),
              !expected.isEmpty,
              let key = try? Self.derive(pin, salt: Array(salt), logN: logN, blockSize: blockSize, parallelism: parallelism,
                                         outputByteCount: expected.count)
        else { return false }
        // Compare every byte whatever the first difference, so timing says nothing.
        guard key.count == expected.count else { return false }
        return zip(key, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Whether `encoded` is a hash of this scheme with at least this hasher's cost: anything
    /// else is re-hashed at the next successful login.
    public func isCurrent(_ encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == Self.scheme, let logN = Int(parts[1]), let blockSize = Int(parts[2]) else {
            return false
        }
        return logN >= self.logN && blockSize >= self.blockSize
    }

    private static func derive(_ pin: String, salt: [UInt8], logN: Int, blockSize: Int, parallelism: Int,
                               outputByteCount: Int = 32) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(pin.utf8), salt: salt, outputByteCount: outputByteCount,
                                           rounds: 1 << logN, blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Array($0) }
    }
}

/// The staff-PIN and password check every reader uses: new hashes are scrypt; PBKDF2 hashes made
/// before (`kiosk staff hash-pin` of earlier versions, console users) still verify, and
/// `needsRehash` tells the caller to replace them after a successful check.
public struct StaffPINHasher: PINHasher {
    public let current: ScryptPasswordHasher
    private let legacy = PBKDF2PINHasher()

    public init(current: ScryptPasswordHasher = ScryptPasswordHasher()) { self.current = current }

    public func hash(pin: String) throws -> String { try current.hash(pin: pin) }

    public func verify(pin: String, against encoded: String) -> Bool {
        if encoded.hasPrefix(ScryptPasswordHasher.scheme + "$") { return current.verify(pin: pin, against: encoded) }
        return legacy.verify(pin: pin, against: encoded)
    }

    public func needsRehash(_ encoded: String) -> Bool { !current.isCurrent(encoded) }
}
