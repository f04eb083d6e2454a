import Crypto

/// PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) over swift-crypto's HMAC: staff PINs are stored only as
/// this slow salted hash, so a copied config or disk does not give the PINs away.
enum PBKDF2 {
    static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        precondition(iterations > 0 && length > 0, "PBKDF2 needs iterations and a length")
        let key = SymmetricKey(data: password)
        var output: [UInt8] = []
        var block: UInt32 = 1
        while output.count < length {
            var u = Array(HMAC<SHA256>.authenticationCode(for: salt + [UInt8(block >> 24), UInt8((block >> 16) & 0xFF),
                                                                       UInt8((block >> 8) & 0xFF), UInt8(block & 0xFF)],
                                                          using: key))
            var t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    u = Array(HMAC<SHA256>.authenticationCode(for: u, using: key))
                    for i in 0..<t.count { t[i] ^= u[i] }
                }
            }
            output += t
            block += 1
        }
        return Array(output.prefix(length))
    }
}
