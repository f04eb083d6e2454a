/// A ticket or refill code: a kiosk namespace, random symbols and a check symbol.
///
/// Layout (canonical, before grouping): `NN` + `R…R` + `C`
/// - `NN`: the issuing kiosk's namespace, two symbols (1,024 kiosks). Each kiosk gets its own
///   from the store at registration (or from config on a stand-alone kiosk), so two kiosks can
///   never issue the same code even while both are offline.
/// - `R…R`: at least 10 random symbols = 50 bits from a cryptographically secure generator. The
///   store's unique index catches the rare repeat within one namespace and the generator draws
///   again, so a kiosk restarted with the same namespace still never repeats a code.
/// - `C`: a Damm check symbol over GF(32), so a mistyped code is refused on the spot.
///
/// Printed and shown grouped in fours: `K7AB-CDEF-GHJK-M`.
public struct AccessCode: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Canonical symbols, no separators.
    public let canonical: String

    public static let defaultRandomLength = 10
    public static let minimumRandomLength = 10
    public static let maximumRandomLength = 24

    /// Draws a new code in `namespace` from `rng`. The RNG is injected so tests can replay; the
    /// kiosk passes `SystemRandomNumberGenerator` (getrandom(2) on Linux).
    public static func generate<R: RandomNumberGenerator>(namespace: KioskNamespace, randomLength: Int = defaultRandomLength,
                                                          using rng: inout R) -> AccessCode {
        precondition((minimumRandomLength...maximumRandomLength).contains(randomLength),
                     "code length must be \(minimumRandomLength)…\(maximumRandomLength) random symbols")
        var body = namespace.symbols
        for _ in 0..<randomLength {
            body.append(Crockford.alphabet[Int(rng.next(upperBound: UInt8(32)))])
        }
        return AccessCode(canonical: body + String(Crockford.checkSymbol(for: body)))
    }

    private init(canonical: String) { self.canonical = canonical }

    /// Parses a typed or scanned code. Errors say what the customer did wrong.
    public static func parse(_ typed: String) throws(AccessCodeError) -> AccessCode {
        guard let canonical = Crockford.normalize(typed) else { throw .invalidSymbol }
        guard canonical.count >= 2 + minimumRandomLength + 1 else { throw .tooShort }
        guard canonical.count <= 2 + maximumRandomLength + 1 else { throw .tooLong }
        guard Crockford.hasValidCheckSymbol(canonical) else { throw .checkSymbolMismatch }
        return AccessCode(canonical: canonical)
    }

    public var namespace: KioskNamespace { KioskNamespace(symbols: String(canonical.prefix(2)))! }

    /// Grouped for reading: fours separated by hyphens.
    public var grouped: String {
        var result = ""
        for (index, symbol) in canonical.enumerated() {
            if index > 0 && index % 4 == 0 { result.append("-") }
            result.append(symbol)
        }
        return result
    }

    public var description: String { grouped }
    public static func < (lhs: AccessCode, rhs: AccessCode) -> Bool { lhs.canonical < rhs.canonical }
}

public enum AccessCodeError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidSymbol, tooShort, tooLong, checkSymbolMismatch

    public var description: String {
        switch self {
        case .invalidSymbol: "the code has a character that codes never contain"
        case .tooShort: "the code is too short"
        case .tooLong: "the code is too long"
        case .checkSymbolMismatch: "the code has a typing mistake (check character does not match)"
        }
    }
}

/// The two-symbol prefix that makes a kiosk's codes its own: a number 0..<1024.
public struct KioskNamespace: Hashable, Sendable, Codable, CustomStringConvertible {
    public let number: Int

    public init?(number: Int) {
        guard (0..<1024).contains(number) else { return nil }
        self.number = number
    }

    public init?(symbols: String) {
        guard symbols.count == 2, let canonical = Crockford.normalize(symbols), canonical.count == 2 else { return nil }
        let chars = Array(canonical)
        self.number = Crockford.value(of: chars[0])! * 32 + Crockford.value(of: chars[1])!
    }

    public var symbols: String {
        String([Crockford.alphabet[number / 32], Crockford.alphabet[number % 32]])
    }

    public var description: String { symbols }
}
