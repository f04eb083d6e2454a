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

    public init(version: Int = 0, currency: String, siteTimeZone: String, zones: [CatalogZone] = [],
                plans: [CatalogPlan] = [], staff: [StaffMember] = []) {
        self.version = version
        self.currency = currency
        self.siteTimeZone = siteTimeZone
        self.zones = zones
        self.plans = plans
        self.staff = staff
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
