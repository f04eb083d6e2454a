import Foundation
import StoreAPI

extension ConsoleStore {
    /// The catalog, or a new empty one for a store that has none yet.
    func catalogOrEmpty() async throws -> Catalog {
        try await repository.catalog() ?? Catalog(currency: "USD", siteTimeZone: "UTC")
    }

    /// Applies `change` to the current catalog and saves it as the next version (owners only).
    /// Kiosks pick the new version up on their next catalog pull.
    func editCatalog(staff: ConsoleStaff, now: Date, _ what: String,
                     _ change: (inout Catalog) throws(Refusal) -> Void) async throws -> Catalog {
        try Self.requireOwner(staff, "change plans, zones or settings")
        var catalog = try await catalogOrEmpty()
        try change(&catalog)
        let saved = try await repository.saveCatalog(catalog, now: now)
        try await audit(staff, "catalog_changed", "version \(saved.version): \(what)", now: now)
        return saved
    }

    func savePlan(_ form: ConsoleForm, staff: ConsoleStaff, now: Date) async throws {
        _ = try await editCatalog(staff: staff, now: now, "plan \(form["id"])") { (catalog: inout Catalog) throws(Refusal) in
            let plan = try CatalogEditor.plan(from: form, currency: catalog.currency)
            let known = Set(catalog.zones.map(\.id))
            if let unknown = plan.zones.first(where: { !known.contains($0) }) {
                throw Refusal("invalid_input", "zone \(unknown) is not in the catalog")
            }
            catalog.plans.replaceOrAppend(plan, sameAs: { $0.id == plan.id })
        }
    }

    func deletePlan(_ id: String, staff: ConsoleStaff, now: Date) async throws {
        _ = try await editCatalog(staff: staff, now: now, "plan \(id) removed") { (catalog: inout Catalog) throws(Refusal) in
            catalog.plans.removeAll { $0.id == id }
        }
    }

    func saveZone(_ form: ConsoleForm, staff: ConsoleStaff, now: Date) async throws {
        _ = try await editCatalog(staff: staff, now: now, "zone \(form["id"])") { (catalog: inout Catalog) throws(Refusal) in
            let zone = try CatalogEditor.zone(from: form)
            catalog.zones.replaceOrAppend(zone, sameAs: { $0.id == zone.id })
        }
    }

    func deleteZone(_ id: String, staff: ConsoleStaff, now: Date) async throws {
        _ = try await editCatalog(staff: staff, now: now, "zone \(id) removed") { (catalog: inout Catalog) throws(Refusal) in
            if let plan = catalog.plans.first(where: { $0.zones.contains(id) }) {
                throw Refusal("in_use", "plan \(plan.id) is sold in zone \(id): change the plan first")
            }
            catalog.zones.removeAll { $0.id == id }
        }
    }

    func saveSettings(currency: String, timeZone: String, staff: ConsoleStaff, now: Date) async throws {
        _ = try await editCatalog(staff: staff, now: now, "settings \(currency) \(timeZone)") { (catalog: inout Catalog) throws(Refusal) in
            if currency != catalog.currency && !catalog.plans.isEmpty {
                throw Refusal("invalid_input", "the currency cannot change while plans are priced in \(catalog.currency)")
            }
            catalog.currency = currency
            catalog.siteTimeZone = timeZone
        }
    }
}

extension Array {
    /// Replaces the first element `sameAs` picks, or appends: a saved plan or zone keeps its place.
    mutating func replaceOrAppend(_ element: Element, sameAs: (Element) -> Bool) {
        if let index = firstIndex(where: sameAs) { self[index] = element } else { append(element) }
    }
}
