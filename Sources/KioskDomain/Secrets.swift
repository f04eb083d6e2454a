/// Passwords for generated user accounts: letters and digits without look-alikes.
///
/// A generated password is a bearer secret printed on the voucher, like a ticket code, so staff
/// can reprint it; staff PINs are a different thing and are stored only as slow salted hashes.
public enum PasswordGenerator {
    public static let alphabet: [Character] = Array("23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ")

    public static func generate<R: RandomNumberGenerator>(length: Int, using rng: inout R) -> String {
        precondition((4...64).contains(length), "password length must be 4…64")
        var result = ""
        for _ in 0..<length {
            result.append(alphabet[Int(rng.next(upperBound: UInt32(alphabet.count)))])
        }
        return result
    }
}
