import Foundation
import KioskCore
import KioskDomain

/// A receipt as a column of blocks, independent of how it reaches paper.
///
/// The same layout feeds the raster encoder (drawn glyphs: any language, the QR exactly as drawn)
/// and the plain-text encoder (printer font and the printer's own QR), so both modes print the
/// same content in the same order.
public enum ReceiptBlock: Sendable, Hashable {
    case text(String, ReceiptTextStyle, ESCPOSAlignment)
    /// Label at the left, value at the right, on one line.
    case columns(String, String, ReceiptTextStyle)
    /// A thin line across the paper.
    case rule
    case qr(String)
    /// Blank paper, in dots (203 dpi: 8 dots per millimetre).
    case space(Int)
}

public struct ReceiptTextStyle: Sendable, Hashable {
    public enum Size: Int, Sendable, Hashable { case normal = 1, large = 2, huge = 3 }
    public var size: Size
    public var bold: Bool
    public init(size: Size = .normal, bold: Bool = false) {
        self.size = size
        self.bold = bold
    }
    public static let body = ReceiptTextStyle()
    public static let strong = ReceiptTextStyle(bold: true)
}

public enum ReceiptLayout {
    /// The blocks of `receipt`: header, what was bought, paid, surplus or credit, the code large,
    /// its QR, validity and footer. The cut is the encoder's.
    public static func blocks(for receipt: Receipt) -> [ReceiptBlock] {
        let words = ReceiptWords(receipt.language)
        var blocks: [ReceiptBlock] = []
        for (index, line) in receipt.header.enumerated() {
            blocks.append(.text(line, index == 0 ? ReceiptTextStyle(size: .large, bold: true) : .body, .center))
        }
        blocks.append(.space(8))
        blocks.append(.columns(dateText(receipt.issuedAt, receipt.timeZone), "#\(receipt.reference)", .body))
        blocks.append(.rule)
        for item in receipt.items {
            blocks.append(.columns(item.name, money(item.amount, receipt.language), .strong))
            if !item.detail.isEmpty { blocks.append(.text(item.detail, .body, .left)) }
        }
        blocks.append(.rule)
        if let total = receipt.total { blocks.append(.columns(words.total, money(total, receipt.language), .strong)) }
        blocks.append(.columns(words.paid, money(receipt.paid, receipt.language), .body))
        if let surplus = receipt.surplus {
            blocks.append(.columns(words.surplus(surplus.kind), money(surplus.amount, receipt.language), .body))
            if let reference = surplus.reference { blocks.append(.text(reference, .strong, .right)) }
        }
        if let code = receipt.code {
            blocks.append(.rule)
            blocks.append(.text(words.yourCode, .body, .center))
            blocks.append(.text(code.grouped, ReceiptTextStyle(size: .huge, bold: true), .center))
        }
        if let payload = receipt.qrPayload {
            blocks.append(.space(8))
            blocks.append(.qr(payload))
        }
        if let until = receipt.validUntil {
            blocks.append(.text("\(words.validUntil) \(dateText(until, receipt.timeZone))", .body, .center))
        }
        if !receipt.footer.isEmpty {
            blocks.append(.space(8))
            for line in receipt.footer { blocks.append(.text(line, .body, .center)) }
        }
        return blocks
    }

    static func money(_ money: Money, _ language: MoneyFormatter.Language) -> String {
        MoneyFormatter.format(money, language: language, alwaysShowFraction: true)
    }

    static func dateText(_ date: Date, _ timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

/// The receipt's fixed words in the kiosk's languages.
struct ReceiptWords {
    let total, paid, yourCode, validUntil: String
    let credit, changeVoucher, extraTime: String

    init(_ language: MoneyFormatter.Language) {
        switch language {
        case .en:
            (total, paid, yourCode, validUntil) = ("Total", "Paid", "Your access code", "Valid until")
            (credit, changeVoucher, extraTime) = ("Credit", "Change voucher", "Extra time for")
        case .ru:
            (total, paid, yourCode, validUntil) = ("Итого", "Оплачено", "Ваш код доступа", "Действует до")
            (credit, changeVoucher, extraTime) = ("Кредит", "Ваучер на сдачу", "Доп. время на")
        }
    }

    func surplus(_ kind: Receipt.Surplus.Kind) -> String {
        switch kind {
        case .credit: credit
        case .changeVoucher: changeVoucher
        case .extraTime: extraTime
        }
    }
}
