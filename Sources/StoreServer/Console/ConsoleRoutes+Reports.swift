import Foundation
import Hummingbird
import HTTPTypes
import KioskDomain

/// Reports (by day, kiosk or staff; expected against collected) and kiosk status: both roles.
/// The Staff page (users, login attempts, the audit trail) is the owner's.
extension ConsoleRoutes {
    func registerReports(on router: Router<StoreRequestContext>) {
        router.get("console/reports") { request, context in
            let staff = try await signedIn(request, context)
            return try await reportPage(staff, query: ConsoleForm(encoded: request.uri.query ?? ""))
        }
        router.get("console/kiosks") { request, context in
            try await kiosksPage(try await signedIn(request, context), notice: message(request))
        }
        router.get("console/staff") { request, context in
            let staff = try await ownerOnly(request, context)
            let zone = try await store.repository.siteTimeZone()
            let users: [[String: Any]] = try await staffDirectory.users().map { ["username": $0.username, "role": $0.role.rawValue] }
            let attempts: [[String: Any]] = try await staffDirectory.recentAttempts().map { attempt in
                ["at": ConsoleText.time(attempt.at, zone), "username": attempt.username, "source": attempt.source,
                 "outcome": attempt.outcome.replacingOccurrences(of: "_", with: " "),
                 "badge": attempt.outcome == "ok" ? "ok" : attempt.outcome == "locked" ? "bad" : "warn"]
            }
            let audit: [[String: Any]] = try await store.auditTrail().map { entry in
                ["at": ConsoleText.time(entry.at, zone), "username": entry.username,
                 "action": entry.action.replacingOccurrences(of: "_", with: " "), "detail": entry.detail]
            }
            return view.page("staff", title: "Staff", staff: staff, path: "/console/staff",
                             values: ["users": users, "attempts": attempts, "audit": audit])
        }
    }

    /// Kiosk status and the quarantine; an owner gets a release and a dismiss form on each held event.
    func kiosksPage(_ staff: ConsoleStaff, notice: String? = nil, error: String? = nil,
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let catalog = try await store.catalogOrEmpty()
        let zone = TimeZone(identifier: catalog.siteTimeZone) ?? TimeZone(identifier: "UTC")!
        let kiosks = kioskValues(try await store.kioskStatuses(), currency: catalog.currency, zone: zone, now: clock.now())
        let held: [[String: Any]] = try await store.quarantine().map { entry in
            var state = "held"
            if let decision = entry.decision {
                state = "\(decision) by \(entry.decidedBy ?? "?")"
            } else if entry.landedAt != nil {
                state = "landed \(ConsoleText.time(entry.landedAt, zone))"
            }
            return ["kiosk": entry.kioskName, "kioskID": entry.kioskID, "event": entry.eventID, "type": entry.type,
                    "reason": entry.reason.replacingOccurrences(of: "_", with: " "), "message": entry.message,
                    "lastSeen": ConsoleText.time(entry.lastSeen, zone), "attempts": String(entry.attempts),
                    "state": state, "open": state == "held",
                    "badge": state == "held" ? "bad" : entry.decision == "dismissed" ? "warn" : "ok"]
        }
        return view.page("kiosks", title: "Kiosks", staff: staff, path: "/console/kiosks",
                         values: ["kiosks": kiosks, "quarantine": held], notice: notice, error: error, status: status)
    }

    private func reportPage(_ staff: ConsoleStaff, query: ConsoleForm) async throws -> Response {
        let catalog = try await store.catalogOrEmpty()
        let zone = TimeZone(identifier: catalog.siteTimeZone) ?? TimeZone(identifier: "UTC")!
        let today = ConsoleStore.dayText(clock.now(), zone)
        var error: String?
        let toText = query["to"].isEmpty ? today : query["to"]
        var to = ConsoleStore.day(toText, zone)
        if to == nil { error = "'\(toText.prefix(20))' is not a date like 2026-05-28"; to = ConsoleStore.day(today, zone) }
        let end = Validity.adding(days: 1, to: to!, in: zone)
        var from = query["from"].isEmpty ? Validity.adding(days: -6, to: to!, in: zone) : ConsoleStore.day(query["from"], zone)
        if from == nil { error = "'\(query["from"].prefix(20))' is not a date like 2026-05-28"; from = Validity.adding(days: -6, to: to!, in: zone) }
        let grouping = ConsoleReport.Grouping(rawValue: query["by"]) ?? .day
        let report = try await store.report(from: from!, until: end, grouping: grouping, timeZone: zone)
        let money = { (sum: ReportSum) in ConsoleMoney.plain(sum, catalog.currency) }
        func line(_ line: ConsoleReport.Line, total: Bool) -> [String: Any] {
            ["key": line.key, "items": line.items.description, "sales": money(line.sales), "refills": money(line.refills),
             "credits": money(line.credits), "voids": money(line.voids), "net": money(line.net), "expected": money(line.expected),
             "collected": money(line.collected), "difference": money(line.difference), "isTotal": total,
             "differenceClass": Self.differenceClass(line.difference)]
        }
        let collections: [[String: Any]] = report.collections.map { collection in
            ["at": ConsoleText.time(collection.at, zone), "kiosk": collection.kiosk, "staff": collection.staff,
             "bag": collection.bag, "expected": money(ReportSum(collection.expected)), "counted": money(ReportSum(collection.counted)),
             "difference": money(collection.difference), "differenceClass": Self.differenceClass(collection.difference)]
        }
        let labels: [(ConsoleReport.Grouping, String)] = [(.day, "day"), (.kiosk, "kiosk"), (.staff, "staff")]
        let values: [String: Any] = [
            "from": ConsoleStore.dayText(from!, zone), "to": ConsoleStore.dayText(to!, zone), "by": grouping.rawValue, "currency": catalog.currency,
            "groupings": labels.map { ["value": $0.0.rawValue, "label": $0.1, "selected": $0.0 == grouping] as [String: Any] },
            "lines": report.lines.map { line($0, total: false) } + [line(report.total, total: true)],
            "collections": collections,
        ]
        return view.page("reports", title: "Reports", staff: staff, path: "/console/reports", values: values, error: error,
                         status: error == nil ? .ok : .badRequest)
    }

    /// A shortfall shows red, a surplus green; an overflow is marked like a shortfall, for staff to look.
    static func differenceClass(_ difference: ReportSum) -> String {
        difference.isOverflow || difference.sign < 0 ? "neg" : difference.sign > 0 ? "pos" : ""
    }
}
