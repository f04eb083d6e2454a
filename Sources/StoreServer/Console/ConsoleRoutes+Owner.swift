import Foundation
import Hummingbird
import HTTPTypes
import KioskDomain
import StoreAPI

/// Sales and voids (voiding is the owner's), and the catalog: plans, zones, sales windows (owners).
extension ConsoleRoutes {
    func registerOwner(on router: Router<StoreRequestContext>) {
        router.get("console/sales") { request, context in
            try await salesPage(try await signedIn(request, context), notice: message(request))
        }
        router.post("console/sales/void") { request, context in
            let (staff, form) = try await signedInForm(request, context)
            do {
                let amount = try await store.void(form["reference"], reason: form["reason"], staff: staff, now: clock.now())
                context.logger.notice("sale voided", metadata: ["sale": .string(form["reference"]), "owner": .string(staff.username),
                                                                "amount": .stringConvertible(amount), "reason": .string(form["reason"])])
                return ConsoleView.redirect("/console/sales?done=voided&detail=\(ConsoleText.query(form["reference"]))")
            } catch let refusal as Refusal {
                if refusal.code == "forbidden" {
                    security.refuse("console_forbidden", source: context.source, detail: "\(staff.username) tried to void \(form["reference"])")
                }
                return try await salesPage(staff, error: refusal.message, status: Self.status(of: refusal))
            }
        }

        router.get("console/catalog") { request, context in
            let staff = try await ownerOnly(request, context)
            return try await catalogPage(staff, notice: message(request))
        }
        router.get("console/catalog/plans/:id") { request, context in
            let staff = try await ownerOnly(request, context)
            return try await planPage(staff, id: context.parameters.get("id") ?? "new")
        }
        router.post("console/catalog/plans") { request, context in
            let (staff, form) = try await signedInForm(request, context)
            do {
                try await store.savePlan(form, staff: staff, now: clock.now())
                return try await catalogSaved()
            } catch let refusal as Refusal {
                return try await planPage(staff, id: form["id"].isEmpty ? "new" : form["id"], form: form, error: refusal.message,
                                          status: Self.status(of: refusal))
            }
        }
        for (path, change) in catalogChanges() {
            router.post(RouterPath(stringLiteral: path)) { request, context in
                let (staff, form) = try await signedInForm(request, context)
                do {
                    try await change(form, staff)
                    return try await catalogSaved()
                } catch let refusal as Refusal {
                    return try await catalogPage(staff, error: refusal.message, status: Self.status(of: refusal))
                }
            }
        }
    }

    private func catalogChanges() -> [(String, @Sendable (ConsoleForm, ConsoleStaff) async throws -> Void)] {
        [("console/catalog/plans/delete", { form, staff in try await store.deletePlan(form["id"], staff: staff, now: clock.now()) }),
         ("console/catalog/zones", { form, staff in try await store.saveZone(form, staff: staff, now: clock.now()) }),
         ("console/catalog/zones/delete", { form, staff in try await store.deleteZone(form["id"], staff: staff, now: clock.now()) }),
         ("console/catalog/settings", { form, staff in
             guard TimeZone(identifier: form["time_zone"]) != nil else {
                 throw Refusal("invalid_input", "'\(form["time_zone"].prefix(40))' is not an IANA time zone like Europe/Moscow")
             }
             try await store.saveSettings(currency: form["currency"], timeZone: form["time_zone"], staff: staff, now: clock.now())
         })]
    }

    private func catalogSaved() async throws -> Response {
        let version = try await store.catalogOrEmpty().version
        return ConsoleView.redirect("/console/catalog?done=catalog&detail=\(version)")
    }

    /// Owners only: a cashier gets a 403 page, and the attempt is logged.
    func ownerOnly(_ request: Request, _ context: StoreRequestContext) async throws -> ConsoleStaff {
        let staff = try await signedIn(request, context)
        guard staff.isOwner else {
            security.refuse("console_forbidden", source: context.source, detail: "\(staff.username) \(request.uri.path)")
            throw ConsoleInterruption(response: view.page("message", title: "Owners only", staff: staff, path: request.uri.path,
                                                          values: ["heading": "Owners only", "text": "Only an owner may change plans, zones and settings."],
                                                          status: .forbidden))
        }
        return staff
    }

    private func salesPage(_ staff: ConsoleStaff, notice: String? = nil, error: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let catalog = try await store.catalogOrEmpty()
        let zone = TimeZone(identifier: catalog.siteTimeZone) ?? TimeZone(identifier: "UTC")!
        let sales: [[String: Any]] = try await store.sales().map { sale in
            ["reference": sale.reference, "kind": sale.kind.replacingOccurrences(of: "_", with: " "), "what": sale.what,
             "place": sale.place, "amount": ConsoleMoney.text(sale.amount, catalog.currency), "at": ConsoleText.time(sale.at, zone),
             "voided": sale.voided]
        }
        let voids: [[String: Any]] = try await store.voids().map { entry in
            ["reference": entry.reference, "amount": ConsoleMoney.text(entry.amount, catalog.currency), "reason": entry.reason,
             "by": entry.by, "at": ConsoleText.time(entry.at, zone)]
        }
        return view.page("sales", title: "Sales", staff: staff, path: "/console/sales", values: ["sales": sales, "voids": voids],
                         notice: notice, error: error, status: status)
    }

    private func catalogPage(_ staff: ConsoleStaff, notice: String? = nil, error: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> Response {
        let catalog = try await store.catalogOrEmpty()
        let plans: [[String: Any]] = catalog.plans.map { plan in
            ["id": plan.id, "name": plan.name, "price": ConsoleMoney.text(plan.price.minor, plan.price.currency),
             "grant": Self.grantText(plan.grant, plan.price.currency), "zones": plan.zones.isEmpty ? "all" : plan.zones.joined(separator: ", "),
             "windows": plan.salesWindows.isEmpty ? "always" : CatalogEditor.windowsText(plan.salesWindows),
             "validity": Self.validityText(plan.validity)]
        }
        let zones: [[String: Any]] = catalog.zones.map { ["id": $0.id, "name": $0.name, "category": $0.minuteCategory.rawValue] }
        let currencies: [[String: Any]] = Currency.known.keys.sorted().map { ["code": $0, "selected": $0 == catalog.currency] }
        return view.page("catalog", title: "Plans & zones", staff: staff, path: "/console/catalog",
                         values: ["plans": plans, "zones": zones, "currencies": currencies, "timeZone": catalog.siteTimeZone,
                                  "version": catalog.version],
                         notice: notice, error: error, status: status)
    }

    private func planPage(_ staff: ConsoleStaff, id: String, form: ConsoleForm? = nil, error: String? = nil,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let catalog = try await store.catalogOrEmpty()
        let existing = catalog.plans.first { $0.id == id }
        var values: [String: Any] = ["heading": existing.map { "Plan \($0.name)" } ?? "New plan", "existing": existing != nil,
                                     "currency": catalog.currency, "id": existing?.id ?? "", "name": existing?.name ?? "",
                                     "price": existing.map { ConsoleMoney.text($0.price.minor, $0.price.currency).split(separator: " ")[0] } ?? "",
                                     "grantQuantity": existing.map { String($0.grant.quantity) } ?? "60",
                                     "discount": existing.map { Self.percentText($0.discountBasisPoints) } ?? "0",
                                     "maxBonus": existing.map { Self.percentText($0.maxBonusBasisPoints) } ?? "0",
                                     "daysFromSale": existing?.validity.daysFromSale.map(String.init) ?? "",
                                     "daysFromFirstUse": existing?.validity.daysFromFirstUse.map(String.init) ?? "",
                                     "fixedUntil": existing?.validity.fixedUntil.map { ConsoleStore.dayText($0.addingTimeInterval(-1), TimeZone(identifier: "UTC")!) } ?? "",
                                     "windows": existing.map { CatalogEditor.windowsText($0.salesWindows) } ?? "",
                                     "free": existing?.isFree ?? false]
        if let form {   // a refused form comes back as it was typed
            for key in ["id", "name", "price", "discount", "windows"] { values[key] = form[key] }
            values["grantQuantity"] = form["grant_quantity"]; values["maxBonus"] = form["max_bonus"]
            values["daysFromSale"] = form["days_from_sale"]; values["daysFromFirstUse"] = form["days_from_first_use"]
            values["fixedUntil"] = form["fixed_until"]; values["free"] = form["free"] == "on"
        }
        let unit = form.map { $0["grant_unit"] } ?? existing?.grant.unit.rawValue ?? BalanceUnit.internetMinutes.rawValue
        values["units"] = [("internet_minutes", "internet minutes"), ("game_minutes", "game minutes"), ("data_mb", "megabytes"),
                           ("money", "money (minor units)")].map { ["value": $0.0, "label": $0.1, "selected": $0.0 == unit] as [String: Any] }
        let ticked = Set(form?.all("zones") ?? existing?.zones ?? [])
        values["zones"] = catalog.zones.map { ["id": $0.id, "name": $0.name, "checked": ticked.contains($0.id)] as [String: Any] }
        return view.page("plan", title: "Plan", staff: staff, path: "/console/catalog", values: values, error: error, status: status)
    }

    static func grantText(_ grant: WireGrant, _ currency: String) -> String {
        switch grant.unit {
        case .internetMinutes: "\(grant.quantity) internet min"
        case .gameMinutes: "\(grant.quantity) game min"
        case .dataMegabytes: "\(grant.quantity) MB"
        case .money, .bonus: ConsoleMoney.text(grant.quantity, currency)
        }
    }

    static func validityText(_ validity: Validity) -> String {
        var parts: [String] = []
        if let days = validity.daysFromSale { parts.append("\(days) d from sale") }
        if let days = validity.daysFromFirstUse { parts.append("\(days) d from first use") }
        if let until = validity.fixedUntil { parts.append("until \(ConsoleStore.dayText(until.addingTimeInterval(-1), TimeZone(identifier: "UTC")!))") }
        return parts.isEmpty ? "unlimited" : parts.joined(separator: ", ")
    }

    static func percentText(_ basisPoints: Int) -> String {
        basisPoints % 100 == 0 ? String(basisPoints / 100) : String(format: "%.2f", Double(basisPoints) / 100)
    }
}
