import KioskDomain

/// Checks a code as it is typed, so a typo is caught on the spot rather than after a round trip
/// to the store: Crockford normalisation (O→0, I/L→1, case-insensitive) and the check symbol.
public enum EntryValidation {
    public enum Check: Sendable, Equatable {
        case empty
        /// Not long enough to be a code yet.
        case incomplete
        case valid
        case checkSymbolMismatch
        case invalidSymbol
    }

    /// Shortest code: namespace (2) + random (10) + check (1).
    static let minimumCodeLength = 2 + AccessCode.minimumRandomLength + 1

    public static func check(_ entry: TextEntry) -> Check {
        let text = entry.text
        if text.isEmpty { return .empty }
        switch entry.mode {
        case .username, .text:
            return Username.isPlausible(text) ? .valid : .invalidSymbol
        case .code:
            guard let canonical = Crockford.normalize(text) else { return .invalidSymbol }
            if canonical.count < minimumCodeLength { return .incomplete }
            do {
                _ = try AccessCode.parse(text)
                return .valid
            } catch {
                switch error {
                case .checkSymbolMismatch: return .checkSymbolMismatch
                case .tooShort: return .incomplete
                case .tooLong, .invalidSymbol: return .invalidSymbol
                }
            }
        }
    }

    /// What the entry asks the store for, when it is complete.
    public static func query(_ entry: TextEntry) -> RefillQuery? {
        guard check(entry) == .valid else { return nil }
        switch entry.mode {
        case .code: return (try? AccessCode.parse(entry.text)).map(RefillQuery.code)
        case .username, .text: return .username(entry.text)
        }
    }

    /// Typed symbols grouped in fours like the printed code ("K7AB-CDEF-G").
    public static func grouped(_ text: String) -> String {
        var out = ""
        for (i, ch) in text.enumerated() {
            if i > 0 && i % 4 == 0 { out.append("-") }
            out.append(ch)
        }
        return out
    }

    enum Username {
        static func isPlausible(_ s: String) -> Bool {
            !s.isEmpty && s.count <= TextEntry.maxLength
                && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-@".unicodeScalars.contains($0) }
        }
    }
}

/// The on-screen keyboard's keys per entry mode. Code mode offers only Crockford symbols (no I, L,
/// O, U), so a customer cannot type what no code contains.
public enum KeyboardLayout {
    public static func rows(for mode: TextEntry.Mode) -> [[Character]] {
        switch mode {
        case .code:
            [Array("0123456789"), Array("ABCDEFGHJK"), Array("MNPQRSTVWX"), Array("YZ")]
        case .username, .text:
            [Array("1234567890"), Array("qwertyuiop"), Array("asdfghjkl-"), Array("zxcvbnm._")]
        }
    }
}
