/// Passwords for generated user accounts: letters and digits without look-alikes.
///
/// A generated password is a bearer secret printed on the voucher, like a ticket code, so staff
/// can reprint it; staff PINs are a different thing and are stored only as slow salted hashes.
public enum PasswordGenerator {
    public static let alphabet: [Character] = Array("23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ")

    /// 10 symbols of 54 carry 10 × log2(54) ≈ 57.5 bits: 2^57 guesses even at a million a second
    /// take thousands of years, and online guessing is held to a few per minute (GuessBudget).
    /// (The 4 symbols allowed before were 23 bits: one stolen hash, minutes on a laptop.)
    public static let minimumLength = 10

    public static func generate<R: RandomNumberGenerator>(length: Int, using rng: inout R) -> String {
        precondition((minimumLength...64).contains(length), "password length must be \(minimumLength)…64")
        var result = ""
        for _ in 0..<length {
            result.append(alphabet[Int(rng.next(upperBound: UInt32(alphabet.count)))])
        }
        return result
    }
}
