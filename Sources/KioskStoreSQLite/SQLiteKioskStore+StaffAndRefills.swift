import Foundation
import GRDB
import KioskCore
import KioskDomain

extension SQLiteKioskStore: KioskStoreStaffAndRefills {
    public func findRefillTarget(_ target: RefillTarget) async throws -> RefillTargetInfo? {
        try await db.read { db in
            let row: Row?
            switch target {
            case .ticket(let code):
                row = try Row.fetchOne(db, sql: "SELECT plan_id, state, extended_until FROM tickets WHERE code = ?",
                                       arguments: [code.canonical])
            case .account(let username):
                row = try Row.fetchOne(db, sql: "SELECT plan_id, kind AS state, NULL AS extended_until FROM accounts WHERE username = ?",
                                       arguments: [username])
            }
            guard let row else { return nil }
            var balances = Balances()
            for balance in try Row.fetchAll(db, sql: "SELECT unit, amount FROM balances WHERE holder = ?", arguments: [target.holder]) {
                if let unit = BalanceUnit(rawValue: balance["unit"]) { balances.add(balance["amount"], to: unit) }
            }
            let extended: Int64? = row["extended_until"]
            return RefillTargetInfo(target: target, planID: row["plan_id"], state: row["state"], balances: balances,
                                    extendedUntil: extended.map(Self.date))
        }
    }

    public func applyRefill(purchaseID: String, target: RefillTarget, grant: Grant, extendedUntil: Date?) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            let purchase = try Self.requireState(db, purchaseID, [.paid], action: "apply a refill")
            let price: Int64 = purchase["price_minor"] ?? 0
            var ledger = try LedgerWriter(db: db, at: at)
            if price > 0 {
                try ledger.append(.init(kind: "refill_sale", holder: Holder.purchase(purchaseID), unit: "money", delta: -price, purchaseID: purchaseID))
                try ledger.append(.init(kind: "refill_sale", holder: Holder.revenue, unit: "money", delta: price, purchaseID: purchaseID))
            }
            try ledger.append(.init(kind: "refill", holder: target.holder, unit: grant.unit.rawValue, delta: grant.quantity,
                                    purchaseID: purchaseID))
            // Keep-and-credit on a refill: any surplus goes to the same account or ticket as money.
            let surplus = try Self.balance(db, Holder.purchase(purchaseID))
            if surplus > 0 {
                try ledger.append(.init(kind: "refill_surplus", holder: Holder.purchase(purchaseID), unit: "money", delta: -surplus, purchaseID: purchaseID))
                try ledger.append(.init(kind: "refill_surplus", holder: target.holder, unit: "money", delta: surplus, purchaseID: purchaseID))
            }
            if case .ticket(let code) = target {
                try db.execute(sql: """
                    UPDATE tickets SET extended_until = ?, state = CASE WHEN state IN (\([Ticket.State.usedUp, .expired].sqlList))
                        THEN CASE WHEN first_used_at IS NULL THEN \(Ticket.State.sold.sqlLiteral) ELSE \(Ticket.State.inUse.sqlLiteral) END
                        ELSE state END WHERE code = ?
                    """, arguments: [extendedUntil.map(Self.millis), code.canonical])
            }
            try Self.setState(db, purchaseID, .issued, at)
            var payload = [
                "purchase_id": purchaseID, "target": target.holder, "price_minor": String(price),
                "unit": grant.unit.rawValue, "quantity": String(grant.quantity), "surplus_minor": String(surplus),
            ]
            // The central store checks a refill's price and grant against the plan it names.
            if case .refill(let plan, _)? = try? Self.decode(Product.self, purchase["product"]) { payload["plan_id"] = plan.id }
            try Self.enqueue(db, key: "refill-\(purchaseID)", kind: "refill", payload: payload, at: at)
        }
    }

    public func cashBoxCounts() async throws -> [Int64: Int] {
        try await db.read { db in try Self.counts(db) }
    }

    public func collectCash(_ request: CashCollectionRequest) async throws -> CashCollectionRecord {
        let at = Self.millis(request.at)
        let currency = self.currency
        return try await db.write { db in
            let expected = try Self.counts(db)
            func total(_ counts: [Int64: Int]) -> Money {
                counts.reduce(.zero(currency)) { $0 + Money(minorUnits: $1.key, currency: currency).times(Int64($1.value)) }
            }
            var ledger = try LedgerWriter(db: db, at: at)
            // The ledger empties the box by what it held; a difference with the count is recorded
            // beside it for staff to see, never hidden by adjusting the ledger.
            for (denomination, count) in expected.sorted(by: { $0.key < $1.key }) where count > 0 {
                try ledger.append(.init(kind: "collection", holder: Holder.cashBox, unit: "money", delta: -denomination * Int64(count),
                                        denomination: denomination, notes: -Int64(count)))
                try ledger.append(.init(kind: "collection", holder: "collected", unit: "money", delta: denomination * Int64(count),
                                        denomination: nil))
            }
            try db.execute(sql: """
                INSERT INTO cash_collections (collected_at, collector, seal, expected_minor, counted_minor, currency, expected_counts, counted_counts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [at, request.collector, request.seal, total(expected).minorUnits, total(request.counted).minorUnits,
                                 currency.code, try Self.json(expected.mapKeys(String.init)), try Self.json(request.counted.mapKeys(String.init))])
            let sequence = db.lastInsertedRowID
            try Self.enqueue(db, key: "collection-\(sequence)", kind: "cash_collection", payload: [
                "sequence": String(sequence), "collector": request.collector, "seal": request.seal,
                "expected_minor": String(total(expected).minorUnits), "counted_minor": String(total(request.counted).minorUnits),
            ], at: at)
            return CashCollectionRecord(sequence: sequence, expected: expected, counted: request.counted,
                                        expectedTotal: total(expected), countedTotal: total(request.counted))
        }
    }

    public func openCustomerCredits() async throws -> [CustomerCredit] {
        let currency = self.currency
        return try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM customer_credits WHERE state = 'open' ORDER BY created_at DESC").map { row in
                CustomerCredit(id: row["id"], purchaseID: row["purchase_id"],
                               amount: Money(minorUnits: row["amount_minor"], currency: currency), createdAt: Self.date(row["created_at"]))
            }
        }
    }

    public func redeemCustomerCredit(id: String, into purchaseID: String) async throws -> Money {
        let at = Self.millis(clock.now())
        let currency = self.currency
        return try await db.write { db in
            _ = try Self.requireState(db, purchaseID, [.awaitingPayment], action: "take a kept credit")
            guard let credit = try Row.fetchOne(db, sql: "SELECT amount_minor FROM customer_credits WHERE id = ? AND state = 'open'",
                                                arguments: [id]) else {
                throw StoreError.wrongPurchaseState(id: purchaseID, state: "credit \(id) is not open", action: "take a kept credit")
            }
            let amount: Int64 = credit["amount_minor"]
            try db.execute(sql: "UPDATE customer_credits SET state = 'redeemed' WHERE id = ?", arguments: [id])
            var ledger = try LedgerWriter(db: db, at: at)
            try ledger.append(.init(kind: "credit_redeemed", holder: Holder.credit(id), unit: "money", delta: -amount, purchaseID: purchaseID))
            try ledger.append(.init(kind: "credit_redeemed", holder: Holder.purchase(purchaseID), unit: "money", delta: amount,
                                    purchaseID: purchaseID))
            // The central store counted this money into the cash box with the credit's own event;
            // the purchase will count it again, so the credit's redemption takes it back out there.
            try Self.enqueue(db, key: "credit-redeemed-\(id)", kind: "credit_redeemed", payload: [
                "credit_id": id, "purchase_id": purchaseID, "amount_minor": String(amount),
            ], at: at)
            return Money(minorUnits: amount, currency: currency)
        }
    }

    static func counts(_ db: Database) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT denomination, count FROM cash_box WHERE count > 0") {
            counts[row["denomination"]] = row["count"]
        }
        return counts
    }
}

extension Dictionary {
    func mapKeys<K: Hashable>(_ transform: (Key) -> K) -> [K: Value] {
        Dictionary<K, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}

extension SQLiteKioskStore {
    public func ticket(_ code: AccessCode) async throws -> Ticket? {
        try await db.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tickets WHERE code = ?", arguments: [code.canonical]) else { return nil }
            let sold: Int64? = row["sold_at"], used: Int64? = row["first_used_at"], extended: Int64? = row["extended_until"]
            return Ticket(code: code, planID: row["plan_id"], state: Ticket.State(rawValue: row["state"]) ?? .sold,
                          sellMode: SellMode(rawValue: row["sell_mode"]) ?? .now, soldAt: sold.map(Self.date),
                          firstUsedAt: used.map(Self.date), extendedUntil: extended.map(Self.date))
        }
    }
}

extension SQLiteKioskStore {
    public func recordDispute(noteID: String, reason: String) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            guard let note = try Row.fetchOne(db, sql: "SELECT purchase_id, amount_minor FROM notes WHERE id = ?", arguments: [noteID]) else {
                throw StoreError.unknownNote(noteID)
            }
            try db.execute(sql: """
                INSERT INTO note_disputes (id, note_id, purchase_id, amount_minor, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (note_id) DO NOTHING
                """, arguments: [UUID().uuidString.lowercased(), noteID, note["purchase_id"] as String, note["amount_minor"] as Int64, reason, at])
            try Self.enqueue(db, key: "dispute-\(noteID)", kind: "note_dispute", payload: [
                "note_id": noteID, "purchase_id": note["purchase_id"], "amount_minor": String(note["amount_minor"] as Int64), "reason": reason,
            ], at: at)
        }
    }

    public func openDisputes() async throws -> [NoteDispute] {
        let currency = self.currency
        return try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM note_disputes WHERE resolved_at IS NULL ORDER BY created_at").map { row in
                NoteDispute(noteID: row["note_id"], purchaseID: row["purchase_id"],
                            amount: Money(minorUnits: row["amount_minor"], currency: currency), reason: row["reason"])
            }
        }
    }

    public func resolveDispute(noteID: String, noteWasStacked: Bool, by staff: String) async throws {
        if noteWasStacked {
            // Resolved after the kiosk settled the purchase: the note does not decide a payment.
            _ = try await recordStacked(noteID: noteID, paysPurchase: false)
        } else {
            try await recordReturned(noteID: noteID)
        }
        let at = Self.millis(clock.now())
        try await db.write { db in
            try db.execute(sql: "UPDATE note_disputes SET resolved_at = ?, resolution = ?, resolved_by = ? WHERE note_id = ?",
                           arguments: [at, (noteWasStacked ? Purchase.NoteStatus.stacked : .returned).rawValue, staff, noteID])
        }
    }
}
