import Foundation
import KioskDomain
import StoreAPI

/// What the store believes of a kiosk's sale, refill or voucher batch. A kiosk token is no
/// licence to print time: the money and minutes of every event must follow from a plan of a
/// catalog in force (`CatalogsInForce`) by the rules the kiosk itself sells by — the plan's
/// effective price (its discount applied), its grant, validity and zones (no more generous), a kept surplus
/// (less than one note) either kept as a change voucher or turned into extra time at the plan's
/// own rate (`PricePlan.extraGrant`); an open amount by its rate (`RatePlan.minutes`). An event
/// that follows from no version is doubted (`Doubt`) and goes to the quarantine.
enum KioskEventChecks {
    static func sale(_ sale: TicketSold, catalogs: CatalogsInForce) throws(Doubt) {
        try catalogs.requireAny()
        let plans = catalogs.plans(sale.planID).map { plan in { problem(sale, plan: plan, maxNote: catalogs.maxNoteMinor) } }
        let rates = catalogs.rates(sale.planID).map { rate in { problem(sale, rate: rate) } }
        try requireOneVouching(plans + rates, otherwise: unknownPlan(sale.planID))
    }

    /// A refill's plan, price, grant and surplus. Kiosks that predate the plan id in their refill
    /// entries send "refill": any plan of that price and grant vouches for those.
    static func refill(_ refill: RefillApplied, catalogs: CatalogsInForce) throws(Doubt) {
        try catalogs.requireAny()
        let unnamed = refill.planID == "refill"
        let plans = unnamed ? catalogs.allPlans : catalogs.plans(refill.planID)
        try requireOneVouching(plans.map { plan in { problem(refill, plan: plan, maxNote: catalogs.maxNoteMinor) } },
                               otherwise: unknownPlan(refill.planID))
    }

    /// A batch printed at a kiosk: tickets, refill codes or prepaid user accounts of a plan in force,
    /// at no more than the plan's price and at more than nothing (free vouchers and postpaid
    /// accounts are the owner's to make, at the console).
    static func voucherBatch(_ batch: VoucherBatchSold, catalogs: CatalogsInForce) throws(Doubt) {
        guard let kind = VoucherBatch.Kind(rawValue: batch.kind), kind != .free else {
            throw Doubt("batch_kind", "a kiosk's batch holds tickets, refill codes or user accounts, not '\(batch.kind)'")
        }
        if let account = batch.accounts?.first(where: { $0.kind != .prepaid }) {
            throw Doubt("account_kind", "a kiosk's batch makes prepaid accounts only; \(account.username) is \(account.kind.rawValue)")
        }
        guard (batch.codes ?? []).isEmpty || kind == .ticket, (batch.accounts ?? []).isEmpty || kind == .userAccount else {
            throw Doubt("batch_kind", "a \(batch.kind) batch lists codes or accounts of another kind")
        }
        try catalogs.requireAny()
        try requireOneVouching(catalogs.plans(batch.planID).map { plan in { problem(batch, plan: plan) } },
                               otherwise: unknownPlan(batch.planID))
    }

    // MARK: One version of a plan

    private static func problem(_ sale: TicketSold, plan: PricePlan, maxNote: Int64?) -> Doubt? {
        if let doubt = sameTerms(plan, currency: sale.price.currency, unit: sale.grant.unit, validity: sale.validity,
                                 zones: sale.zones) { return doubt }
        let price = plan.effectivePrice.minorUnits, base = plan.grant.quantity
        guard sale.price.minor >= price else {
            return Doubt("price", "\(sale.price.minor) paid, but plan \(plan.id) costs \(price)")
        }
        let surplus = sale.price.minor - price
        if surplus == 0 {
            return sale.grant.quantity == base ? nil
                : Doubt("grant", "plan \(plan.id) grants \(base) \(plan.grant.unit.rawValue) for \(price), not \(sale.grant.quantity)")
        }
        if let doubt = surplusDoubt(surplus, maxNote: maxNote) { return doubt }
        if sale.grant.quantity == base { return nil }   // the surplus became a change voucher
        let withExtra = extraQuantity(plan, surplus: surplus).map { base.addingReportingOverflow($0) }
        guard let withExtra, !withExtra.overflow, withExtra.partialValue == sale.grant.quantity else {
            return Doubt("grant", "plan \(plan.id) grants \(base) \(plan.grant.unit.rawValue) for \(price), and a surplus of "
                         + "\(surplus) adds its rate's worth; \(sale.grant.quantity) is neither")
        }
        return nil
    }

    private static func problem(_ sale: TicketSold, rate: RatePlan) -> Doubt? {
        let unit: BalanceUnit = rate.category == .game ? .gameMinutes : .internetMinutes
        guard sale.price.currency == rate.hourlyPrice.currency.code, sale.grant.unit == unit, within(sale.validity, rate.validity) else {
            return Doubt("grant", "rate \(rate.id) sells \(unit.rawValue) in \(rate.hourlyPrice.currency.code) with its own validity")
        }
        guard let minutes = rate.minutes(for: Money(minorUnits: sale.price.minor, currency: rate.hourlyPrice.currency)) else {
            return Doubt("price", "\(sale.price.minor) is below rate \(rate.id)'s minimum of \(rate.minimumAmount.minorUnits)")
        }
        return minutes == sale.grant.quantity ? nil
            : Doubt("grant", "rate \(rate.id) gives \(minutes) minutes for \(sale.price.minor), not \(sale.grant.quantity)")
    }

    private static func problem(_ refill: RefillApplied, plan: PricePlan, maxNote: Int64?) -> Doubt? {
        // A refill's validity extends its target; none extends nothing (and is what kiosks send
        // for refills that name no plan).
        let validity = refill.validity == .unlimited ? plan.validity : refill.validity
        if let doubt = sameTerms(plan, currency: refill.price.currency, unit: refill.grant.unit, validity: validity,
                                 zones: plan.zones) { return doubt }
        let price = plan.effectivePrice.minorUnits
        guard refill.price.minor == price, refill.grant.quantity == plan.grant.quantity else {
            return Doubt(refill.price.minor == price ? "grant" : "price",
                         "plan \(plan.id) refills \(plan.grant.quantity) \(plan.grant.unit.rawValue) for \(price), "
                         + "not \(refill.grant.quantity) for \(refill.price.minor)")
        }
        return surplusDoubt(refill.surplus?.minor ?? 0, maxNote: maxNote)
    }

    private static func problem(_ batch: VoucherBatchSold, plan: PricePlan) -> Doubt? {
        if let doubt = sameTerms(plan, currency: batch.unitPrice.currency, unit: batch.grant?.unit ?? plan.grant.unit,
                                 validity: batch.validity ?? plan.validity, zones: batch.zones ?? plan.zones) { return doubt }
        if let grant = batch.grant, grant.quantity != plan.grant.quantity {
            return Doubt("grant", "plan \(plan.id) grants \(plan.grant.quantity) \(plan.grant.unit.rawValue), not \(grant.quantity)")
        }
        let price = plan.effectivePrice.minorUnits
        guard batch.unitPrice.minor <= price, batch.unitPrice.minor > 0 || price == 0 else {
            return Doubt("price", "a voucher of plan \(plan.id) costs more than nothing and at most \(price), not \(batch.unitPrice.minor)")
        }
        return nil
    }

    // MARK: Shared rules

    /// Passes as soon as one version vouches (has no problem with the event); otherwise throws the
    /// first version's problem, or `otherwise` when there is no version at all.
    private static func requireOneVouching(_ problems: [() -> Doubt?], otherwise none: Doubt) throws(Doubt) {
        var first: Doubt?
        for problem in problems {
            guard let doubt = problem() else { return }
            first = first ?? doubt
        }
        throw first ?? none
    }

    private static func sameTerms(_ plan: PricePlan, currency: String, unit: BalanceUnit, validity: Validity,
                                  zones: [String]) -> Doubt? {
        guard currency == plan.price.currency.code else {
            return Doubt("price", "plan \(plan.id) is priced in \(plan.price.currency.code), not \(currency)")
        }
        guard unit == plan.grant.unit else {
            return Doubt("grant", "plan \(plan.id) grants \(plan.grant.unit.rawValue), not \(unit.rawValue)")
        }
        guard within(validity, plan.validity), within(zones, plan.zones) else {
            return Doubt("grant", "the validity or zones are more generous than plan \(plan.id)'s")
        }
        return nil
    }

    /// A kiosk may grant less than the catalog's plan (its config may be stricter: a kiosk that
    /// never reached the store sells its own plans), never more: each limit the plan sets is set,
    /// no later, on the event too.
    private static func within(_ validity: Validity, _ plan: Validity) -> Bool {
        func holds<T: Comparable>(_ own: T?, _ limit: T?) -> Bool {
            guard let limit else { return true }
            return own.map { $0 <= limit } ?? false
        }
        return holds(validity.fixedUntil, plan.fixedUntil) && holds(validity.daysFromSale, plan.daysFromSale)
            && holds(validity.daysFromFirstUse, plan.daysFromFirstUse)
    }

    /// Zones: empty means every zone, so a plan of every zone allows any; another plan, a subset.
    private static func within(_ zones: [String], _ plan: [String]) -> Bool {
        plan.isEmpty || (!zones.isEmpty && Set(zones).isSubset(of: Set(plan)))
    }

    /// A kiosk keeps a surplus only when the last note overshot: less than one note, and only
    /// where the catalog says how large a note can be (a site that keeps overpayments says so).
    private static func surplusDoubt(_ surplus: Int64, maxNote: Int64?) -> Doubt? {
        guard surplus != 0 else { return nil }
        guard surplus > 0 else { return Doubt("surplus", "a surplus cannot be negative") }
        guard let maxNote else {
            return Doubt("surplus", "\(surplus) kept beyond the price, but the catalog names no largest note (maxNoteMinor): "
                         + "the site keeps no overpayment")
        }
        return surplus < maxNote ? nil : Doubt("surplus", "\(surplus) kept beyond the price is not less than the largest note, \(maxNote)")
    }

    /// The extra grant for `surplus` at the plan's rate (`PricePlan.extraGrant`), or nil when the
    /// plan has no rate or the product would leave Int64 (where the domain would trap).
    private static func extraQuantity(_ plan: PricePlan, surplus: Int64) -> Int64? {
        guard plan.effectivePrice.isPositive, !surplus.multipliedReportingOverflow(by: plan.grant.quantity).overflow else {
            return nil
        }
        return plan.extraGrant(for: Money(minorUnits: surplus, currency: plan.price.currency))?.quantity
    }

    private static func unknownPlan(_ id: String) -> Doubt {
        Doubt("unknown_plan", "plan \(id) is in no catalog this kiosk may sell from (the current one, one it pulled, "
              + "or one in force within \(CatalogsInForce.recentDays) days)")
    }
}
