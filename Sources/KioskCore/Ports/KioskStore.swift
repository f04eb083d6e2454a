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
    func recordStacked(noteID: String) async throws -> Bool
    func recordReturned(noteID: String) async throws
    /// Issues a paid ticket sale: ticket, grant, revenue, surplus placement, outbox event — one transaction.
    func issueTicket(purchaseID: String, ticket: Ticket, grant: Grant, surplus: SurplusPlacement?) async throws
    /// Cancels a purchase; stacked credit becomes a customer credit. Returns its id if any.
    func cancelPurchase(purchaseID: String) async throws -> String?
    func markPrinted(purchaseID: String, success: Bool) async throws
    func completePurchase(purchaseID: String) async throws
    /// Purchases not completed or cancelled: what restart reconciliation must resolve.
    func unfinishedPurchases() async throws -> [PurchaseSnapshot]

    // MARK: Checks
    /// Recomputes balances, cash box and the ledger's hash chain; every difference is a problem.
    func verify() async throws -> [IntegrityProblem]
}

/// What the store keeps of a purchase when it starts.
public struct PurchaseRecord: Sendable, Hashable {
    public let id: String
    public let product: Product
    public let startedAt: Date

    public init(id: String, product: Product, startedAt: Date) {
        self.id = id
        self.product = product
        self.startedAt = startedAt
    }
}

/// A purchase as stored, with its notes, for reconciliation after a restart.
public struct PurchaseSnapshot: Sendable, Hashable {
    public let id: String
    public let product: Product
    public let state: Purchase.State
    public let notes: [Purchase.Note]

    public init(id: String, product: Product, state: Purchase.State, notes: [Purchase.Note]) {
        self.id = id
        self.product = product
        self.state = state
        self.notes = notes
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
