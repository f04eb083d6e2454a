/// A character table for the plain-text mode (ESC t n). Raster mode needs none: it draws glyphs.
///
/// The table numbers differ between makers; the defaults are Epson's (TM series and most
/// clones): 0 = PC437, 17 = PC866. A printer that numbers them otherwise gets its own value
/// from configuration.
public struct ESCPOSCodePage: Sendable, Hashable {
    public var name: String
    public var escposNumber: UInt8
    /// Unicode scalar → byte for 0x80…0xFF; ASCII passes through.
    let upper: [UInt32: UInt8]

    public static let pc437 = ESCPOSCodePage(name: "PC437", escposNumber: 0, upper: [
        0xC7: 0x80, 0xFC: 0x81, 0xE9: 0x82, 0xE2: 0x83, 0xE4: 0x84, 0xE0: 0x85, 0xE5: 0x86, 0xE7: 0x87,
        0xEA: 0x88, 0xEB: 0x89, 0xE8: 0x8A, 0xEF: 0x8B, 0xEE: 0x8C, 0xEC: 0x8D, 0xC4: 0x8E, 0xC5: 0x8F,
        0xC9: 0x90, 0xE6: 0x91, 0xC6: 0x92, 0xF4: 0x93, 0xF6: 0x94, 0xF2: 0x95, 0xFB: 0x96, 0xF9: 0x97,
        0xFF: 0x98, 0xD6: 0x99, 0xDC: 0x9A, 0xA2: 0x9B, 0xA3: 0x9C, 0xA5: 0x9D, 0xE1: 0xA0, 0xED: 0xA1,
        0xF3: 0xA2, 0xFA: 0xA3, 0xF1: 0xA4, 0xD1: 0xA5, 0xDF: 0xE1, 0xB0: 0xF8, 0xA0: 0xFF,
    ])

    public static let pc866: ESCPOSCodePage = {
        var upper: [UInt32: UInt8] = [:]
        for offset in 0..<48 { upper[0x0410 + UInt32(offset)] = 0x80 + UInt8(offset) }   // А…Я а…п
        for offset in 0..<16 { upper[0x0440 + UInt32(offset)] = 0xE0 + UInt8(offset) }   // р…я
        upper[0x0401] = 0xF0   // Ё
        upper[0x0451] = 0xF1   // ё
        upper[0x00B0] = 0xF8   // °
        upper[0x2116] = 0xFC   // №
        upper[0x00A4] = 0xFD   // ¤
        upper[0x00A0] = 0xFF   // no-break space
        return ESCPOSCodePage(name: "PC866", escposNumber: 17, upper: upper)
    }()

    /// Bytes for `text`: ASCII as is, mapped characters from the table, '?' for the rest,
    /// control characters dropped. A few typographic characters fold to ASCII first.
    public func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in text.unicodeScalars {
            let value = Self.folded[scalar.value] ?? scalar.value
            if value >= 0x20 && value < 0x7F {
                out.append(UInt8(value))
            } else if let byte = upper[value] {
                out.append(byte)
            } else if value >= 0x20 {
                out.append(UInt8(ascii: "?"))
            }
        }
        return out
    }

    /// Text for bytes in this table (the parser's view of a plain-text receipt); unknown bytes become U+FFFD.
    public func decode(_ bytes: [UInt8]) -> String {
        var reverse: [UInt8: UInt32] = [:]
        for (scalar, byte) in upper where reverse[byte] == nil || scalar > 0xFF { reverse[byte] = scalar }
        var out = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : reverse[byte] ?? 0xFFFD
            out.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(out)
    }

    /// Whether every character of `text` prints as itself in this table.
    public func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let value = Self.folded[scalar.value] ?? scalar.value
            return (value >= 0x20 && value < 0x7F) || upper[value] != nil
        }
    }

    /// Typographic characters with a plain ASCII stand-in (money formatting uses − and no-break spaces).
    static let folded: [UInt32: UInt32] = [
        0x2212: 0x2D, 0x2013: 0x2D, 0x2014: 0x2D, 0x2018: 0x27, 0x2019: 0x27, 0x201C: 0x22, 0x201D: 0x22,
        0x00D7: 0x78, 0x2026: 0x2E, 0x202F: 0x20,
    ]
}
