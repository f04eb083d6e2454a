import Foundation
import KioskDomain
import StoreAPI
import Synchronization

extension CatalogsInForce {
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
}

/// Decoded catalog versions, by version number: a saved version never changes.
final class CatalogVersionCache: Sendable {
    private let versions = Mutex<[Int64: Catalog]>([:])

    func catalog(_ version: Int64) -> Catalog? { versions.withLock { $0[version] } }
    func keep(_ catalog: Catalog, as version: Int64) { versions.withLock { $0[version] = catalog } }
}
