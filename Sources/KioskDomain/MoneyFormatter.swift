/// Formats money for people, in the conventions of the screen's language.
///
/// English: `$1,234.50`, `RUB 1,234.50` style with the symbol in front.
/// Russian: `1 234,50 ₽` — a no-break space groups thousands, a comma separates the fraction,
/// the symbol follows. Whole amounts drop the fraction on screen ("100 ₽") because a kiosk
/// price list of round numbers reads better; receipts ask for `alwaysShowFraction`.
public enum MoneyFormatter {
    public enum Language: String, Sendable, CaseIterable, Codable {
        case en, ru
    }

    public static func format(_ money: Money, language: Language, alwaysShowFraction: Bool = false) -> String {
        let negative = money.minorUnits < 0
        let magnitude = money.minorUnits.magnitude
        let perMajor = UInt64(money.currency.minorPerMajor)
        let major = magnitude / perMajor
        let minor = magnitude % perMajor
        let groupSeparator = language == .ru ? "\u{00A0}" : ","
        let decimalSeparator = language == .ru ? "," : "."
        var number = grouped(major, separator: groupSeparator)
        if minor != 0 || alwaysShowFraction {
            number += decimalSeparator + fraction(minor, perMajor: perMajor)
        }
        let sign = negative ? "−" : ""
        switch language {
        case .en: return sign + money.currency.symbol + number
        case .ru: return sign + number + "\u{00A0}" + money.currency.symbol
        }
    }

    /// Machine-neutral form used in logs, CSV and JSON: `-1234.50`.
    public static func plain(_ money: Money) -> String {
        let perMajor = UInt64(money.currency.minorPerMajor)
        let magnitude = money.minorUnits.magnitude
        let sign = money.minorUnits < 0 ? "-" : ""
        if perMajor == 1 { return sign + String(magnitude) }
        return sign + String(magnitude / perMajor) + "." + fraction(magnitude % perMajor, perMajor: perMajor)
    }

    private static func fraction(_ minor: UInt64, perMajor: UInt64) -> String {
        let digits = String(perMajor - 1).count
        let text = String(minor)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func grouped(_ value: UInt64, separator: String) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += separator }
            result.append(digit)
        }
        return result
    }
}
