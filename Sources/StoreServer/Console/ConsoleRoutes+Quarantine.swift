import Foundation
import Hummingbird
import HTTPTypes
import StoreAPI

/// An owner's release or dismissal of an event the store holds in quarantine (`Quarantine.decide`),
/// from the Quarantine table of the kiosk page. Cashiers see the held events but cannot decide.
extension ConsoleRoutes {
    func registerQuarantine(on router: Router<StoreRequestContext>) {
        let paths: [(String, Quarantine.Decision)] = [("console/kiosks/quarantine/release", .released),
                                                      ("console/kiosks/quarantine/dismiss", .dismissed)]
        for (path, decision) in paths {
            router.post(RouterPath(stringLiteral: path)) { request, context in
                let (staff, form) = try await signedInForm(request, context)
                do {
                    let result = try await store.decide(decision, kioskID: form["kiosk"], eventID: form["event"],
                                                        reason: form["reason"], staff: staff, now: clock.now())
                    security.record("quarantine_\(decision.rawValue)", by: staff.username, source: context.source,
                                    detail: "kiosk \(form["kiosk"]) event \(form["event"]): \(result.status.rawValue)")
                    return ConsoleView.redirect("/console/kiosks?done=\(decision.rawValue)&detail=\(ConsoleText.query(form["event"]))")
                } catch let refusal as Refusal {
                    if refusal.code == "forbidden" {
                        security.refuse("console_forbidden", source: context.source,
                                        detail: "\(staff.username) tried to decide held event \(form["event"])")
                    }
                    return try await kiosksPage(staff, error: refusal.message, status: Self.status(of: refusal))
                }
            }
        }
    }
}

extension ConsoleStore {
    /// Owners only: releases or dismisses a held event, with the console's audit row.
    func decide(_ decision: Quarantine.Decision, kioskID: String, eventID: String, reason: String, staff: ConsoleStaff,
                now: Date) async throws -> EventResult {
        try Self.requireOwner(staff, decision == .released ? "release a held event" : "dismiss a held event")
        try InputRules.identifier(kioskID, "kiosk")
        try InputRules.identifier(eventID, "event")
        let context = EventContext(now: now, siteTimeZone: try await repository.siteTimeZone(),
                                   currency: try await repository.catalog()?.currency)
        let owner = staff.username
        return try await database.write { tx in
            try Quarantine.decide(decision, kioskID: kioskID, eventID: eventID, reason: reason, by: owner, context: context, tx)
        }
    }
}
