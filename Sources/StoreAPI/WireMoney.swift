import KioskDomain

/// Money on the wire: integer minor units and an ISO 4217 code. Never a floating-point number.
public struct WireMoney: Hashable, Sendable, Codable {
    public var minor: Int64
    public var currency: String

    public init(minor: Int64, currency: String) {
        self.minor = minor
        self.currency = currency
    }

    public init(_ money: Money) { self.init(minor: money.minorUnits, currency: money.currency.code) }

    /// The domain value, or nil for a currency the domain does not know.
    public var money: Money? {
        Currency.known[currency].map { Money(minorUnits: minor, currency: $0) }
    }
}

/// What a sale or refill puts on a ticket or account: a quantity of one balance unit
/// (minutes, megabytes, or minor units of money).
public struct WireGrant: Hashable, Sendable, Codable {
    public var unit: BalanceUnit
    public var quantity: Int64

    public init(unit: BalanceUnit, quantity: Int64) {
        self.unit = unit
        self.quantity = quantity
    }

    public init(_ grant: Grant) { self.init(unit: grant.unit, quantity: grant.quantity) }

    /// The domain grant; nil for units no plan grants (bonus) or a money grant in an unknown currency.
    public func grant(currency: String) -> Grant? {
        switch unit {
        case .gameMinutes: .minutes(quantity, .game)
        case .internetMinutes: .minutes(quantity, .internet)
        case .dataMegabytes: .dataMegabytes(quantity)
        case .money: Currency.known[currency].map { .money(Money(minorUnits: quantity, currency: $0)) }
        case .bonus: nil
        }
    }
}

/// Who a refill is for: a ticket (by code) or an account (by username).
public struct WireTarget: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case ticket, account }
    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    public static func ticket(_ code: String) -> WireTarget { WireTarget(kind: .ticket, id: code) }
    public static func account(_ username: String) -> WireTarget { WireTarget(kind: .account, id: username) }
}

/// Balances keyed by `BalanceUnit` raw value ("internet_minutes": 60).
public typealias WireBalances = [String: Int64]

extension Balances {
    public var wire: WireBalances {
        Dictionary(uniqueKeysWithValues: amounts.map { ($0.key.rawValue, $0.value) })
    }
}
