import KioskDomain
import StoreAPI

/// A request the store refuses on its merits, with the sentence the caller shows to a person.
public struct Refusal: Error, Hashable, Sendable {
    public var code: String
    public var message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Checks on what callers send. Statements bind every value, so odd input cannot change SQL; these
/// rules keep odd input out of the ledger and logs (identifiers are short and plain).
enum InputRules {
    static let identifierCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@-")

    static func identifier(_ value: String, _ field: String) throws(Refusal) {
        guard (1...64).contains(value.count), value.allSatisfy(identifierCharacters.contains) else {
            throw Refusal("invalid_input", "\(field) must be 1…64 letters, digits or _.:@-")
        }
    }

    /// A ledger reference the console names a sale by: an identifier, or a kiosk event's
    /// "<kiosk id>/<event id>" (`EventApplication.reference`).
    static func reference(_ value: String, _ field: String) throws(Refusal) {
        let parts = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        do {
            for part in parts { try identifier(String(part), field) }
        } catch {
            throw Refusal("invalid_input", "\(field) must be an identifier, or a kiosk id and an event id joined by /")
        }
    }

    static func text(_ value: String, _ field: String, maxLength: Int = 200) throws(Refusal) {
        guard value.count <= maxLength, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Refusal("invalid_input", "\(field) must be at most \(maxLength) characters without control characters")
        }
    }

    static func code(_ value: String) throws(Refusal) -> AccessCode {
        do { return try AccessCode.parse(value) } catch {
            throw Refusal("invalid_code", "code: \(error)")
        }
    }

    static func money(_ value: WireMoney, _ field: String, currency: String?, allowZero: Bool = true) throws(Refusal) {
        guard value.money != nil, currency == nil || value.currency == currency else {
            throw Refusal("invalid_input", "\(field) must be in the store's currency \(currency ?? "")")
        }
        guard value.minor > 0 || (allowZero && value.minor == 0) else {
            throw Refusal("invalid_input", "\(field) must be positive")
        }
        try amount(value.minor, field)
    }

    /// An amount of minor units within `InputLimits.maxAmountMinor` (the sign is the caller's rule).
    static func amount(_ minor: Int64, _ field: String) throws(Refusal) {
        guard minor.magnitude <= InputLimits.maxAmountMinor.magnitude else {
            throw Refusal("invalid_input", "\(field) must be at most \(InputLimits.maxAmountMinor) minor units")
        }
    }

    static func grant(_ value: WireGrant, currency: String?) throws(Refusal) -> Grant {
        let limit = InputLimits.maxGrantQuantity
        guard value.quantity >= 0, value.quantity <= limit, let grant = value.grant(currency: currency ?? "USD") else {
            throw Refusal("invalid_input", "grant must be 0…\(limit) of a unit a plan can grant")
        }
        return grant
    }

    /// A discount or bonus share in basis points.
    static func basisPoints(_ value: Int, _ field: String) throws(Refusal) {
        guard InputLimits.basisPoints.contains(value) else {
            throw Refusal("invalid_input", "\(field) must be \(InputLimits.basisPoints.lowerBound)…\(InputLimits.basisPoints.upperBound) basis points (0…100 %)")
        }
    }

    /// A percentage typed by staff ("15", "12,5") as basis points. Checked as a Double before any
    /// conversion: Int(1e300) or Int(nan) would trap.
    static func percent(_ text: String, _ field: String) throws(Refusal) -> Int {
        if text.isEmpty { return 0 }
        guard let value = Double(text.replacingOccurrences(of: ",", with: ".")), (0...100).contains(value) else {
            throw Refusal("invalid_input", "\(field) must be 0…100 %")
        }
        return Int((value * 100).rounded())
    }

    /// Day counts a calendar can add, on a validity that came over the wire (decoding skips
    /// `Validity.init`'s own check).
    static func validity(_ value: Validity) throws(Refusal) {
        // The upper bound is the store's (a calendar cannot add Int.max days); the lower, the domain's.
        for days in [value.daysFromSale, value.daysFromFirstUse].compactMap({ $0 }) {
            guard InputLimits.validityDays.contains(days) else {
                throw Refusal("invalid_input", "validity days must be \(InputLimits.validityDays.lowerBound)…\(InputLimits.validityDays.upperBound)")
            }
        }
    }

    static func zones(_ zones: [String]) throws(Refusal) {
        guard zones.count <= InputLimits.maxZones else {
            throw Refusal("invalid_input", "at most \(InputLimits.maxZones) zones")
        }
        for zone in zones { try identifier(zone, "zone") }
    }

    /// A sales window from the wire, where decoding skips `SalesWindow.init`'s checks.
    static func salesWindow(_ window: SalesWindow) throws(Refusal) {
        guard !window.weekdays.isEmpty, window.isWellFormed else {
            throw Refusal("invalid_input", "a sales window needs weekdays 1…7, a start minute 0…1439 and an end minute 0…1440")
        }
    }

    /// Every value of a catalog plan that the store, the console and the kiosks compute with.
    static func plan(_ plan: CatalogPlan, currency: String) throws(Refusal) {
        try identifier(plan.id, "plan id")
        try text(plan.name, "plan name", maxLength: 100)
        try money(plan.price, "plan \(plan.id) price", currency: currency)
        _ = try grant(plan.grant, currency: currency)
        try zones(plan.zones)
        guard plan.salesWindows.count <= InputLimits.maxSalesWindows else {
            throw Refusal("invalid_input", "plan \(plan.id) has more than \(InputLimits.maxSalesWindows) sales windows")
        }
        for window in plan.salesWindows { try salesWindow(window) }
        try validity(plan.validity)
        try basisPoints(plan.discountBasisPoints, "plan \(plan.id) discount")
        try basisPoints(plan.maxBonusBasisPoints, "plan \(plan.id) bonus share")
    }

    /// A rate of the catalog: what `CatalogRate.ratePlan` needs to build a `RatePlan` without a trap.
    static func rate(_ rate: CatalogRate, currency: String) throws(Refusal) {
        try identifier(rate.id, "rate id")
        try text(rate.name, "rate name", maxLength: 100)
        try money(rate.hourlyPrice, "rate \(rate.id) hourly price", currency: currency, allowZero: false)
        try money(rate.minimumAmount, "rate \(rate.id) minimum", currency: currency)
        try validity(rate.validity)
        guard rate.ratePlan != nil else { throw Refusal("invalid_input", "rate \(rate.id) is not one a kiosk can sell") }
    }

    // MARK: Checked arithmetic

    /// What the listed notes come to, each count and denomination within `InputLimits`, the sum
    /// checked: wrapping arithmetic would let 4 notes of 2^62 "add up" to nothing.
    static func noteTotal(_ notes: [CashCollected.NoteCount]) throws(Refusal) -> Int64 {
        guard notes.count <= InputLimits.maxDenominations else {
            throw Refusal("invalid_input", "at most \(InputLimits.maxDenominations) denominations per collection")
        }
        var total: Int64 = 0
        for note in notes {
            guard (0...InputLimits.maxNotesPerDenomination).contains(note.count) else {
                throw Refusal("invalid_input", "a note count must be 0…\(InputLimits.maxNotesPerDenomination)")
            }
            guard note.denominationMinor > 0 else { throw Refusal("invalid_input", "a denomination must be positive") }
            try InputRules.amount(note.denominationMinor, "denomination")
            let value = try InputRules.product(note.denominationMinor, Int64(note.count), "denomination × count")
            total = try InputRules.sum(total, value, "the notes counted")
        }
        return total
    }

    /// `a + b`, or a refusal naming what was being added: a request never traps on overflow.
    static func sum(_ a: Int64, _ b: Int64, _ what: String) throws(Refusal) -> Int64 {
        let (value, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw Refusal("invalid_input", "\(what) is too large to add up") }
        return value
    }

    /// `a × b`, or a refusal naming what was being multiplied.
    static func product(_ a: Int64, _ b: Int64, _ what: String) throws(Refusal) -> Int64 {
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw Refusal("invalid_input", "\(what) is too large to multiply out") }
        return value
    }
}
