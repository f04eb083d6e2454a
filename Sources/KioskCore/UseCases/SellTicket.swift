import Foundation
import KioskDomain

/// A ticket sale at the kiosk, around `CashPayment`: begin the purchase in the store, and once
/// paid issue the ticket (with any surplus placed by the overpayment policy), then record how
/// printing went and complete. The screen drives the steps; this keeps their order and their
/// records right.
public struct SellTicket<RNG: RandomNumberGenerator & Sendable>: Sendable {
    public let store: any KioskStore
    public let clock: any WallClock
    public let namespace: KioskNamespace
    public let overpayment: OverpaymentPolicy
    private let rng: RNGBox<RNG>

    public init(store: any KioskStore, clock: any WallClock, namespace: KioskNamespace, overpayment: OverpaymentPolicy, rng: RNG) {
        self.store = store
        self.clock = clock
        self.namespace = namespace
        self.overpayment = overpayment
        self.rng = RNGBox(rng)
    }

    /// Starts a purchase of `product`, durable before any note is taken.
    public func begin(_ product: Product, currency: Currency) async throws -> Purchase {
        var purchase = Purchase(id: UUID().uuidString.lowercased(), currency: currency, overpayment: overpayment)
        try purchase.choose(product)
        try await store.beginPurchase(PurchaseRecord(id: purchase.id, product: product, startedAt: clock.now(), state: purchase.state))
        return purchase
    }

    /// Issues the ticket for a paid purchase. A code that clashes with a stored one (about one in
    /// 10⁹ at a million codes) is drawn again.
    public func issue(_ purchase: Purchase) async throws -> IssuedTicket {
        guard purchase.state == .paid, let product = purchase.product else { throw SaleError.notPaid(purchase.state) }
        let (planID, grant): (String, Grant)
        switch product {
        case .ticket(let plan): (planID, grant) = (plan.id, plan.grant)
        case .timeForAmount(let rate):
            guard let bought = rate.grant(for: purchase.credit) else { throw SaleError.notPaid(purchase.state) }
            (planID, grant) = (rate.id, bought)
        case .refill: throw SaleError.wrongProduct
        }
        let placement = purchase.surplusPlacement()
        var lastError: (any Error)?
        for _ in 0..<3 {
            let code = rng.next { AccessCode.generate(namespace: namespace, using: &$0) }
            var change: AccessCode?
            if case .changeVoucher = placement { change = rng.next { AccessCode.generate(namespace: namespace, using: &$0) } }
            let ticket = Ticket(code: code, planID: planID, sellMode: .now, createdAt: clock.now())
            do {
                try await store.issueTicket(purchaseID: purchase.id, ticket: ticket, grant: grant, surplus: placement,
                                            changeVoucherCode: change)
                var extra: Grant?
                if case .extraGrant(let more) = placement { extra = more }
                return IssuedTicket(purchaseID: purchase.id, code: code, grant: grant, extraGrant: extra, changeVoucher: change,
                                    changeAmount: change == nil ? nil : purchase.surplus,
                                    paid: purchase.credit)
            } catch {
                lastError = error   // most likely a code clash on the unique index: draw again
            }
        }
        throw lastError!
    }

    /// Records the receipt's fate and completes the sale. A failed print keeps the code on screen
    /// and in the store for a staff reprint.
    public func finish(purchaseID: String, printed: Bool) async throws {
        try await store.markPrinted(purchaseID: purchaseID, success: printed)
        try await store.completePurchase(purchaseID: purchaseID)
    }
}

/// What the customer gets: shown on screen and printed.
public struct IssuedTicket: Sendable, Hashable {
    public let purchaseID: String
    public let code: AccessCode
    public let grant: Grant
    public let extraGrant: Grant?
    public let changeVoucher: AccessCode?
    public let changeAmount: Money?
    public let paid: Money
}

public enum SaleError: Error, Sendable, Hashable, CustomStringConvertible {
    case notPaid(Purchase.State)
    case wrongProduct
    case unknownTarget
    case refill(RefillError)

    public var description: String {
        switch self {
        case .notPaid(let state): "the purchase is \(state.rawValue), not paid"
        case .wrongProduct: "this step does not apply to that product"
        case .unknownTarget: "no ticket or account with that code or name on this kiosk"
        case .refill(let error): error.description
        }
    }
}
