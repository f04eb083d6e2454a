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

    /// Luhn mod 32 check symbol over canonical symbols: catches every single-symbol mistake and
    /// every swap of two neighbouring symbols.
    public static func checkSymbol(for canonical: String) -> Character {
        var factor = 2
        var sum = 0
        for symbol in canonical.reversed() {
            var addend = factor * values[symbol]!
            factor = factor == 2 ? 1 : 2
            addend = addend / 32 + addend % 32
            sum += addend
        }
        return alphabet[(32 - sum % 32) % 32]
    }

    /// Whether the last symbol of `canonical` is the right check symbol for the rest.
    public static func hasValidCheckSymbol(_ canonical: String) -> Bool {
        guard canonical.count >= 2 else { return false }
        return checkSymbol(for: String(canonical.dropLast())) == canonical.last!
    }
}
