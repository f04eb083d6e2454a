import Foundation

/// A customer's receipt for one sale: enough to prove payment and to log in with the code.
public struct Receipt: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public var name: String
        /// What the item grants, already worded ("60 min internet").
        public var detail: String
        public var amount: Money
        public init(name: String, detail: String = "", amount: Money) {
            self.name = name
            self.detail = detail
            self.amount = amount
        }
    }

    /// Money beyond the price and where it went (a customer credit, a change voucher, extra time).
    public struct Surplus: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable { case credit, changeVoucher, extraTime }
        public var kind: Kind
        public var amount: Money
        /// The credit or change-voucher code to quote at the counter, when there is one.
        public var reference: String?
        public init(kind: Kind, amount: Money, reference: String? = nil) {
            self.kind = kind
            self.amount = amount
            self.reference = reference
        }
    }

    /// Site name and address lines, printed centred at the top.
    public var header: [String]
    public var items: [Item]
    public var paid: Money
    public var surplus: Surplus?
    /// The access code, printed large; nil for a receipt that only records money (a credit).
    public var code: AccessCode?
    /// What the QR encodes (a login link or the bare code); nil prints no QR.
    public var qrPayload: String?
    public var validUntil: Date?
    public var footer: [String]
    /// The purchase id, printed small so staff can find the sale.
    public var reference: String
    public var issuedAt: Date
    public var language: MoneyFormatter.Language
    public var timeZone: TimeZone

    public init(header: [String], items: [Item], paid: Money, surplus: Surplus? = nil, code: AccessCode?,
                qrPayload: String?, validUntil: Date? = nil, footer: [String] = [], reference: String,
                issuedAt: Date, language: MoneyFormatter.Language = .en, timeZone: TimeZone = .current) {
        self.header = header
        self.items = items
        self.paid = paid
        self.surplus = surplus
        self.code = code
        self.qrPayload = qrPayload
        self.validUntil = validUntil
        self.footer = footer
        self.reference = reference
        self.issuedAt = issuedAt
        self.language = language
        self.timeZone = timeZone
    }

    public var total: Money? {
        guard let first = items.first else { return nil }
        return items.dropFirst().reduce(first.amount) { $0 + $1.amount }
    }
}
