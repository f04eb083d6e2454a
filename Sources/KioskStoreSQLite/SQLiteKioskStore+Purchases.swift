import Foundation
import GRDB
import KioskCore
import KioskDomain

extension SQLiteKioskStore {
    public func beginPurchase(_ purchase: PurchaseRecord) async throws {
        let at = Self.millis(purchase.startedAt)
        let price = purchase.product.price
        guard purchase.state == .awaitingPayment || purchase.state == .paid else {
            throw StoreError.wrongPurchaseState(id: purchase.id, state: purchase.state.rawValue, action: "begin")
        }
        try await db.write { db in
            try db.execute(sql: """
                INSERT INTO purchases (id, product, price_minor, currency, state, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [purchase.id, try Self.json(purchase.product), price?.minorUnits, self.currency.code,
                                 purchase.state.rawValue, at, at])
        }
    }

    public func recordEscrow(purchaseID: String, amount: Money, deviceRef: String) async throws -> String {
        let noteID = UUID().uuidString.lowercased()
        let at = Self.millis(clock.now())
        try await db.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM purchases WHERE id = ?", arguments: [purchaseID]) == true else {
                throw StoreError.unknownPurchase(purchaseID)
            }
            try db.execute(sql: """
                INSERT INTO notes (id, purchase_id, amount_minor, currency, device_ref, status, escrow_at) VALUES (?, ?, ?, ?, ?, \(Purchase.NoteStatus.stacking.sqlLiteral), ?)
                """, arguments: [noteID, purchaseID, amount.minorUnits, amount.currency.code, deviceRef, at])
        }
        return noteID
    }

    /// Credits a stacked note once; `paysPurchase` is `Purchase`'s decision, recorded here.
    public func recordStacked(noteID: String, paysPurchase: Bool) async throws -> Bool {
        let at = Self.millis(clock.now())
        return try await db.write { db in
            guard let note = try Row.fetchOne(db, sql: "SELECT purchase_id, amount_minor, status FROM notes WHERE id = ?",
                                              arguments: [noteID]) else { throw StoreError.unknownNote(noteID) }
            if Self.noteStatus(note["status"]) == .stacked { return false }
            let purchaseID: String = note["purchase_id"]
            let amount: Int64 = note["amount_minor"]
            try db.execute(sql: "UPDATE notes SET status = \(Purchase.NoteStatus.stacked.sqlLiteral), settled_at = ? WHERE id = ?", arguments: [at, noteID])
            var ledger = try LedgerWriter(db: db, at: at)
            try ledger.append(.init(kind: "note_stacked", holder: Holder.cashBox, unit: "money", delta: amount,
                                    denomination: amount, notes: 1, purchaseID: purchaseID, noteID: noteID))
            try ledger.append(.init(kind: "payment", holder: Holder.purchase(purchaseID), unit: "money", delta: amount,
                                    purchaseID: purchaseID, noteID: noteID))
            let state = try String.fetchOne(db, sql: "SELECT state FROM purchases WHERE id = ?", arguments: [purchaseID])!
            switch Purchase.State(rawValue: state) {
            case .awaitingPayment:
                if paysPurchase { try Self.setState(db, purchaseID, .paid, at) }
            case .paid:
                break
            default:
                // The note landed after the sale ended (a stack that raced a cancel or a restart):
                // the money is in the cassette, so it becomes the customer's recorded credit.
                try Self.moveToCustomerCredit(db, purchaseID: purchaseID, amount: amount, ledger: &ledger, at: at)
            }
            return true
        }
    }

    public func recordPaid(purchaseID: String) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            _ = try Self.requireState(db, purchaseID, [.awaitingPayment], action: "record the payment")
            guard try Self.balance(db, Holder.purchase(purchaseID)) > 0 else {
                throw StoreError.wrongPurchaseState(id: purchaseID, state: "without credit", action: "record the payment")
            }
            try Self.setState(db, purchaseID, .paid, at)
        }
    }

    public func recordReturned(noteID: String) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            try db.execute(sql: """
                UPDATE notes SET status = \(Purchase.NoteStatus.returned.sqlLiteral), settled_at = ?
                WHERE id = ? AND status = \(Purchase.NoteStatus.stacking.sqlLiteral)
                """,
                           arguments: [at, noteID])
        }
    }

    public func recordStackConfirmed(noteID: String) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            try db.execute(sql: """
                UPDATE notes SET confirmed_at = ? WHERE id = ? AND status = \(Purchase.NoteStatus.stacked.sqlLiteral) AND confirmed_at IS NULL
                """,
                           arguments: [at, noteID])
        }
    }

    public func issueTicket(purchaseID: String, ticket: Ticket, grant: Grant, surplus: SurplusPlacement?,
                            changeVoucherCode: AccessCode?) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            let purchase = try Self.requireState(db, purchaseID, [.paid], action: "issue a ticket")
            // An open amount (time for an amount) has no price: everything paid is the price.
            let price: Int64 = try purchase["price_minor"] ?? Self.balance(db, Holder.purchase(purchaseID))
            let code = ticket.code.canonical
            if case .timeForAmount(let rate)? = try? Self.decode(Product.self, purchase["product"]) {
                try Self.recordRatePlan(rate, db)
            }
            try db.execute(sql: "INSERT INTO codes (code, kind) VALUES (?, 'ticket')", arguments: [code])
            try db.execute(sql: """
                INSERT INTO tickets (code, plan_id, state, sell_mode, purchase_id, sold_at, created_at)
                VALUES (?, ?, \(Ticket.State.sold.sqlLiteral), \(SellMode.now.sqlLiteral), ?, ?, ?)
                """, arguments: [code, ticket.planID, purchaseID, at, at])
            var ledger = try LedgerWriter(db: db, at: at)
            if price > 0 {
                try ledger.append(.init(kind: "sale", holder: Holder.purchase(purchaseID), unit: "money", delta: -price, purchaseID: purchaseID))
                try ledger.append(.init(kind: "sale", holder: Holder.revenue, unit: "money", delta: price, purchaseID: purchaseID))
            }
            try ledger.append(.init(kind: "grant", holder: Holder.ticket(code), unit: grant.unit.rawValue, delta: grant.quantity,
                                    purchaseID: purchaseID))
            let left = try Self.balance(db, Holder.purchase(purchaseID))
            // What the central store must learn beyond the plan: money kept as extra time or as a
            // change voucher is part of this sale's takings (a customer credit is its own event).
            var keptSurplus: Int64 = 0
            var extraQuantity: Int64 = 0
            if left > 0 {
                switch surplus {
                case .extraGrant(let extra):
                    keptSurplus = left
                    extraQuantity = extra.unit == grant.unit ? extra.quantity : 0
                    try ledger.append(.init(kind: "surplus_sale", holder: Holder.purchase(purchaseID), unit: "money", delta: -left, purchaseID: purchaseID))
                    try ledger.append(.init(kind: "surplus_sale", holder: Holder.revenue, unit: "money", delta: left, purchaseID: purchaseID))
                    try ledger.append(.init(kind: "surplus_grant", holder: Holder.ticket(code), unit: extra.unit.rawValue,
                                            delta: extra.quantity, purchaseID: purchaseID))
                case .changeVoucher where changeVoucherCode != nil:
                    // A refill code that holds the surplus as money, printed for the customer.
                    let change = changeVoucherCode!.canonical
                    keptSurplus = left
                    try db.execute(sql: "INSERT INTO codes (code, kind) VALUES (?, 'refill')", arguments: [change])
                    try db.execute(sql: "INSERT INTO refills (code, plan_id, purchase_id, created_at) VALUES (?, ?, ?, ?)",
                                   arguments: [change, ticket.planID, purchaseID, at])
                    try ledger.append(.init(kind: "change_voucher", holder: Holder.purchase(purchaseID), unit: "money", delta: -left, purchaseID: purchaseID))
                    try ledger.append(.init(kind: "change_voucher", holder: Holder.refill(change), unit: "money", delta: left, purchaseID: purchaseID))
                default:
                    // Anything not placed otherwise is never kept silently: it is the customer's credit.
                    try Self.moveToCustomerCredit(db, purchaseID: purchaseID, amount: left, ledger: &ledger, at: at)
                }
            }
            try db.execute(sql: "UPDATE purchases SET state = \(Purchase.State.issued.sqlLiteral), ticket_code = ?, updated_at = ? WHERE id = ?",
                           arguments: [code, at, purchaseID])
            try Self.enqueue(db, key: "sale-\(purchaseID)", kind: "sale", payload: [
                "purchase_id": purchaseID, "code": code, "plan_id": ticket.planID, "sell_mode": ticket.sellMode.rawValue,
                "price_minor": String(price), "paid_minor": String(price + keptSurplus),
                "unit": grant.unit.rawValue, "quantity": String(grant.quantity + extraQuantity),
            ], at: at)
        }
    }

    public func cancelPurchase(purchaseID: String) async throws -> String? {
        let at = Self.millis(clock.now())
        return try await db.write { db in
            // A paid purchase is cancelled only when what was bought can no longer be delivered
            // (reconciliation after a restart): its money becomes the customer's credit too.
            _ = try Self.requireState(db, purchaseID, [.awaitingPayment, .paid], action: "cancel")
            let credit = try Self.balance(db, Holder.purchase(purchaseID))
            guard credit > 0 else {
                try Self.setState(db, purchaseID, .cancelled, at)
                return nil
            }
            var ledger = try LedgerWriter(db: db, at: at)
            let creditID = try Self.moveToCustomerCredit(db, purchaseID: purchaseID, amount: credit, ledger: &ledger, at: at)
            try Self.setState(db, purchaseID, .cancelledWithCredit, at)
            return creditID
        }
    }

    public func markPrinted(purchaseID: String, success: Bool) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            _ = try Self.requireState(db, purchaseID, [.issued, .printFailed], action: "record printing")
            try Self.setState(db, purchaseID, success ? .receiptPrinted : .printFailed, at)
            try db.execute(sql: "UPDATE purchases SET receipt_printed = ? WHERE id = ?", arguments: [success, purchaseID])
        }
    }

    public func completePurchase(purchaseID: String) async throws {
        let at = Self.millis(clock.now())
        try await db.write { db in
            _ = try Self.requireState(db, purchaseID, [.issued, .receiptPrinted, .printFailed], action: "complete")
            try Self.setState(db, purchaseID, .completed, at)
        }
    }

    public func unfinishedPurchases() async throws -> [PurchaseSnapshot] {
        try await db.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, product, state FROM purchases
                WHERE state NOT IN (\([Purchase.State.completed, .cancelled, .cancelledWithCredit].sqlList)) ORDER BY started_at
                """)
            return try rows.map { row in
                let id: String = row["id"]
                let rows = try Row.fetchAll(db, sql: "SELECT id, amount_minor, status, confirmed_at FROM notes WHERE purchase_id = ? ORDER BY escrow_at",
                                            arguments: [id])
                let unconfirmed = Set(rows.filter { Self.noteStatus($0["status"]) == .stacked && ($0["confirmed_at"] as Int64?) == nil }
                    .map { $0["id"] as String })
                let notes = rows.map { note in
                    Purchase.Note(id: note["id"], amount: Money(minorUnits: note["amount_minor"], currency: self.currency),
                                  status: Self.noteStatus(note["status"]))
                }
                let carried = try Int64.fetchOne(db, sql: """
                    SELECT SUM(delta) FROM ledger WHERE kind = 'credit_redeemed' AND holder = ? AND unit = \(BalanceUnit.money.sqlLiteral)
                    """, arguments: [Holder.purchase(id)])
                return PurchaseSnapshot(id: id, product: try Self.decode(Product.self, row["product"]),
                                        state: Purchase.State(rawValue: row["state"])!, notes: notes,
                                        unconfirmedStackedNoteIDs: unconfirmed,
                                        carriedCredit: carried.map { Money(minorUnits: $0, currency: self.currency) })
            }
        }
    }

    // MARK: Helpers shared by the money writes

    static func noteStatus(_ text: String) -> Purchase.NoteStatus {
        switch Purchase.NoteStatus(rawValue: text) {
        case .stacked: .stacked
        case .returned: .returned
        default: .stacking
        }
    }

    static func balance(_ db: Database, _ holder: String, unit: String = BalanceUnit.money.rawValue) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT amount FROM balances WHERE holder = ? AND unit = ?", arguments: [holder, unit]) ?? 0
    }

    static func setState(_ db: Database, _ purchaseID: String, _ state: Purchase.State, _ at: Int64) throws {
        try db.execute(sql: "UPDATE purchases SET state = ?, updated_at = ? WHERE id = ?", arguments: [state.rawValue, at, purchaseID])
    }

    /// A ticket bought as time for an amount names its rate as its plan: kept as an inactive plan
    /// row (the hourly price, one hour's grant, the rate's validity) so the ticket's plan exists
    /// for refills and for the central store, without appearing among the plans on sale.
    static func recordRatePlan(_ rate: RatePlan, _ db: Database) throws {
        let plan = PricePlan(id: rate.id, name: rate.name, price: rate.hourlyPrice, grant: .minutes(60, rate.category),
                             validity: rate.validity)
        try db.execute(sql: """
            INSERT INTO plans (id, name, price_minor, currency, definition, active) VALUES (?, ?, ?, ?, ?, 0)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, price_minor = excluded.price_minor, definition = excluded.definition
            """, arguments: [plan.id, plan.name, plan.price.minorUnits, plan.price.currency.code, try json(plan)])
    }

    static func requireState(_ db: Database, _ purchaseID: String, _ allowed: Set<Purchase.State>, action: String) throws -> Row {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM purchases WHERE id = ?", arguments: [purchaseID]) else {
            throw StoreError.unknownPurchase(purchaseID)
        }
        let state: String = row["state"]
        guard let known = Purchase.State(rawValue: state), allowed.contains(known) else { throw StoreError.wrongPurchaseState(id: purchaseID, state: state, action: action) }
        return row
    }

    /// Moves `amount` of a purchase's credit to a new customer credit (shown, printable, visible to staff).
    @discardableResult
    static func moveToCustomerCredit(_ db: Database, purchaseID: String, amount: Int64, ledger: inout LedgerWriter,
                                     at: Int64) throws -> String {
        let creditID = UUID().uuidString.lowercased()
        let currency = try String.fetchOne(db, sql: "SELECT currency FROM purchases WHERE id = ?", arguments: [purchaseID]) ?? "?"
        try db.execute(sql: """
            INSERT INTO customer_credits (id, purchase_id, amount_minor, currency, state, created_at) VALUES (?, ?, ?, ?, 'open', ?)
            """, arguments: [creditID, purchaseID, amount, currency, at])
        try ledger.append(.init(kind: "customer_credit", holder: Holder.purchase(purchaseID), unit: "money", delta: -amount,
                                purchaseID: purchaseID))
        try ledger.append(.init(kind: "customer_credit", holder: Holder.credit(creditID), unit: "money", delta: amount,
                                purchaseID: purchaseID))
        try enqueue(db, key: "credit-\(creditID)", kind: "customer_credit", payload: [
            "credit_id": creditID, "purchase_id": purchaseID, "amount_minor": String(amount),
        ], at: at)
        return creditID
    }
}
