import Foundation

/// Cards for the counter: many on A4 to cut, or one per sheet of card stock.
public struct VoucherSheet: Sendable, Hashable, Codable {
    public enum Stock: Sendable, Hashable, Codable {
        /// A4 portrait with `columns` × `rows` cards of 85.6 × 54 mm and cut marks.
        case a4(columns: Int, rows: Int)
        /// One 85.6 × 54 mm (ID-1) card per page.
        case card
    }

    public var cards: [VoucherCard]
    public var stock: Stock
    public var language: MoneyFormatter.Language
    public var timeZone: TimeZone

    public init(cards: [VoucherCard], stock: Stock = .a4(columns: 2, rows: 5),
                language: MoneyFormatter.Language = .en, timeZone: TimeZone = .current) {
        self.cards = cards
        self.stock = stock
        self.language = language
        self.timeZone = timeZone
    }
}
