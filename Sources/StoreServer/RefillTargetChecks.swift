import Foundation
import KioskDomain

/// Which tickets a kiosk may refill, beyond the domain's refill rules (`RefillApplication`: sold,
/// not expired, which the store still answers with a final rejection, since a code can expire
/// between a kiosk's look-up and its push). A kiosk asked the store about a code it did not know
/// before taking money, so a refill of a blocked code or of another site's code is no race but a
/// kiosk the store does not believe.
enum RefillTargetChecks {
    static func ticket(_ record: TicketRecord, refilledBy kiosk: KioskIdentity, _ tx: any SQLTransaction) throws {
        if let reason = try BlockedCodes.reason(record.ticket.code, tx) {
            throw Doubt("blocked", "code \(record.ticket.code) is blocked by staff (\(reason))")
        }
        guard try visible(record, to: kiosk, tx) else {
            throw Doubt("other_site", "code \(record.ticket.code) was sold at another site; refill it there")
        }
    }

    /// Whether `kiosk` may refill (and look up) a ticket: a site's kiosks refill each other's codes
    /// and the counter's; another site's codes are that site's business (a chain shares one
    /// store). The look-up answers by the same rule, so a kiosk never takes money for a refill
    /// the store would hold.
    static func visible(_ record: TicketRecord, to kiosk: KioskIdentity, _ tx: any SQLTransaction) throws -> Bool {
        guard record.kioskID != kiosk.id else { return true }
        let sites = try tx.rows("SELECT id, site FROM kiosks WHERE id IN (?, ?)", [.text(record.kioskID), .text(kiosk.id)])
        let site = Dictionary(sites.map { ($0[0].text ?? "", $0[1].text ?? "") }, uniquingKeysWith: { first, _ in first })
        guard let issuer = site[record.kioskID] else { return true }
        return issuer == site[kiosk.id]
    }
}
