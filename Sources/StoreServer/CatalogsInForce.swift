import Foundation
import KioskDomain
import StoreAPI
import Synchronization

/// The catalog versions a kiosk's event may have been sold from. A kiosk sells offline from the
/// catalog it last pulled, and pushes what it sold later, after the store may have moved on; so
/// an event is checked against every version that kiosk pulled, and every version in force within
/// the last `recentDays` (a kiosk that never reached the store sells from its config, which must
/// agree with a recent catalog). Older versions no longer vouch for anything: a plan's price is
/// what staff set, not what a token holder remembers.
struct CatalogsInForce: Sendable {
    /// How long a replaced version still vouches for events of kiosks that never pulled it.
    static let recentDays = 7

    var catalogs: [Catalog]

    /// The versions in force for `kiosk` now. Versions never change once saved, so their decoded
    /// bodies come from `cache` (one decoding per version and process, not one per push).
    static func load(for kiosk: KioskIdentity, now: Date, cache: CatalogVersionCache,
                     _ tx: any SQLTransaction) throws -> CatalogsInForce {
        let recent = now.addingTimeInterval(-Double(recentDays) * 86_400)
        let versions = try tx.rows("""
            SELECT version FROM catalog_versions
            WHERE replaced_at IS NULL OR replaced_at >= ?
               OR version IN (SELECT version FROM kiosk_catalog_pulls WHERE kiosk_id = ?)
            ORDER BY version DESC
            """, [.date(recent), .text(kiosk.id)]).compactMap { $0[0].int }
        return CatalogsInForce(catalogs: try versions.map { version in
            if let known = cache.catalog(version) { return known }
            let body = try tx.row("SELECT body FROM catalog_versions WHERE version = ?", [.int(version)])?[0].text
            let catalog = try JSONCoding.decode(Catalog.self, body)
            cache.keep(catalog, as: version)
            return catalog
        })
    }

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

/// Decoded catalog versions, by version number: a saved version never changes.
final class CatalogVersionCache: Sendable {
    private let versions = Mutex<[Int64: Catalog]>([:])

    func catalog(_ version: Int64) -> Catalog? { versions.withLock { $0[version] } }
    func keep(_ catalog: Catalog, as version: Int64) { versions.withLock { $0[version] = catalog } }
}
