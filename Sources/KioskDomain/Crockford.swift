/// Crockford's Base32 alphabet: digits and letters without I, L, O and U, so a code read aloud or
/// typed from paper cannot be mistaken. On input O reads as 0 and I/L as 1, case is ignored and
/// hyphens and spaces are dropped.
public enum Crockford {
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    private static let values: [Character: Int] = {
        var map: [Character: Int] = [:]
        for (value, symbol) in alphabet.enumerated() { map[symbol] = value }
        map["O"] = 0; map["I"] = 1; map["L"] = 1
        return map
    }()

    /// The value 0..<32 of one typed symbol, or nil if it is not part of the alphabet.
    public static func value(of symbol: Character) -> Int? {
        values[Character(symbol.uppercased())]
    }

    /// Canonical form of typed text: upper case, look-alikes folded, separators removed.
    /// Returns nil when a symbol is outside the alphabet (e.g. "U" or "#").
    public static func normalize(_ text: String) -> String? {
        var result = ""
        for symbol in text where symbol != "-" && symbol != " " {
            guard let value = value(of: symbol) else { return nil }
            result.append(alphabet[value])
        }
        return result
    }

    /// Check symbol by Damm's method over GF(32): the quasigroup x∘y = 2·x ⊕ y (multiplication
    /// in GF(2⁵) modulo x⁵ + x² + 1) is totally anti-symmetric, so every single-symbol mistake and
    /// every swap of two neighbouring symbols — the check symbol included — changes the result.
    /// (Luhn mod 32 was tried first; it misses swaps of 0 and Z.)
    public static func checkSymbol(for canonical: String) -> Character {
        alphabet[damm(canonical)]
    }

    private static func damm(_ canonical: String) -> Int {
        var interim = 0
        for symbol in canonical { interim = timesTwo(interim) ^ values[symbol]! }
        // The check symbol d makes the final step 2·interim ⊕ d = 0.
        return timesTwo(interim)
    }

    /// Multiplication by the field element x (= 2) in GF(32) with the polynomial x⁵ + x² + 1.
    private static func timesTwo(_ value: Int) -> Int {
        let shifted = value << 1
        return shifted & 0x20 != 0 ? (shifted ^ 0x25) & 0x1F : shifted
    }

    /// Whether the last symbol of `canonical` is the right check symbol for the rest.
    public static func hasValidCheckSymbol(_ canonical: String) -> Bool {
        guard canonical.count >= 2 else { return false }
        return checkSymbol(for: String(canonical.dropLast())) == canonical.last!
    }
}
