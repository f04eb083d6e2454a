import Foundation

/// A tariff the kiosk sells: what it costs, what it grants, where and when it is on sale,
/// and how long what it grants stays valid.
public struct PricePlan: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var price: Money
    public var grant: Grant
    /// Zones (rooms, PC groups) the plan is valid in; empty means every zone.
    public var zones: [String]
    /// When the plan is on sale; empty means always.
    public var salesWindows: [SalesWindow]
    public var validity: Validity
    /// The largest share of the price that may be paid from a bonus balance, in basis points.
    public var maxBonusBasisPoints: Int
    /// Free plans are given away: they never appear in sales reports and take no money.
    public var isFree: Bool
    /// A standing discount on this plan, in basis points (1500 = 15 %).
    public var discountBasisPoints: Int

    public init(id: String, name: String, price: Money, grant: Grant, zones: [String] = [],
                salesWindows: [SalesWindow] = [], validity: Validity = .unlimited,
                maxBonusBasisPoints: Int = 0, isFree: Bool = false, discountBasisPoints: Int = 0) {
        self.id = id
        self.name = name
        self.price = price
        self.grant = grant
        self.zones = zones
        self.salesWindows = salesWindows
        self.validity = validity
        self.maxBonusBasisPoints = maxBonusBasisPoints
        self.isFree = isFree
        self.discountBasisPoints = discountBasisPoints
    }

    /// What the customer pays: free plans cost nothing, otherwise the price less the plan's discount.
    public var effectivePrice: Money {
        isFree ? .zero(price.currency) : price.discounted(byBasisPoints: discountBasisPoints)
    }

    /// The most of `effectivePrice` that a bonus balance may cover, rounded down to the minor unit.
    public var maxBonusPayment: Money {
        let share = effectivePrice.minorUnits.multipliedFullWidth(by: Int64(maxBonusBasisPoints))
        return Money(minorUnits: Int64(10_000).dividingFullWidth(share).quotient, currency: price.currency)
    }

    /// Whether the plan may be sold in `zone` at `instant`, judged on the site's wall clock.
    public func isOnSale(inZone zone: String?, at instant: Date, siteTimeZone: TimeZone) -> Bool {
        if let zone, !zones.isEmpty, !zones.contains(zone) { return false }
        if salesWindows.isEmpty { return true }
        return salesWindows.contains { $0.contains(instant, in: siteTimeZone) }
    }
}

/// What a plan, a refill or a purchase of time puts on a ticket or account.
public enum Grant: Hashable, Sendable, Codable {
    case minutes(Int64, MinuteCategory)
    case dataMegabytes(Int64)
    case money(Money)

    /// The balance unit this grant adds to.
    public var unit: BalanceUnit {
        switch self {
        case .minutes(_, let category): category == .game ? .gameMinutes : .internetMinutes
        case .dataMegabytes: .dataMegabytes
        case .money: .money
        }
    }

    /// The amount added to `unit` (minor units for money).
    public var quantity: Int64 {
        switch self {
        case .minutes(let minutes, _): minutes
        case .dataMegabytes(let megabytes): megabytes
        case .money(let money): money.minorUnits
        }
    }
}

/// Game and internet minutes are separate balances (as on regular-client cards) and never convert.
public enum MinuteCategory: String, Hashable, Sendable, Codable, CaseIterable {
    case game, internet
}

/// The balances a ticket or account holds. Each is an integer count of its unit.
public enum BalanceUnit: String, Hashable, Sendable, Codable, CaseIterable {
    case money          // minor units
    case bonus          // minor units of bonus credit, spendable up to a plan's max bonus share
    case gameMinutes = "game_minutes"
    case internetMinutes = "internet_minutes"
    case dataMegabytes = "data_mb"
}
