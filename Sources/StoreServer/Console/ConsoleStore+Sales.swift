import Foundation
import KioskDomain
import StoreAPI

/// A sale as the void page lists it: one ledger reference that put money into a cash holder.
struct SaleRow: Sendable, Hashable {
    var reference: String
    var kind: String
    /// What was sold: a ticket code, a refill's holder, or "batch 12 (50 × ticket)".
    var what: String
    var place: String
    var amount: ReportSum
    var at: Date
    var voided: Bool
}

extension ConsoleStore {
    static let saleTypes = ["ticket_sold", "refill_applied", "voucher_batch_sold"]

    func sales(limit: Int = 100) async throws -> [SaleRow] {
        try await database.read { tx in
            let kiosks = try Self.kioskNames(tx)
            let voided = Set(try tx.rows("SELECT reference FROM voids", []).compactMap { $0[0].text })
            return try tx.rows("""
                SELECT l.reference, l.holder, MIN(l.recorded_at), e.type, e.result, \(LedgerSum.sql("l.delta"))
                FROM ledger l LEFT JOIN events e ON e.id = l.reference
                WHERE l.unit = '\(BalanceUnit.money.rawValue)' AND l.holder LIKE 'cash:%'
                  AND (e.type IN ('ticket_sold', 'refill_applied', 'voucher_batch_sold') OR l.reference LIKE 'counter:batch:%')
                GROUP BY l.reference, l.holder, e.type, e.result
                ORDER BY MIN(l.recorded_at) DESC LIMIT \(limit)
                """, []).map { row in
                let reference = row[0].text ?? ""
                let holder = row[1].text ?? ""
                let type = row[3].text ?? "counter_batch"
                var what = reference
                if let result = try? JSONCoding.decode(EventResult.self, row[4].text), let target = result.holder {
                    let code = target.hasPrefix("ticket:") ? try? AccessCode.parse(String(target.dropFirst("ticket:".count))) : nil
                    what = code.map { "ticket \($0.grouped)" } ?? target
                } else if type == "counter_batch", let id = Int64(reference.dropFirst("counter:batch:".count)),
                          let batch = try tx.row("SELECT item_count, kind FROM voucher_batches WHERE id = ?", [.int(id)]) {
                    what = "batch \(id) (\(batch[0].int ?? 0) × \(batch[1].text ?? ""))"
                }
                return SaleRow(reference: reference, kind: type, what: what, place: Self.place(of: holder, kiosks),
                               amount: LedgerSum.value(row[5], row[6]), at: row[2].date ?? .distantPast,
                               voided: voided.contains(reference))
            }
        }
    }

    /// Voids a sale: a reversing ledger entry for every row the sale wrote (money and grants,
    /// under reference `void:<reference>`), its ticket codes blocked, and a void record with the
    /// reason and the owner. Owners only; a sale is voided at most once.
    func void(_ reference: String, reason: String, staff: ConsoleStaff, now: Date) async throws -> Int64 {
        try Self.requireOwner(staff, "void a sale")
        try InputRules.reference(reference, "sale reference")
        try InputRules.text(reason, "reason")
        guard reason.trimmingCharacters(in: .whitespaces).count >= 3 else {
            throw Refusal("invalid_input", "give the reason for the void (a few words)")
        }
        return try await database.write { tx in
            guard try tx.row("SELECT reference FROM voids WHERE reference = ?", [.text(reference)]) == nil else {
                throw Refusal("already_voided", "this sale was voided already")
            }
            let type = try tx.row("SELECT type FROM events WHERE id = ?", [.text(reference)])?[0].text
            let kind = reference.hasPrefix("counter:batch:") ? "counter_batch" : (type ?? "")
            guard kind == "counter_batch" || Self.saleTypes.contains(kind) else {
                throw Refusal("not_a_sale", "\(reference) is not a sale the console can void")
            }
            let rows = try tx.rows("SELECT holder, unit, delta FROM ledger WHERE reference = ?", [.text(reference)])
            var reversal: [LedgerEntry] = []
            var amount: Int64 = 0
            for row in rows {
                guard let holder = row[0].text, let unit = BalanceUnit(rawValue: row[1].text ?? ""), let delta = row[2].int else { continue }
                guard delta != .min else { throw Refusal("ledger_overflow", "a row of \(reference) cannot be reversed in 64 bits") }
                reversal.append(LedgerEntry(holder: holder, unit: unit, delta: -delta, reference: "void:\(reference)"))
                if holder.hasPrefix("cash:") && unit == .money { amount = try InputRules.sum(amount, delta, "the sale's amount") }
                if holder.hasPrefix("ticket:"), let code = try? AccessCode.parse(String(holder.dropFirst("ticket:".count))) {
                    try BlockedCodes.insert(code, reason: "sale voided: \(reason)", staff: staff.username, now: now, tx)
                }
            }
            guard !reversal.isEmpty else { throw Refusal("not_a_sale", "no ledger rows belong to \(reference)") }
            try LedgerEntry.append(reversal, at: now, tx)
            try tx.execute("INSERT INTO voids (reference, kind, amount, reason, voided_by, voided_at) VALUES (?, ?, ?, ?, ?, ?)",
                           [.text(reference), .text(kind), .int(amount), .text(reason), .text(staff.username), .date(now)])
            try ConsoleAudit.record(staff.username, "sale_voided", "\(reference) (\(amount) minor units): \(reason)", at: now, tx)
            return amount
        }
    }

    func voids(limit: Int = 100) async throws -> [(reference: String, kind: String, amount: Int64, reason: String, by: String, at: Date)] {
        try await database.read { tx in
            try tx.rows("SELECT reference, kind, amount, reason, voided_by, voided_at FROM voids ORDER BY voided_at DESC LIMIT \(limit)", [])
                .map { ($0[0].text ?? "", $0[1].text ?? "", $0[2].int ?? 0, $0[3].text ?? "", $0[4].text ?? "", $0[5].date ?? .distantPast) }
        }.map { (reference: $0.0, kind: $0.1, amount: $0.2, reason: $0.3, by: $0.4, at: $0.5) }
    }

    // MARK: Names

    static func kioskNames(_ tx: any SQLTransaction) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try tx.rows("SELECT id, name FROM kiosks", []) {
            if let id = row[0].text { names[id] = row[1].text ?? id }
        }
        return names
    }

    /// "Counter (anna)" for a counter holder, the kiosk's name for a kiosk's cash holder.
    static func place(of cashHolder: String, _ kiosks: [String: String]) -> String {
        let rest = String(cashHolder.dropFirst("cash:".count))
        if rest.hasPrefix("counter:") { return "Counter (\(rest.dropFirst("counter:".count)))" }
        return kiosks[rest] ?? rest
    }
}
