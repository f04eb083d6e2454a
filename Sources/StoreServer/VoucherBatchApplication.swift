import Foundation
import KioskDomain
import StoreAPI

/// A voucher batch printed at a kiosk: its revenue goes to that kiosk's counter (the money is
/// taken at the counter, never in the cash box), and the tickets and accounts it lists become the
/// store's own, so they log in at the PCs. Everything is checked before the first write.
enum VoucherBatchApplication {
    static func apply(_ batch: VoucherBatchSold, event: KioskEvent, reference: String, kiosk: KioskIdentity, context: EventContext,
                      catalogs: CatalogsInForce, _ tx: any SQLTransaction) throws -> EventResult {
        try InputRules.identifier(batch.batchID, "batchID")
        try InputRules.identifier(batch.kind, "kind")
        try InputRules.identifier(batch.planID, "planID")
        try InputRules.money(batch.unitPrice, "unitPrice", currency: context.currency)
        guard (1...InputLimits.maxBatchCount).contains(batch.count) else {
            throw Refusal("invalid_input", "count must be 1…\(InputLimits.maxBatchCount)")
        }
        guard (batch.codes?.count ?? 0) <= batch.count, (batch.accounts?.count ?? 0) <= batch.count else {
            throw Refusal("invalid_input", "a batch lists at most its count of codes and accounts")
        }
        let grant = try batch.grant.map { wire throws(Refusal) in try InputRules.grant(wire, currency: context.currency) }
        try InputRules.zones(batch.zones ?? [])
        if let validity = batch.validity { try InputRules.validity(validity) }
        if context.releasedBy == nil { try KioskEventChecks.voucherBatch(batch, catalogs: catalogs) }
        let revenue = batch.sellMode == .now
            ? try InputRules.product(batch.unitPrice.minor, Int64(batch.count), "unitPrice × count") : 0

        // Repeats within the batch are found in a set (a linear search per item was quadratic
        // inside the one write transaction); repeats of stored rows by their primary key.
        var tickets: [TicketRecord] = []
        var codesSeen = Set<String>()
        for text in batch.codes ?? [] {
            let code = try InputRules.code(text)
            guard code.namespace == kiosk.namespace else {
                throw Refusal("foreign_namespace", "code \(code) is not in this kiosk's namespace \(kiosk.namespace)")
            }
            guard codesSeen.insert(code.canonical).inserted, try TicketRecord.find(code, tx) == nil else {
                throw Refusal("duplicate_code", "code \(code) exists already")
            }
            tickets.append(TicketRecord(ticket: Ticket(code: code, planID: batch.planID, sellMode: batch.sellMode,
                                                       createdAt: event.occurredAt),
                                        validity: batch.validity ?? .unlimited, zones: batch.zones ?? [], kioskID: kiosk.id))
        }
        var accounts: [AccountRecord] = []
        var usernamesSeen = Set<String>()
        for account in batch.accounts ?? [] {
            try InputRules.identifier(account.username, "username")
            try InputRules.text(account.password, "password", maxLength: 128)
            guard !account.password.isEmpty else { throw Refusal("invalid_input", "account \(account.username) has an empty password") }
            guard usernamesSeen.insert(account.username).inserted, try AccountRecord.find(account.username, tx) == nil else {
                throw Refusal("account_exists", "account \(account.username) exists already")
            }
            // Hashed before the transaction (StoreRepository.accountHashes) for every account a valid batch lists.
            guard let hash = context.accountHashes[AccountPasswordKey(username: account.username, password: account.password)] else {
                throw Refusal("invalid_input", "account \(account.username) was not hashed before the batch; send the batch again")
            }
            accounts.append(AccountRecord(username: account.username, passwordHash: hash, kind: account.kind,
                                          planID: batch.planID, zones: batch.zones ?? []))
        }
        if (!tickets.isEmpty || accounts.contains { $0.kind == .prepaid }) && grant == nil {
            throw Refusal("invalid_input", "a batch that lists codes or prepaid accounts needs their grant")
        }

        var entries: [LedgerEntry] = []
        for ticket in tickets {
            try ticket.save(tx)
            if let grant { entries.append(LedgerEntry(holder: ticket.holder, unit: grant.unit, delta: grant.quantity, reference: reference)) }
        }
        for account in accounts {
            try account.insert(tx)
            if let grant, account.kind == .prepaid {
                entries.append(LedgerEntry(holder: account.holder, unit: grant.unit, delta: grant.quantity, reference: reference))
            }
        }
        let counter = "counter:\(kiosk.id)"
        entries.append(LedgerEntry(holder: counter, unit: .money, delta: revenue, reference: reference))
        try LedgerEntry.append(entries, at: context.now, tx)
        return EventResult(id: event.id, status: .applied, holder: counter,
                           balances: try LedgerEntry.balances(of: counter, tx).wire)
    }
}
