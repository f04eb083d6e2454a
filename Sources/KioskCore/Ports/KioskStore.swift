import Foundation
import KioskDomain

/// The kiosk's durable record: catalog, vouchers, purchases, notes, the ledger and the outbox.
///
/// Every method that moves money changes all it touches in one write transaction, durable before it
/// returns (SQLite synchronous=FULL), so a power cut leaves either all of it or none. The methods
/// are intents ("a note was stacked"), not tables: the adapter decides the rows.
public protocol KioskStore: Sendable {
    // MARK: Catalog
    /// Replaces the plans on sale with `plans` (plans no longer listed are kept, marked inactive,
    /// because sold tickets still refer to them).
    func syncPlans(_ plans: [PricePlan]) async throws
    func activePlans() async throws -> [PricePlan]
    func plan(id: String) async throws -> PricePlan?

    // MARK: Vouchers
    /// Saves a generated batch and, for sell-now batches, records the sale. Codes that collide
    /// with stored ones are reported back (the caller draws new ones) and nothing is saved.
    func saveVoucherBatch(_ batch: GeneratedBatch) async throws -> SavedBatch

    // MARK: Purchases and cash
    func beginPurchase(_ purchase: PurchaseRecord) async throws
    /// The intent to stack a note, durable before the stack command is sent. Returns the note's id.
    func recordEscrow(purchaseID: String, amount: Money, deviceRef: String) async throws -> String
    /// The device reports the note in the cassette: credit it once (a repeat returns false).
    /// `paysPurchase` is what `Purchase.noteStacked` decided: this note completes the payment, so
    /// the purchase is recorded paid in the same transaction. The store never decides it itself.
    func recordStacked(noteID: String, paysPurchase: Bool) async throws -> Bool
    func recordReturned(noteID: String) async throws
    /// The device has been told the stacked note is recorded (`CashAcceptor.confirmStacked`).
    func recordStackConfirmed(noteID: String) async throws
    /// Records that `Purchase` is paid: an open amount confirmed (the customer said done), a kept
    /// credit that covers the price, or a payment completed just before a restart.
    func recordPaid(purchaseID: String) async throws
    /// Issues a paid ticket sale: ticket, grant, revenue, surplus placement, outbox event — one
    /// transaction. A `.changeVoucher` surplus becomes a refill code `changeVoucherCode` holding
    /// the surplus as money; any surplus not placed otherwise becomes a customer credit.
    func issueTicket(purchaseID: String, ticket: Ticket, grant: Grant, surplus: SurplusPlacement?,
                     changeVoucherCode: AccessCode?) async throws
    /// Cancels a purchase awaiting payment (or paid but undeliverable); stacked credit becomes a
    /// customer credit. Returns its id if any.
    func cancelPurchase(purchaseID: String) async throws -> String?
    func markPrinted(purchaseID: String, success: Bool) async throws
    func completePurchase(purchaseID: String) async throws
    /// Purchases not completed or cancelled: what restart reconciliation must resolve.
    func unfinishedPurchases() async throws -> [PurchaseSnapshot]

    // MARK: Checks
    /// Recomputes balances, cash box and the ledger's hash chain; every difference is a problem.
    func verify() async throws -> [IntegrityProblem]
}

extension KioskStore {
    public func issueTicket(purchaseID: String, ticket: Ticket, grant: Grant, surplus: SurplusPlacement?) async throws {
        try await issueTicket(purchaseID: purchaseID, ticket: ticket, grant: grant, surplus: surplus, changeVoucherCode: nil)
    }
}

/// What the store keeps of a purchase when it starts.
public struct PurchaseRecord: Sendable, Hashable {
    public let id: String
    public let product: Product
    public let startedAt: Date
    /// The state `Purchase.choose` left it in: awaiting payment, or paid for a free plan.
    public let state: Purchase.State

    public init(id: String, product: Product, startedAt: Date, state: Purchase.State = .awaitingPayment) {
        self.id = id
        self.product = product
        self.startedAt = startedAt
        self.state = state
    }
}

/// A purchase as stored, with its notes, for reconciliation after a restart.
public struct PurchaseSnapshot: Sendable, Hashable {
    public let id: String
    public let product: Product
    public let state: Purchase.State
    public let notes: [Purchase.Note]
    /// Stacked notes the device was never told are recorded: it may report them again.
    public let unconfirmedStackedNoteIDs: Set<String>
    /// Kept credits redeemed into this purchase (`redeemCustomerCredit`), nil for none.
    public let carriedCredit: Money?

    public init(id: String, product: Product, state: Purchase.State, notes: [Purchase.Note],
                unconfirmedStackedNoteIDs: Set<String> = [], carriedCredit: Money? = nil) {
        self.id = id
        self.product = product
        self.state = state
        self.notes = notes
        self.unconfirmedStackedNoteIDs = unconfirmedStackedNoteIDs
        self.carriedCredit = carriedCredit
    }
}

/// One difference `verify` found, naming the row a person should look at.
public struct IntegrityProblem: Sendable, Hashable, CustomStringConvertible {
    public let table: String
    public let row: String
    public let message: String

    public init(table: String, row: String, message: String) {
        self.table = table
        self.row = row
        self.message = message
    }

    public var description: String { "\(table) \(row): \(message)" }
}

/// Refills, cash collection and customer credits: what the customer's refill screen and the
/// staff screens need. Separate from `KioskStore` so a reader finds the sale path in one place.
public protocol KioskStoreStaffAndRefills: Sendable {
    /// A ticket (by code) or account (by username) this kiosk knows, with its balances.
    func findRefillTarget(_ target: RefillTarget) async throws -> RefillTargetInfo?
    /// The stored ticket, with the dates the expiry rules need.
    func ticket(_ code: AccessCode) async throws -> Ticket?
    /// Applies a paid refill: grant, revenue, expiry extension, outbox event — one transaction.
    func applyRefill(purchaseID: String, target: RefillTarget, grant: Grant, extendedUntil: Date?) async throws
    /// Notes in the cassette since the last collection, per denomination (minor units → count).
    func cashBoxCounts() async throws -> [Int64: Int]
    /// Records a collection, empties the counters and queues the event — one transaction.
    func collectCash(_ request: CashCollectionRequest) async throws -> CashCollectionRecord
    /// Customer credits not yet redeemed, newest first.
    func openCustomerCredits() async throws -> [CustomerCredit]
    /// Spends a whole open credit on a purchase awaiting payment (the customer chose a ticket with
    /// credit kept on screen); returns the amount. A `credit_redeemed` outbox event tells the
    /// central store, so the money is counted into its cash once.
    func redeemCustomerCredit(id: String, into purchaseID: String) async throws -> Money

    /// A note whose fate is unknown after a restart: staff must count the cassette.
    func recordDispute(noteID: String, reason: String) async throws
    func openDisputes() async throws -> [NoteDispute]
    /// Staff's finding: if the note is in the cassette it is credited (to the sale, or as a
    /// customer credit when the sale has ended); if not, it is recorded as returned.
    func resolveDispute(noteID: String, noteWasStacked: Bool, by staff: String) async throws
}

public struct NoteDispute: Sendable, Hashable {
    public let noteID: String
    public let purchaseID: String
    public let amount: Money
    public let reason: String

    public init(noteID: String, purchaseID: String, amount: Money, reason: String) {
        self.noteID = noteID
        self.purchaseID = purchaseID
        self.amount = amount
        self.reason = reason
    }
}

public struct RefillTargetInfo: Sendable, Hashable {
    public let target: RefillTarget
    public let planID: String?
    /// `Ticket.State` raw value for tickets; the account kind for accounts.
    public let state: String
    public let balances: Balances
    public let extendedUntil: Date?

    public init(target: RefillTarget, planID: String?, state: String, balances: Balances, extendedUntil: Date?) {
        self.target = target
        self.planID = planID
        self.state = state
        self.balances = balances
        self.extendedUntil = extendedUntil
    }
}

public struct CashCollectionRequest: Sendable, Hashable {
    public let collector: String
    public let seal: String
    /// What staff counted, per denomination (minor units → notes).
    public let counted: [Int64: Int]
    public let at: Date

    public init(collector: String, seal: String, counted: [Int64: Int], at: Date) {
        self.collector = collector
        self.seal = seal
        self.counted = counted
        self.at = at
    }
}

public struct CashCollectionRecord: Sendable, Hashable {
    /// Never resets and never repeats.
    public let sequence: Int64
    public let expected: [Int64: Int]
    public let counted: [Int64: Int]
    public let expectedTotal: Money
    public let countedTotal: Money
    public var difference: Money { countedTotal - expectedTotal }

    public init(sequence: Int64, expected: [Int64: Int], counted: [Int64: Int], expectedTotal: Money, countedTotal: Money) {
        self.sequence = sequence
        self.expected = expected
        self.counted = counted
        self.expectedTotal = expectedTotal
        self.countedTotal = countedTotal
    }
}

public struct CustomerCredit: Sendable, Hashable {
    public let id: String
    public let purchaseID: String
    public let amount: Money
    public let createdAt: Date

    public init(id: String, purchaseID: String, amount: Money, createdAt: Date) {
        self.id = id
        self.purchaseID = purchaseID
        self.amount = amount
        self.createdAt = createdAt
    }
}
