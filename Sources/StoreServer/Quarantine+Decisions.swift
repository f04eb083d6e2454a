import Foundation
import KioskDomain
import StoreAPI

/// An owner's word on a held event, from the console's kiosk page. The store doubted the event;
/// an owner who checked it (the plan was changed by hand, the kiosk's config was right) may
/// *release* it: it is applied now as if it had passed its checks, under its own key, so the
/// kiosk's next resend replays `applied` and stops. Or *dismiss* it: the store records it as
/// `rejected` with the owner's reason, so the resend replays that and the kiosk stops sending it
/// (its staff page lists it as refused). Either is one transaction with the console's audit row.
extension Quarantine {
    enum Decision: String, Sendable {
        case released, dismissed
    }

    /// Decides the held event `eventID` of kiosk `kioskID`; returns the result the kiosk will get.
    static func decide(_ decision: Decision, kioskID: String, eventID: String, reason: String, by owner: String,
                       context: EventContext, _ tx: any SQLTransaction) throws -> EventResult {
        guard let row = try tx.row("""
            SELECT body, body_hash, decision, landed_at FROM quarantine WHERE kiosk_id = ? AND kiosk_event_id = ?
            """, [.text(kioskID), .text(eventID)]) else {
            throw Refusal("unknown_event", "no event \(eventID.prefix(64)) of that kiosk is held")
        }
        guard row[2].text == nil, row[3].int == nil else {
            throw Refusal("already_decided", "event \(eventID.prefix(64)) has landed or was decided already")
        }
        guard let kioskRow = try tx.row("SELECT namespace FROM kiosks WHERE id = ?", [.text(kioskID)]),
              let number = kioskRow[0].int, let namespace = KioskNamespace(number: Int(number)) else {
            throw Refusal("unknown_kiosk", "the kiosk of this event is no longer registered")
        }
        let kiosk = KioskIdentity(id: kioskID, namespace: namespace)
        let event = try JSONCoding.decode(KioskEvent.self, row[0].text)
        // Rows held before migration v8 have no hash: the stored body is then the kiosk's own
        // (only a batch's passwords are blanked, and such a batch cannot be released below).
        let bodyHash = try row[1].text ?? StoreSecrets.sha256Hex(JSONCoding.encode(event))

        let result: EventResult
        switch decision {
        case .released:
            if case .voucherBatchSold(let batch) = event.payload, !(batch.accounts ?? []).isEmpty {
                throw Refusal("passwords_not_kept", "a held batch of accounts cannot be released: the store did not keep "
                              + "its passwords; dismiss it and make the accounts at the counter")
            }
            var released = context
            released.releasedBy = owner
            result = try EventApplication.push(event, bodyHash: bodyHash, kiosk: kiosk, context: released,
                                               catalogs: CatalogsInForce(catalogs: []), tx)
            // A refusal on its merits (a code sold twice, an expired target) still stands: throwing
            // rolls back the result `push` recorded, and the event stays held.
            guard result.status == .applied else {
                throw Refusal("release_refused", "the store cannot apply it: \(result.message ?? result.status.rawValue)")
            }
        case .dismissed:
            try InputRules.text(reason, "reason")
            guard reason.trimmingCharacters(in: .whitespaces).count >= 3 else {
                throw Refusal("invalid_input", "give the reason for dismissing it (a few words)")
            }
            result = EventResult(id: event.id, status: .rejected, message: "dismissed by \(owner): \(reason)")
            try tx.execute("""
                INSERT INTO events (id, kiosk_id, kiosk_event_id, body_hash, type, result, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(EventApplication.reference(kiosk: kiosk, eventID: event.id)), .text(kiosk.id), .text(event.id),
                      .text(bodyHash), .text(event.payload.type), .text(try JSONCoding.encode(result)), .date(context.now)])
        }
        try tx.execute("UPDATE quarantine SET decision = ?, decided_by = ?, decided_at = ? WHERE kiosk_id = ? AND kiosk_event_id = ?",
                       [.text(decision.rawValue), .text(owner), .date(context.now), .text(kioskID), .text(eventID)])
        try ConsoleAudit.record(owner, "quarantine_\(decision.rawValue)",
                                "kiosk \(kioskID) event \(eventID) (\(event.payload.type))"
                                    + (decision == .dismissed ? ": \(reason)" : ""), at: context.now, tx)
        return result
    }
}
