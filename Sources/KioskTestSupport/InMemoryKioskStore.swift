import Foundation
import KioskCore
import KioskDomain

/// `KioskStore` in memory, for unit tests of the use cases: the same intents with the same money
/// rules as the SQLite store (a note is credited once and only when stacked, what a purchase holds
/// beyond its price is placed or becomes a customer credit, a finished purchase holds nothing), so
/// a use case's test needs no database file. The SQLite store itself is tested against a real file
/// in KioskStoreSQLiteTests; `verify` here checks the same invariants from this store's records.
/// Every method is `throws` as the port's are, so a test reads the same against either store.
public actor InMemoryKioskStore: KioskStore {
    /// A request the SQLite store would refuse too (a purchase in the wrong state, an unknown note).
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    struct PurchaseRow {
        let record: PurchaseRecord
        var state: Purchase.State
        /// Kept credits redeemed into this purchase, nil for none (as SQL's SUM of no rows).
        var carried: Int64?
    }

    struct NoteRow {
        let id: String
        let purchaseID: String
        let amount: Int64
        var status: Purchase.NoteStatus
        var confirmed = false
        /// How many times the note was credited: the invariant is once if stacked, else never.
        var credits = 0
    }

    let currency: Currency
    let clock: any WallClock
    var plans: [(plan: PricePlan, active: Bool)] = []
    var purchases: [String: PurchaseRow] = [:]
    var purchaseOrder: [String] = []
    var notes: [String: NoteRow] = [:]
    var noteOrder: [String] = []
    /// Balances by ledger holder ("purchase:<id>", "ticket:<code>", "credit:<id>", "revenue").
    var balances: [String: Balances] = [:]
    var cashBox: [Int64: Int] = [:]
    /// Notes taken out by collections, per denomination: the cash box is stacked minus collected.
    var collected: [Int64: Int] = [:]
    var codes: Set<String> = []
    var tickets: [String: Ticket] = [:]
    var accounts: [String: (planID: String, kind: Account.Kind)] = [:]
    var credits: [(credit: CustomerCredit, open: Bool)] = []
    var disputes: [(dispute: NoteDispute, resolved: Bool)] = []
    var collections: Int64 = 0
    var batches: Int64 = 0
    var staffLog: [StaffAttempt] = []

    public init(currency: Currency, clock: any WallClock = SystemWallClock()) {
        self.currency = currency
        self.clock = clock
    }

    // MARK: Catalog

    public func syncPlans(_ plans: [PricePlan]) throws {
        let listed = Set(plans.map(\.id))
        var kept = self.plans.filter { !listed.contains($0.plan.id) }.map { (plan: $0.plan, active: false) }
        kept += plans.map { (plan: $0, active: true) }
        self.plans = kept
    }

    public func activePlans() throws -> [PricePlan] { plans.filter(\.active).map(\.plan) }

    public func plan(id: String) throws -> PricePlan? { plans.first { $0.plan.id == id }?.plan }

    // MARK: Vouchers

    public func saveVoucherBatch(_ batch: GeneratedBatch) throws -> SavedBatch {
        let taken = Set(batch.items.compactMap { $0.code?.canonical }.filter(codes.contains))
        if !taken.isEmpty { throw DuplicateCodes(codes: taken) }
        let soldNow = batch.options.sellMode == .now || batch.options.kind == .free
        for item in batch.items {
            switch item {
            case .ticket(let code):
                codes.insert(code.canonical)
                tickets[code.canonical] = Ticket(code: code, planID: batch.plan.id, state: soldNow ? .sold : .generated,
                                                 sellMode: batch.options.sellMode, soldAt: soldNow ? batch.createdAt : nil,
                                                 firstUsedAt: nil, extendedUntil: nil)
                add(batch.plan.grant.quantity, batch.plan.grant.unit, to: RefillTarget.ticket(code).holder)
            case .refill(let code):
                codes.insert(code.canonical)
            case .account(let username, _):
                if accounts[username] != nil { throw Refusal(description: "username \(username) is taken") }
                accounts[username] = (batch.plan.id, batch.options.accountKind)
                if batch.options.accountKind == .prepaid {
                    add(batch.plan.grant.quantity, batch.plan.grant.unit, to: RefillTarget.account(username).holder)
                }
            }
        }
        batches += 1
        return SavedBatch(batchID: batches, items: batch.items)
    }

    // MARK: Purchases and cash

    public func beginPurchase(_ purchase: PurchaseRecord) throws {
        guard purchase.state == .awaitingPayment || purchase.state == .paid else {
            throw Refusal(description: "cannot begin purchase \(purchase.id) in state \(purchase.state.rawValue)")
        }
        purchases[purchase.id] = PurchaseRow(record: purchase, state: purchase.state)
        purchaseOrder.append(purchase.id)
    }

    public func recordEscrow(purchaseID: String, amount: Money, deviceRef: String) throws -> String {
        guard purchases[purchaseID] != nil else { throw Refusal(description: "unknown purchase \(purchaseID)") }
        let id = UUID().uuidString.lowercased()
        notes[id] = NoteRow(id: id, purchaseID: purchaseID, amount: amount.minorUnits, status: .stacking)
        noteOrder.append(id)
        return id
    }

    public func recordStacked(noteID: String, paysPurchase: Bool) throws -> Bool {
        guard var note = notes[noteID] else { throw Refusal(description: "unknown note \(noteID)") }
        if note.status == .stacked { return false }
        note.status = .stacked
        note.credits += 1
        notes[noteID] = note
        cashBox[note.amount, default: 0] += 1
        add(note.amount, .money, to: Self.holder(note.purchaseID))
        switch purchases[note.purchaseID]!.state {
        case .awaitingPayment:
            if paysPurchase { purchases[note.purchaseID]!.state = .paid }
        case .paid:
            break
        default:
            // The note landed after the sale ended: the money is in the cassette, so it is the
            // customer's recorded credit.
            moveToCustomerCredit(note.purchaseID, amount: note.amount)
        }
        return true
    }

    public func recordReturned(noteID: String) throws {
        if notes[noteID]?.status == .stacking { notes[noteID]!.status = .returned }
    }

    public func recordStackConfirmed(noteID: String) throws {
        if notes[noteID]?.status == .stacked { notes[noteID]!.confirmed = true }
    }

    public func recordPaid(purchaseID: String) throws {
        try require(purchaseID, [.awaitingPayment], "record the payment")
        guard money(Self.holder(purchaseID)) > 0 else {
            throw Refusal(description: "purchase \(purchaseID) has no credit to record as paid")
        }
        purchases[purchaseID]!.state = .paid
    }

    public func issueTicket(purchaseID: String, ticket: Ticket, grant: Grant, surplus: SurplusPlacement?,
                            changeVoucherCode: AccessCode?) throws {
        let purchase = try require(purchaseID, [.paid], "issue a ticket")
        let holder = Self.holder(purchaseID)
        // An open amount (time for an amount) has no price: everything paid is the price.
        let price = purchase.record.product.price?.minorUnits ?? money(holder)
        if case .timeForAmount(let rate) = purchase.record.product, try plan(id: rate.id) == nil {
            let plan = PricePlan(id: rate.id, name: rate.name, price: rate.hourlyPrice, grant: .minutes(60, rate.category),
                                 validity: rate.validity)
            plans.append((plan: plan, active: false))
        }
        let code = ticket.code.canonical
        guard !codes.contains(code) else { throw DuplicateCodes(codes: [code]) }
        codes.insert(code)
        let at = clock.now()
        tickets[code] = Ticket(code: ticket.code, planID: ticket.planID, state: .sold, sellMode: .now, soldAt: at,
                               firstUsedAt: nil, extendedUntil: nil)
        move(price, from: holder, to: Self.revenue)
        add(grant.quantity, grant.unit, to: RefillTarget.ticket(ticket.code).holder)
        let left = money(holder)
        if left > 0 {
            switch surplus {
            case .extraGrant(let extra):
                move(left, from: holder, to: Self.revenue)
                add(extra.quantity, extra.unit, to: RefillTarget.ticket(ticket.code).holder)
            case .changeVoucher where changeVoucherCode != nil:
                let change = changeVoucherCode!.canonical
                codes.insert(change)
                move(left, from: holder, to: "refill:\(change)")
            default:
                // Anything not placed otherwise is never kept silently: it is the customer's credit.
                moveToCustomerCredit(purchaseID, amount: left)
            }
        }
        purchases[purchaseID]!.state = .issued
    }

    public func cancelPurchase(purchaseID: String) throws -> String? {
        try require(purchaseID, [.awaitingPayment, .paid], "cancel")
        let credit = money(Self.holder(purchaseID))
        guard credit > 0 else {
            purchases[purchaseID]!.state = .cancelled
            return nil
        }
        let creditID = moveToCustomerCredit(purchaseID, amount: credit)
        purchases[purchaseID]!.state = .cancelledWithCredit
        return creditID
    }

    public func markPrinted(purchaseID: String, success: Bool) throws {
        try require(purchaseID, [.issued, .printFailed], "record printing")
        purchases[purchaseID]!.state = success ? .receiptPrinted : .printFailed
    }

    public func completePurchase(purchaseID: String) throws {
        try require(purchaseID, [.issued, .receiptPrinted, .printFailed], "complete")
        purchases[purchaseID]!.state = .completed
    }

    public func unfinishedPurchases() throws -> [PurchaseSnapshot] {
        let finished: Set<Purchase.State> = [.completed, .cancelled, .cancelledWithCredit]
        return purchaseOrder.compactMap { purchases[$0] }.filter { !finished.contains($0.state) }
            .sorted { $0.record.startedAt < $1.record.startedAt }
            .map { row in
                let own = noteOrder.compactMap { notes[$0] }.filter { $0.purchaseID == row.record.id }
                return PurchaseSnapshot(
                    id: row.record.id, product: row.record.product, state: row.state,
                    notes: own.map { Purchase.Note(id: $0.id, amount: Money(minorUnits: $0.amount, currency: currency), status: $0.status) },
                    unconfirmedStackedNoteIDs: Set(own.filter { $0.status == .stacked && !$0.confirmed }.map(\.id)),
                    carriedCredit: row.carried.map { Money(minorUnits: $0, currency: currency) })
            }
    }

    // MARK: Checks

    /// The SQLite store's checks that can fail here too: every stacked note credited exactly once
    /// and no other note credited, the cash box equal to the notes stacked less those collected,
    /// and no money left on a finished purchase.
    public func verify() throws -> [IntegrityProblem] {
        var problems: [IntegrityProblem] = []
        for note in noteOrder.compactMap({ notes[$0] }) where note.credits != (note.status == .stacked ? 1 : 0) {
            problems.append(.init(table: "notes", row: "id \(note.id)",
                                  message: "note is \(note.status.rawValue) but credited \(note.credits) time(s)"))
        }
        var expected: [Int64: Int] = [:]
        for note in notes.values where note.status == .stacked { expected[note.amount, default: 0] += 1 }
        for (denomination, count) in collected { expected[denomination, default: 0] -= count }
        for denomination in Set(expected.keys).union(cashBox.keys) where (expected[denomination] ?? 0) != (cashBox[denomination] ?? 0) {
            problems.append(.init(table: "cash_box", row: "denomination \(denomination)",
                                  message: "stored \(cashBox[denomination] ?? 0) notes, the notes say \(expected[denomination] ?? 0)"))
        }
        let finished: Set<Purchase.State> = [.issued, .receiptPrinted, .printFailed, .completed, .cancelled, .cancelledWithCredit]
        for id in purchaseOrder where finished.contains(purchases[id]!.state) && money(Self.holder(id)) != 0 {
            problems.append(.init(table: "purchases", row: "id \(id)",
                                  message: "\(purchases[id]!.state.rawValue) but holds \(money(Self.holder(id))) in credit"))
        }
        return problems
    }

    // MARK: Bookkeeping

    static let revenue = "revenue"
    static func holder(_ purchaseID: String) -> String { "purchase:\(purchaseID)" }

    func money(_ holder: String) -> Int64 { balances[holder]?[.money] ?? 0 }

    func add(_ quantity: Int64, _ unit: BalanceUnit, to holder: String) {
        guard quantity != 0 else { return }   // as the ledger: no row for nothing
        balances[holder, default: Balances()].add(quantity, to: unit)
    }

    func move(_ amount: Int64, from: String, to: String) {
        add(-amount, .money, to: from)
        add(amount, .money, to: to)
    }

    @discardableResult
    func moveToCustomerCredit(_ purchaseID: String, amount: Int64) -> String {
        let id = UUID().uuidString.lowercased()
        move(amount, from: Self.holder(purchaseID), to: "credit:\(id)")
        credits.append((credit: CustomerCredit(id: id, purchaseID: purchaseID, amount: Money(minorUnits: amount, currency: currency),
                                               createdAt: clock.now()), open: true))
        return id
    }

    @discardableResult
    func require(_ purchaseID: String, _ allowed: Set<Purchase.State>, _ action: String) throws -> PurchaseRow {
        guard let row = purchases[purchaseID] else { throw Refusal(description: "unknown purchase \(purchaseID)") }
        guard allowed.contains(row.state) else {
            throw Refusal(description: "cannot \(action): purchase \(purchaseID) is \(row.state.rawValue)")
        }
        return row
    }
}
