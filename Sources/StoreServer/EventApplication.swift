import Foundation
import KioskDomain
import StoreAPI

/// The kiosk that sent a request, as authentication established it.
public struct KioskIdentity: Sendable, Hashable {
    public var id: String
    public var namespace: KioskNamespace

    public init(id: String, namespace: KioskNamespace) {
        self.id = id
        self.namespace = namespace
    }
}

/// What event application needs to know besides the event.
struct EventContext: Sendable {
    var now: Date
    var siteTimeZone: TimeZone
    var currency: String?
    /// The owner who released this held event (`Quarantine.decide`): the store applies it as if
    /// it had passed `KioskEventChecks` and `RefillTargetChecks`, and doubts nothing.
    var releasedBy: String? = nil
    /// scrypt hashes of voucher batch accounts' passwords, made before the transaction.
    var accountHashes: [AccountPasswordKey: String] = [:]
}

/// An account's username and the password a batch gave it: the key of `EventContext.accountHashes`.
struct AccountPasswordKey: Sendable, Hashable {
    var username: String
    var password: String
}

/// Applies pushed events inside one write transaction, with idempotency per kiosk: a kiosk makes
/// its event ids from its own counters ("collection-1"), so two kiosks may send the same id. The
/// store keys events by (kiosk, event id): the first result is stored with the hash of its body,
/// a replay from the same kiosk returns it, a different body under that key is a conflict, and
/// another kiosk's event of the same id is an event of its own. Rules are written once for both
/// databases.
enum EventApplication {
    /// The ledger's reference for a kiosk's event, unique across kiosks: "<kiosk id>/<event id>".
    /// Kiosk ids are UUIDs and event ids identifiers, neither holds a "/", so no two events share
    /// one (events stored before the v5-events-per-kiosk migration keep their plain id).
    static func reference(kiosk: KioskIdentity, eventID: String) -> String { "\(kiosk.id)/\(eventID)" }

    /// An event the store does not believe (`KioskEventChecks`) is held in the `Quarantine` and
    /// claims no key: its resend is checked again.
    static func push(_ event: KioskEvent, bodyHash: String, kiosk: KioskIdentity, context: EventContext,
                     catalogs: CatalogsInForce, _ tx: any SQLTransaction) throws -> EventResult {
        // An id the store cannot key is refused before anything is stored under it.
        do { try InputRules.identifier(event.id, "event id") } catch {
            return EventResult(id: event.id, status: .rejected, message: error.message)
        }
        if let row = try tx.row("SELECT body_hash, result FROM events WHERE kiosk_id = ? AND kiosk_event_id = ?",
                                [.text(kiosk.id), .text(event.id)]) {
            guard row[0].text == bodyHash else {
                return EventResult(id: event.id, status: .conflict,
                                   message: "this kiosk already sent event id \(event.id) with a different body; make a new id")
            }
            var first = try JSONCoding.decode(EventResult.self, row[1].text)
            if first.status == .applied { first.status = .replayed }
            return first
        }
        let reference = Self.reference(kiosk: kiosk, eventID: event.id)
        let result: EventResult
        do {
            result = try apply(event, reference: reference, kiosk: kiosk, context: context, catalogs: catalogs, tx)
        } catch let refusal as Refusal {
            result = EventResult(id: event.id, status: .rejected, message: refusal.message)
        } catch let doubt as Doubt {
            try Quarantine.hold(event, bodyHash: bodyHash, kiosk: kiosk, doubt: doubt, now: context.now, tx)
            return EventResult(id: event.id, status: .quarantined, message: "quarantined (\(doubt.reason)): \(doubt.message)")
        }
        if result.status == .applied { try Quarantine.landed(kiosk: kiosk, eventID: event.id, now: context.now, tx) }
        try tx.execute("""
            INSERT INTO events (id, kiosk_id, kiosk_event_id, body_hash, type, result, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(reference), .text(kiosk.id), .text(event.id), .text(bodyHash), .text(event.payload.type),
                  .text(try JSONCoding.encode(result)), .date(context.now)])
        return result
    }

    /// Validates, then writes. Every check happens before the first write, so a refusal leaves
    /// nothing behind but the recorded result.
    /// `reference` is what the ledger rows of the event point back to (`reference(kiosk:eventID:)`).
    private static func apply(_ event: KioskEvent, reference: String, kiosk: KioskIdentity, context: EventContext,
                              catalogs: CatalogsInForce, _ tx: any SQLTransaction) throws -> EventResult {
        let cash = "cash:\(kiosk.id)"
        switch event.payload {
        case .ticketSold(let sale):
            let code = try InputRules.code(sale.code)
            guard code.namespace == kiosk.namespace else {
                throw Refusal("foreign_namespace", "code \(code) is not in this kiosk's namespace \(kiosk.namespace)")
            }
            try InputRules.identifier(sale.planID, "planID")
            try InputRules.zones(sale.zones)
            try InputRules.validity(sale.validity)
            try InputRules.money(sale.price, "price", currency: context.currency)
            let grant = try InputRules.grant(sale.grant, currency: context.currency)
            if context.releasedBy == nil { try KioskEventChecks.sale(sale, catalogs: catalogs) }
            guard try TicketRecord.find(code, tx) == nil else {
                throw Refusal("duplicate_code", "code \(code) was already sold; the kiosk must draw a new one")
            }
            let record = TicketRecord(ticket: Ticket(code: code, planID: sale.planID, sellMode: sale.sellMode,
                                                     createdAt: event.occurredAt),
                                      validity: sale.validity, zones: sale.zones, kioskID: kiosk.id)
            try record.save(tx)
            try LedgerEntry.append([LedgerEntry(holder: record.holder, unit: grant.unit, delta: grant.quantity, reference: reference),
                                    LedgerEntry(holder: cash, unit: .money, delta: sale.price.minor, reference: reference)],
                                   at: context.now, tx)
            return EventResult(id: event.id, status: .applied, holder: record.holder,
                               balances: try LedgerEntry.balances(of: record.holder, tx).wire)

        case .refillApplied(let refill):
            try InputRules.identifier(refill.planID, "planID")
            try InputRules.money(refill.price, "price", currency: context.currency)
            if let surplus = refill.surplus { try InputRules.money(surplus, "surplus", currency: context.currency) }
            let grant = try InputRules.grant(refill.grant, currency: context.currency)
            try InputRules.validity(refill.validity)
            // A kept overpayment goes to the target as money, and into the cash box with the price.
            let surplus = refill.surplus?.minor ?? 0
            let paid = try InputRules.sum(refill.price.minor, surplus, "price + surplus")
            if context.releasedBy == nil { try KioskEventChecks.refill(refill, catalogs: catalogs) }
            var refillCode: AccessCode?
            if let typed = refill.refillCode {
                let code = try InputRules.code(typed)
                // Refill and change-voucher codes are redeemed at the kiosk that printed them.
                guard code.namespace == kiosk.namespace || context.releasedBy != nil else {
                    throw Doubt("other_namespace", "refill code \(code) was not printed by this kiosk")
                }
                guard try tx.row("SELECT event_id FROM refill_codes WHERE code = ?", [.text(code.canonical)]) == nil else {
                    throw Refusal("refill_spent", RefillError.refillAlreadySpent.description)
                }
                refillCode = code
            }
            let refillPlan = PricePlan(id: refill.planID, name: refill.planID, price: .zero(.usd), grant: grant,
                                       validity: refill.validity)
            let holder: String
            switch refill.target.kind {
            case .ticket:
                let code = try InputRules.code(refill.target.id)
                guard var record = try TicketRecord.find(code, tx) else {
                    throw Refusal("unknown_target", RefillError.unknownTarget.description)
                }
                if context.releasedBy == nil { try RefillTargetChecks.ticket(record, refilledBy: kiosk, tx) }
                do {
                    _ = try RefillApplication.apply(refillPlan, to: &record.ticket, ticketPlan: record.validityPlan,
                                                    at: event.occurredAt, siteTimeZone: context.siteTimeZone)
                } catch { throw Refusal("refill_refused", error.description) }
                try record.save(tx)
                holder = record.holder
            case .account:
                try InputRules.identifier(refill.target.id, "username")
                guard let account = try AccountRecord.find(refill.target.id, tx) else {
                    throw Refusal("unknown_target", RefillError.unknownTarget.description)
                }
                // Only prepaid accounts take refills; a kiosk asked the store before taking money.
                guard account.kind == .prepaid || context.releasedBy != nil else {
                    throw Doubt("not_prepaid", "account \(account.username) is \(account.kind.rawValue): \(RefillError.accountNotPrepaid)")
                }
                holder = account.holder
            }
            if let refillCode {
                try tx.execute("INSERT INTO refill_codes (code, event_id) VALUES (?, ?)",
                               [.text(refillCode.canonical), .text(reference)])
            }
            try LedgerEntry.append([LedgerEntry(holder: holder, unit: grant.unit, delta: grant.quantity, reference: reference),
                                    LedgerEntry(holder: holder, unit: .money, delta: surplus, reference: reference),
                                    LedgerEntry(holder: cash, unit: .money, delta: paid, reference: reference)],
                                   at: context.now, tx)
            return EventResult(id: event.id, status: .applied, holder: holder,
                               balances: try LedgerEntry.balances(of: holder, tx).wire)

        case .customerCredit(let credit):
            try InputRules.money(credit.amount, "amount", currency: context.currency, allowZero: false)
            try InputRules.text(credit.reason, "reason")
            try InputRules.identifier(credit.reference, "reference")
            let holder = "credit:\(kiosk.id):\(credit.reference)"
            try LedgerEntry.append([LedgerEntry(holder: holder, unit: .money, delta: credit.amount.minor, reference: reference),
                                    LedgerEntry(holder: cash, unit: .money, delta: credit.amount.minor, reference: reference)],
                                   at: context.now, tx)
            return EventResult(id: event.id, status: .applied, holder: holder,
                               balances: try LedgerEntry.balances(of: holder, tx).wire)

        case .creditRedeemed(let redeemed):
            try InputRules.money(redeemed.amount, "amount", currency: context.currency, allowZero: false)
            try InputRules.identifier(redeemed.reference, "reference")
            let holder = "credit:\(kiosk.id):\(redeemed.reference)"
            guard try LedgerEntry.balances(of: holder, tx)[.money] >= redeemed.amount.minor else {
                throw Refusal("invalid_input", "credit \(redeemed.reference) does not hold \(redeemed.amount.minor)")
            }
            try LedgerEntry.append([LedgerEntry(holder: holder, unit: .money, delta: -redeemed.amount.minor, reference: reference),
                                    LedgerEntry(holder: cash, unit: .money, delta: -redeemed.amount.minor, reference: reference)],
                                   at: context.now, tx)
            return EventResult(id: event.id, status: .applied, holder: holder,
                               balances: try LedgerEntry.balances(of: holder, tx).wire)

        case .cashCollected(let collection):
            try InputRules.money(collection.amount, "amount", currency: context.currency)
            try InputRules.identifier(collection.staffID, "staffID")
            if let counted = collection.counted { try InputRules.money(counted, "counted", currency: context.currency) }
            if let bag = collection.bag { try InputRules.identifier(bag, "bag") }
            let counted = collection.counted?.minor ?? collection.amount.minor
            let noteSum = try InputRules.noteTotal(collection.notes)
            guard collection.notes.isEmpty || noteSum == counted else {
                throw Refusal("invalid_input", "the notes counted do not add up to the amount collected")
            }
            // The ledger takes out what the kiosk expected; a shortfall or surplus stays visible
            // in cash_collections as expected against counted (the console's report).
            try LedgerEntry.append([LedgerEntry(holder: cash, unit: .money, delta: -collection.amount.minor, reference: reference)],
                                   at: context.now, tx)
            try ConsoleCashCollection(eventID: reference, kioskID: kiosk.id, staffID: collection.staffID,
                                     expected: collection.amount.minor, counted: counted,
                                     notes: collection.notes, sequence: collection.sequence, bag: collection.bag,
                                     collectedAt: event.occurredAt).insert(tx)
            return EventResult(id: event.id, status: .applied, holder: cash,
                               balances: try LedgerEntry.balances(of: cash, tx).wire)

        case .voucherBatchSold(let batch):
            return try VoucherBatchApplication.apply(batch, event: event, reference: reference, kiosk: kiosk, context: context,
                                                     catalogs: catalogs, tx)
        }
    }
}
