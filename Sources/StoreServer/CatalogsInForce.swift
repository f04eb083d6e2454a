import Foundation
import KioskDomain
import StoreAPI

/// The catalog versions a kiosk's event may have been sold from. A kiosk sells offline from the
/// catalog it last pulled, and pushes what it sold later, after the store may have moved on; so
/// an event is checked against every version that kiosk pulled, and every version in force within
/// the last `recentDays` (a kiosk that never reached the store sells from its config, which must
/// agree with a recent catalog). Older versions no longer vouch for anything: a plan's price is
/// what staff set, not what a token holder remembers.
///
/// This file needs no database (the loading is in CatalogsInForce+Loading.swift), so the event
/// fuzzer (Tests/system/store-events-fuzz.sh) compiles it with `KioskEventChecks` alone.
struct CatalogsInForce: Sendable {
    /// How long a replaced version still vouches for events of kiosks that never pulled it.
    static let recentDays = 7

    var catalogs: [Catalog]

    var isEmpty: Bool { catalogs.isEmpty }

    /// Every version of plan `id`, newest first (the same plan may differ between versions).
    func plans(_ id: String) -> [PricePlan] {
        catalogs.flatMap { $0.plans.filter { $0.id == id } }.compactMap(\.pricePlan)
    }

    /// Every plan of every version in force, for events that do not name their plan.
    var allPlans: [PricePlan] { catalogs.flatMap(\.plans).compactMap(\.pricePlan) }

    func rates(_ id: String) -> [RatePlan] {
        catalogs.flatMap { ($0.rates ?? []).filter { $0.id == id } }.compactMap(\.ratePlan)
    }

    /// The largest note any version in force accepts: a kept surplus is less than one note.
    var maxNoteMinor: Int64? { catalogs.compactMap(\.maxNoteMinor).max() }

    /// Why nothing can vouch for an event, when nothing can.
    func requireAny() throws(Doubt) {
        guard !isEmpty else {
            throw Doubt("no_catalog", "the store has no catalog to check sales against; upload one and the kiosk's resend lands")
        }
    }
}

/// Why the store does not believe a kiosk's event. Such an event is held in the quarantine with
/// this reason (`Quarantine`), never applied and never dropped.
struct Doubt: Error, Hashable, Sendable {
    var reason: String
    var message: String

    init(_ reason: String, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
