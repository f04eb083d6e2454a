/// An amount of money in integer minor units (cents, kopecks) of one currency.
///
/// Money never touches floating point: every price, note, balance and ledger row is an `Int64`
/// of minor units. Arithmetic traps instead of wrapping, and mixing currencies is a programming
/// error (the kiosk is configured for exactly one currency), so both are preconditions.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Whole major units, e.g. `Money.major(100, .rub)` is 100.00 RUB.
    public static func major(_ units: Int64, _ currency: Currency) -> Money {
        let (value, overflow) = units.multipliedReportingOverflow(by: currency.minorPerMajor)
        precondition(!overflow, "money overflow: \(units) \(currency.code)")
        return Money(minorUnits: value, currency: currency)
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isPositive: Bool { minorUnits > 0 }
    public var isNegative: Bool { minorUnits < 0 }

    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "currency mismatch: \(lhs.currency.code) + \(rhs.currency.code)")
        let (value, overflow) = lhs.minorUnits.addingReportingOverflow(rhs.minorUnits)
        precondition(!overflow, "money overflow: \(lhs) + \(rhs)")
        return Money(minorUnits: value, currency: lhs.currency)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "currency mismatch: \(lhs.currency.code) - \(rhs.currency.code)")
        let (value, overflow) = lhs.minorUnits.subtractingReportingOverflow(rhs.minorUnits)
        precondition(!overflow, "money overflow: \(lhs) - \(rhs)")
        return Money(minorUnits: value, currency: lhs.currency)
    }

    public static prefix func - (value: Money) -> Money {
        precondition(value.minorUnits != .min, "money overflow: -\(value)")
        return Money(minorUnits: -value.minorUnits, currency: value.currency)
    }

    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }

    /// Multiplies by a whole count (e.g. notes of one denomination).
    public func times(_ count: Int64) -> Money {
        let (value, overflow) = minorUnits.multipliedReportingOverflow(by: count)
        precondition(!overflow, "money overflow: \(self) × \(count)")
        return Money(minorUnits: value, currency: currency)
    }

    /// The shares a discount or bonus may take: 0 … 10 000 basis points is 0 … 100 %.
    public static let basisPoints = 0...10_000

    /// This amount reduced by `basisPoints` / 10000 (a discount of 1500 bp is 15 %), the discount
    /// rounded down to the minor unit so the customer never pays more than the advertised percentage.
    public func discounted(byBasisPoints basisPoints: Int) -> Money {
        precondition(Self.basisPoints.contains(basisPoints), "discount out of range: \(basisPoints) bp")
        let discount = minorUnits.multipliedFullWidth(by: Int64(basisPoints))
        let (quotient, _) = Int64(10_000).dividingFullWidth(discount)
        return Money(minorUnits: minorUnits - quotient, currency: currency)
    }

    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "currency mismatch: \(lhs.currency.code) < \(rhs.currency.code)")
        return lhs.minorUnits < rhs.minorUnits
    }

    public var description: String { "\(MoneyFormatter.plain(self)) \(currency.code)" }
}

/// A currency the kiosk can be configured for, with how many minor units make one major unit.
public struct Currency: Hashable, Sendable, Codable {
    public let code: String
    public let minorPerMajor: Int64
    /// Symbol shown to customers ("₽", "$", "€").
    public let symbol: String

    public init(code: String, minorPerMajor: Int64, symbol: String) {
        precondition(minorPerMajor > 0 && code.count == 3, "invalid currency \(code)")
        self.code = code
        self.minorPerMajor = minorPerMajor
        self.symbol = symbol
    }

    public static let rub = Currency(code: "RUB", minorPerMajor: 100, symbol: "₽")
    public static let usd = Currency(code: "USD", minorPerMajor: 100, symbol: "$")
    public static let eur = Currency(code: "EUR", minorPerMajor: 100, symbol: "€")
    public static let kzt = Currency(code: "KZT", minorPerMajor: 100, symbol: "₸")

    public static let known: [String: Currency] = ["RUB": .rub, "USD": .usd, "EUR": .eur, "KZT": .kzt]
}
