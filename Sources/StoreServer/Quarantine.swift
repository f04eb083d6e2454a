import Foundation
import KioskDomain
import StoreAPI

/// Events the store does not believe (`Doubt`), kept for staff: never applied, never dropped.
/// The key stays unclaimed, so the kiosk keeps the event unsent and resends it; each resend is
/// checked again and counted on the same row, and one that passes (a catalog fixed, a plan
/// uploaded) lands like any event and marks its row landed.
enum Quarantine {
    /// One held event as the console lists it.
    struct Entry: Sendable, Hashable {
        var kioskID: String
        var kioskName: String
        var eventID: String
        var type: String
        var reason: String
        var message: String
        var firstSeen: Date?
        var lastSeen: Date?
        var attempts: Int64
        var landedAt: Date?
        /// An owner's word on it (`Decision`), and whose.
        var decision: String?
        var decidedBy: String?
    }

    /// `bodyHash` is the hash of the event as the kiosk sent it, which an owner's decision records
    /// so that the kiosk's next resend replays that decision.
    static func hold(_ event: KioskEvent, bodyHash: String, kiosk: KioskIdentity, doubt: Doubt, now: Date,
                     _ tx: any SQLTransaction) throws {
        try tx.execute("""
            INSERT INTO quarantine (kiosk_id, kiosk_event_id, type, body, body_hash, reason, message, first_seen, last_seen, attempts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            ON CONFLICT (kiosk_id, kiosk_event_id) DO UPDATE SET type = excluded.type, body = excluded.body,
                body_hash = excluded.body_hash, reason = excluded.reason, message = excluded.message,
                last_seen = excluded.last_seen, attempts = quarantine.attempts + 1
            """, [.text(kiosk.id), .text(event.id), .text(event.payload.type), .text(try JSONCoding.encode(redacted(event))),
                  .text(bodyHash), .text(doubt.reason), .text(doubt.message), .date(now), .date(now)])
    }

    /// A held event passed its checks on a resend and was applied.
    static func landed(kiosk: KioskIdentity, eventID: String, now: Date, _ tx: any SQLTransaction) throws {
        try tx.execute("UPDATE quarantine SET landed_at = ? WHERE kiosk_id = ? AND kiosk_event_id = ? AND landed_at IS NULL",
                       [.date(now), .text(kiosk.id), .text(eventID)])
    }

    /// The latest held events, those still held (neither landed nor decided) first.
    static func entries(limit: Int = 200, _ tx: any SQLTransaction) throws -> [Entry] {
        try tx.rows("""
            SELECT q.kiosk_id, k.name, q.kiosk_event_id, q.type, q.reason, q.message, q.first_seen, q.last_seen, q.attempts, q.landed_at,
                   q.decision, q.decided_by
            FROM quarantine q LEFT JOIN kiosks k ON k.id = q.kiosk_id
            ORDER BY CASE WHEN q.landed_at IS NULL AND q.decision IS NULL THEN 0 ELSE 1 END, q.last_seen DESC LIMIT ?
            """, [.int(Int64(limit))]).map { row in
            Entry(kioskID: row[0].text ?? "", kioskName: row[1].text ?? row[0].text ?? "", eventID: row[2].text ?? "",
                  type: row[3].text ?? "", reason: row[4].text ?? "", message: row[5].text ?? "", firstSeen: row[6].date,
                  lastSeen: row[7].date, attempts: row[8].int ?? 0, landedAt: row[9].date, decision: row[10].text,
                  decidedBy: row[11].text)
        }
    }

    /// The event as staff may read it: account passwords are the customers', not the console's.
    private static func redacted(_ event: KioskEvent) -> KioskEvent {
        guard case .voucherBatchSold(var batch) = event.payload else { return event }
        batch.accounts = batch.accounts?.map { account in
            var account = account
            account.password = ""
            return account
        }
        return KioskEvent(id: event.id, occurredAt: event.occurredAt, payload: .voucherBatchSold(batch))
    }
}
