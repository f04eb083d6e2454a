import GRDB
import KioskCore
import KioskDomain

extension SQLiteKioskStore {
    /// Saves a whole batch in one transaction: its codes or accounts, the grants they hold, and —
    /// for sell-now batches that are not free — the counter sale in the ledger, plus one outbox event.
    public func saveVoucherBatch(_ batch: GeneratedBatch) async throws -> SavedBatch {
        try await db.write { db in
            let at = Self.millis(batch.createdAt)
            try Self.refuseTakenCodes(batch, db)
            try db.execute(sql: """
                INSERT INTO voucher_batches (kind, plan_id, count, unit_price_minor, currency, sell_mode, options, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [batch.options.kind.rawValue, batch.plan.id, batch.items.count, batch.unitPrice.minorUnits,
                                 batch.unitPrice.currency.code, batch.options.sellMode.rawValue, try Self.json(batch.options), at])
            let batchID = db.lastInsertedRowID
            var ledger = try LedgerWriter(db: db, at: at)
            let soldNow = batch.options.sellMode == .now || batch.options.kind == .free
            for item in batch.items {
                try Self.insert(item, batch: batch, batchID: batchID, soldNow: soldNow, at: at, db: db, ledger: &ledger)
            }
            let total = batch.unitPrice.times(Int64(batch.items.count))
            if batch.options.sellMode == .now && total.isPositive {
                let sale = LedgerWriter.Entry(kind: "counter_sale", holder: Holder.counter, unit: BalanceUnit.money.rawValue,
                                              delta: -total.minorUnits, batchID: batchID)
                try ledger.append(sale)
                try ledger.append(.init(kind: "counter_sale", holder: Holder.revenue, unit: BalanceUnit.money.rawValue,
                                        delta: total.minorUnits, batchID: batchID))
            }
            try Self.enqueue(db, key: "batch-\(batchID)-\(at)", kind: "voucher_batch",
                             payload: try Self.batchPayload(batch, batchID: batchID), at: at)
            return SavedBatch(batchID: batchID, items: batch.items)
        }
    }

    /// The outbox fields of a batch: its revenue and, so the codes log in at the PCs, every ticket
    /// code and account (with its password: the store keeps only an scrypt hash of it, and the
    /// row's copy is blanked once the store acknowledged it, `OutboxPasswords`).
    private static func batchPayload(_ batch: GeneratedBatch, batchID: Int64) throws -> [String: String] {
        var payload = [
            "batch_id": String(batchID), "kind": batch.options.kind.rawValue, "plan_id": batch.plan.id,
            "count": String(batch.items.count), "unit_price_minor": String(batch.unitPrice.minorUnits),
            "sell_mode": batch.options.kind == .free ? SellMode.now.rawValue : batch.options.sellMode.rawValue,
            "unit": batch.plan.grant.unit.rawValue, "quantity": String(batch.plan.grant.quantity),
        ]
        var codes: [String] = []
        var accounts: [[String: String]] = []
        for item in batch.items {
            switch item {
            case .ticket(let code): codes.append(code.canonical)
            case .refill: break   // refill codes are redeemed at the kiosk that printed them
            case .account(let username, let password):
                accounts.append(["username": username, "password": password, "kind": batch.options.accountKind.rawValue])
            }
        }
        if !codes.isEmpty { payload["codes"] = codes.joined(separator: ",") }
        if !accounts.isEmpty { payload["accounts"] = try json(accounts) }
        return payload
    }

    private static func refuseTakenCodes(_ batch: GeneratedBatch, _ db: Database) throws {
        let codes = batch.items.compactMap { $0.code?.canonical }
        var taken = Set<String>()
        let lookup = try db.cachedStatement(sql: "SELECT 1 FROM codes WHERE code = ?")
        for code in codes where try Bool.fetchOne(lookup, arguments: [code]) == true { taken.insert(code) }
        if !taken.isEmpty { throw DuplicateCodes(codes: taken) }
        let usernames = batch.items.compactMap { item -> String? in
            if case .account(let username, _) = item { return username }
            return nil
        }
        let userLookup = try db.cachedStatement(sql: "SELECT 1 FROM accounts WHERE username = ?")
        for name in usernames where try Bool.fetchOne(userLookup, arguments: [name]) == true {
            throw VoucherError.usernameTaken(name)
        }
    }

    private static func insert(_ item: VoucherItem, batch: GeneratedBatch, batchID: Int64, soldNow: Bool, at: Int64,
                               db: Database, ledger: inout LedgerWriter) throws {
        let grant = batch.plan.grant
        switch item {
        case .ticket(let code):
            try db.cachedStatement(sql: "INSERT INTO codes (code, kind) VALUES (?, 'ticket')").execute(arguments: [code.canonical])
            try db.cachedStatement(sql: """
                INSERT INTO tickets (code, plan_id, state, sell_mode, batch_id, sold_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [code.canonical, batch.plan.id, (soldNow ? Ticket.State.sold : .generated).rawValue,
                                         batch.options.sellMode.rawValue, batchID, soldNow ? at : nil, at])
            try ledger.append(.init(kind: "grant", holder: Holder.ticket(code.canonical), unit: grant.unit.rawValue,
                                    delta: grant.quantity, batchID: batchID))
        case .refill(let code):
            // A refill holds nothing itself: its plan's grant moves to the target when applied.
            try db.cachedStatement(sql: "INSERT INTO codes (code, kind) VALUES (?, 'refill')").execute(arguments: [code.canonical])
            try db.cachedStatement(sql: "INSERT INTO refills (code, plan_id, batch_id, created_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [code.canonical, batch.plan.id, batchID, at])
        case .account(let username, _):
            // The password is on the printed sheet and, until the store acknowledges the batch, in
            // its outbox row (OutboxPasswords); never kept in `accounts`.
            try db.cachedStatement(sql: """
                INSERT INTO accounts (username, password, kind, plan_id, batch_id, created_at) VALUES (?, '', ?, ?, ?, ?)
                """).execute(arguments: [username, batch.options.accountKind.rawValue, batch.plan.id, batchID, at])
            if batch.options.accountKind == .prepaid {
                try ledger.append(.init(kind: "grant", holder: Holder.account(username), unit: grant.unit.rawValue,
                                        delta: grant.quantity, batchID: batchID))
            }
        }
    }

    /// Queues an event for the central store; the key makes a replay harmless there.
    static func enqueue(_ db: Database, key: String, kind: String, payload: [String: String], at: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES (?, ?, ?, ?)
            """).execute(arguments: [key, kind, try json(payload), at])
    }
}
