import Foundation
import KioskDomain
import StoreAPI

/// Turns the console's plan, zone and settings forms into catalog changes. Pure: the caller
/// saves the catalog (a new version the kiosks pull).
enum CatalogEditor {
    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func plan(from form: ConsoleForm, currency: String) throws(Refusal) -> CatalogPlan {
        let id = form["id"]
        try InputRules.identifier(id, "plan id")
        let name = form["name"].isEmpty ? id : form["name"]
        try InputRules.text(name, "name", maxLength: 100)
        guard let price = ConsoleMoney.parse(form["price"], currency) else {
            throw Refusal("invalid_input", "price must be an amount like 100 or 99.50")
        }
        try InputRules.amount(price, "price")
        guard let unit = BalanceUnit(rawValue: form["grant_unit"]), unit != .bonus,
              let quantity = Int64(form["grant_quantity"]), (1...InputLimits.maxGrantQuantity).contains(quantity),
              let grant = WireGrant(unit: unit, quantity: quantity).grant(currency: currency) else {
            throw Refusal("invalid_input", "the plan must grant 1…\(InputLimits.maxGrantQuantity) minutes, megabytes or minor units")
        }
        let zones = form.all("zones").filter { !$0.isEmpty }
        for zone in zones { try InputRules.identifier(zone, "zone") }
        let validity = try validity(from: form)
        let windows = try salesWindows(form["windows"])
        let discount = try InputRules.percent(form["discount"], "discount")
        let bonus = try InputRules.percent(form["max_bonus"], "bonus share")
        guard let known = Currency.known[currency] else { throw Refusal("invalid_input", "unknown currency \(currency)") }
        let plan = PricePlan(id: id, name: name, price: Money(minorUnits: price, currency: known), grant: grant, zones: zones,
                             salesWindows: windows, validity: validity, maxBonusBasisPoints: bonus,
                             isFree: form["free"] == "on", discountBasisPoints: discount)
        return CatalogPlan(plan)
    }

    static func zone(from form: ConsoleForm) throws(Refusal) -> CatalogZone {
        try InputRules.identifier(form["id"], "zone id")
        try InputRules.text(form["name"], "zone name", maxLength: 100)
        guard let category = MinuteCategory(rawValue: form["category"]) else {
            throw Refusal("invalid_input", "a zone spends game or internet minutes")
        }
        return CatalogZone(id: form["id"], name: form["name"].isEmpty ? form["id"] : form["name"], minuteCategory: category)
    }

    /// "Mon-Fri 08:00-22:00", "Sat,Sun 10:00-02:00", "daily 00:00-24:00": one window a line.
    static func salesWindows(_ text: String) throws(Refusal) -> [SalesWindow] {
        var windows: [SalesWindow] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard !parts.isEmpty else { continue }
            guard parts.count == 2, let days = weekdays(String(parts[0])), let range = SalesWindow.parseTimeRange(String(parts[1])) else {
                throw Refusal("invalid_input", "sales window '\(line)': write days and hours like 'Mon-Fri 08:00-22:00'")
            }
            windows.append(SalesWindow(weekdays: days, startMinute: range.start, endMinute: range.end))
        }
        return windows
    }

    static func windowsText(_ windows: [SalesWindow]) -> String {
        windows.map { window in
            let days = window.weekdays == SalesWindow.everyDay ? "daily"
                : window.weekdays.sorted().map { weekdayNames.indices.contains($0 - 1) ? weekdayNames[$0 - 1] : "day \($0)" }
                    .joined(separator: ",")
            return "\(days) \(clock(window.startMinute))-\(clock(window.endMinute))"
        }.joined(separator: "\n")
    }

    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    private static func weekdays(_ text: String) -> Set<Int>? {
        if text.lowercased() == "daily" { return SalesWindow.everyDay }
        var days = Set<Int>()
        for part in text.split(separator: ",") {
            let ends = part.split(separator: "-").map { day in weekdayNames.firstIndex { $0.lowercased() == day.lowercased() } }
            guard (1...2).contains(ends.count), let first = ends.first!, let last = ends.last! else { return nil }
            guard first <= last else { return nil }
            for day in first...last { days.insert(day + 1) }
        }
        return days.isEmpty ? nil : days
    }

    private static func validity(from form: ConsoleForm) throws(Refusal) -> Validity {
        func days(_ name: String) throws(Refusal) -> Int? {
            let text = form[name]
            if text.isEmpty { return nil }
            guard let value = Int(text), InputLimits.validityDays.contains(value) else {
                throw Refusal("invalid_input", "days must be \(InputLimits.validityDays.lowerBound)…\(InputLimits.validityDays.upperBound)")
            }
            return value
        }
        var fixed: Date?
        if !form["fixed_until"].isEmpty {
            guard let day = ConsoleStore.day(form["fixed_until"], TimeZone(identifier: "UTC")!) else {
                throw Refusal("invalid_input", "valid-until must be a date like 2026-12-31")
            }
            fixed = day.addingTimeInterval(86_400)   // through the end of that day
        }
        return Validity(fixedUntil: fixed, daysFromSale: try days("days_from_sale"), daysFromFirstUse: try days("days_from_first_use"))
    }
}
