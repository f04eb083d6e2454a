import KioskDomain

/// `GET /v1/catalog`: what a kiosk needs to sell offline. Versioned: the response carries
/// `ETag: "<version>"`, and a pull with `If-None-Match` of the same version gets 304.
public struct Catalog: Hashable, Sendable, Codable {
    public var version: Int
    public var currency: String
    /// IANA time zone of the site's wall clock ("Europe/Moscow"): sales windows and day counts use it.
    public var siteTimeZone: String
    public var zones: [CatalogZone]
    public var plans: [CatalogPlan]
    public var staff: [StaffMember]
    /// Time for an amount (a kiosk's `[rate]`): the store checks such a sale's minutes against the
    /// rate of the same id. Nil or empty: the site sells no open amounts.
    public var rates: [CatalogRate]?
    /// The largest banknote the site's kiosks accept, in minor units. A kiosk that keeps an
    /// overpayment keeps less than one note, so the store refuses a larger surplus; nil means the
    /// site keeps no overpayment (the kiosks' default gives an overshooting note back).
    public var maxNoteMinor: Int64?

    public init(version: Int = 0, currency: String, siteTimeZone: String, zones: [CatalogZone] = [],
                plans: [CatalogPlan] = [], staff: [StaffMember] = [], rates: [CatalogRate]? = nil, maxNoteMinor: Int64? = nil) {
        self.version = version
        self.currency = currency
        self.siteTimeZone = siteTimeZone
        self.zones = zones
        self.plans = plans
        self.staff = staff
        self.rates = rates
        self.maxNoteMinor = maxNoteMinor
    }

    public var etag: String { "\"\(version)\"" }
}

/// A room or group of PCs. Sessions in a zone spend this kind of minutes.
public struct CatalogZone: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var minuteCategory: MinuteCategory

    public init(id: String, name: String, minuteCategory: MinuteCategory) {
        self.id = id
        self.name = name
        self.minuteCategory = minuteCategory
    }
}

/// A staff member who may open the kiosk's service menu. Only a slow salted hash of the PIN
/// travels (the format is the kiosk's: the store passes it through unchanged).
public struct StaffMember: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var pinHash: String

    public init(id: String, name: String, pinHash: String) {
        self.id = id
        self.name = name
        self.pinHash = pinHash
    }
}

/// `KioskDomain.PricePlan` on the wire, with plain money and grant shapes.
public struct CatalogPlan: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var price: WireMoney
    public var grant: WireGrant
    public var zones: [String]
    public var salesWindows: [SalesWindow]
    public var validity: Validity
    public var maxBonusBasisPoints: Int
    public var isFree: Bool
    public var discountBasisPoints: Int

    public init(_ plan: PricePlan) {
        id = plan.id
        name = plan.name
        price = WireMoney(plan.price)
        grant = WireGrant(plan.grant)
        zones = plan.zones
        salesWindows = plan.salesWindows
        validity = plan.validity
        maxBonusBasisPoints = plan.maxBonusBasisPoints
        isFree = plan.isFree
        discountBasisPoints = plan.discountBasisPoints
    }

    /// The domain plan; nil when the price's currency or the grant is not one the domain knows, or
    /// when a value decoded from the wire is outside what the domain's initialisers allow
    /// (basis points over 100 %, day counts below one, a sales window off the clock), which the
    /// domain would meet with a trap.
    public var pricePlan: PricePlan? {
        guard let money = price.money, let domainGrant = grant.grant(currency: price.currency) else { return nil }
        guard Money.basisPoints.contains(discountBasisPoints), Money.basisPoints.contains(maxBonusBasisPoints),
              validity.isWellFormed, salesWindows.allSatisfy(\.isWellFormed) else { return nil }
        return PricePlan(id: id, name: name, price: money, grant: domainGrant, zones: zones,
                         salesWindows: salesWindows, validity: validity, maxBonusBasisPoints: maxBonusBasisPoints,
                         isFree: isFree, discountBasisPoints: discountBasisPoints)
    }
}

/// `KioskDomain.RatePlan` on the wire: time for any amount at an hourly price.
public struct CatalogRate: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var hourlyPrice: WireMoney
    public var category: MinuteCategory
    public var minimumAmount: WireMoney
    public var validity: Validity

    public init(_ rate: RatePlan) {
        id = rate.id
        name = rate.name
        hourlyPrice = WireMoney(rate.hourlyPrice)
        category = rate.category
        minimumAmount = WireMoney(rate.minimumAmount)
        validity = rate.validity
    }

    /// The domain rate; nil for an unknown currency, a currency mix, an hourly price that is not
    /// positive or a validity the domain's initialisers refuse (`RatePlan.init` traps on them).
    public var ratePlan: RatePlan? {
        guard let hourly = hourlyPrice.money, let minimum = minimumAmount.money, hourly.currency == minimum.currency,
              hourly.isPositive, !minimum.isNegative, validity.isWellFormed else { return nil }
        return RatePlan(id: id, name: name, hourlyPrice: hourly, category: category, minimumAmount: minimum, validity: validity)
    }
}
