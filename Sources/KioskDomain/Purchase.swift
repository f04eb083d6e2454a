/// One sale at the kiosk, from choosing a product to handing over the code.
///
/// ```
/// choosing ─choose─▶ awaitingPayment ─(credit ≥ price | confirm)─▶ paid ─issue─▶ issued
///     │                    │                                                   │
///     └──cancel──▶ cancelled ◀──cancel, no credit                   printed / printFailed
///                          └──cancel, credit > 0──▶ cancelledWithCredit         │
///                                                                           completed
/// ```
/// Credit grows only when a note is reported *stacked*, never at escrow. Every note carries the
/// identifier the store gave it when its escrow was recorded, so a repeated "stacked" report (a
/// retry, a replay after restart) is recognised and never credited twice, and a note stacked
/// without a recorded escrow is still credited (the money is in the cassette) rather than lost.
public struct Purchase: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        case choosing
        case awaitingPayment = "awaiting_payment"
        case paid, issued
        case receiptPrinted = "receipt_printed"
        case printFailed = "print_failed"
        case completed, cancelled
        case cancelledWithCredit = "cancelled_with_credit"
    }

    public enum NoteStatus: String, Hashable, Sendable, Codable {
        case escrowed, stacking, stacked, returning, returned
    }

    public struct Note: Hashable, Sendable, Codable {
        public let id: String
        public let amount: Money
        public var status: NoteStatus

        public init(id: String, amount: Money, status: NoteStatus) {
            self.id = id
            self.amount = amount
            self.status = status
        }
    }

    public let id: String
    public let currency: Currency
    public let overpayment: OverpaymentPolicy
    public private(set) var state: State = .choosing
    public private(set) var product: Product?
    public private(set) var notes: [Note] = []
    /// A customer credit kept from an earlier purchase and spent on this one (see `carryCredit`).
    public private(set) var carriedCredit: Money

    public init(id: String, currency: Currency, overpayment: OverpaymentPolicy = .returnOvershootingNote) {
        self.id = id
        self.currency = currency
        self.overpayment = overpayment
        carriedCredit = .zero(currency)
    }

    /// What the customer still owes; nil for an open amount (time for an amount).
    public var price: Money? { product?.price }

    /// The sum of stacked notes, plus credit carried from an earlier purchase: the only money that counts.
    public var credit: Money {
        notes.filter { $0.status == .stacked }.reduce(carriedCredit) { $0 + $1.amount }
    }

    public var remaining: Money? {
        guard let price else { return nil }
        let left = price - credit
        return left.isNegative ? .zero(currency) : left
    }

    /// Stacked money beyond the price; what the overpayment policy must place.
    public var surplus: Money {
        guard let price, credit > price else { return .zero(currency) }
        return credit - price
    }

    // MARK: Choosing

    public mutating func choose(_ product: Product) throws(PurchaseError) {
        guard state == .choosing else { throw .wrongState(state, action: "choose") }
        guard product.price.map({ $0.currency == currency }) ?? true else { throw .currencyMismatch }
        self.product = product
        state = .awaitingPayment
        if let price = product.price, price.isZero { state = .paid }   // free plans need no payment
    }

    // MARK: Paying

    /// Money the kiosk already holds for this customer (a kept credit) pays towards this purchase.
    public mutating func carryCredit(_ amount: Money) throws(PurchaseError) {
        guard state == .awaitingPayment else { throw .wrongState(state, action: "carry credit") }
        guard amount.currency == currency else { throw .currencyMismatch }
        carriedCredit = carriedCredit + amount
        if let price, credit >= price { state = .paid }
    }

    /// A note is held in escrow: decide whether to stack it or give it back.
    public mutating func noteInEscrow(id noteID: String, amount: Money) -> EscrowDecision {
        guard amount.currency == currency, amount.isPositive else { return .returnNote(.unacceptable) }
        if notes.contains(where: { $0.id == noteID }) { return decisionForKnownNote(noteID) }
        guard state == .awaitingPayment else {
            notes.append(Note(id: noteID, amount: amount, status: .returning))
            return .returnNote(.notAwaitingPayment)
        }
        if let remaining, overpayment == .returnOvershootingNote, amount > remaining {
            notes.append(Note(id: noteID, amount: amount, status: .returning))
            return .returnNote(.wouldOverpay)
        }
        notes.append(Note(id: noteID, amount: amount, status: .stacking))
        return .stack
    }

    private func decisionForKnownNote(_ noteID: String) -> EscrowDecision {
        switch notes.first(where: { $0.id == noteID })!.status {
        case .escrowed, .stacking, .stacked: .stack
        case .returning, .returned: .returnNote(.notAwaitingPayment)
        }
    }

    /// The device reports the note in the cassette. Returns whether this report added credit
    /// (false for a repeated report of the same note).
    @discardableResult
    public mutating func noteStacked(id noteID: String, amount: Money) -> Bool {
        precondition(amount.currency == currency, "note in another currency")
        if let index = notes.firstIndex(where: { $0.id == noteID }) {
            if notes[index].status == .stacked { return false }
            notes[index].status = .stacked   // even one we meant to return: it is in the cassette
        } else {
            notes.append(Note(id: noteID, amount: amount, status: .stacked))
        }
        if state == .awaitingPayment, let price, credit >= price { state = .paid }
        return true
    }

    /// The device gave the note back to the customer.
    public mutating func noteReturned(id noteID: String) {
        guard let index = notes.firstIndex(where: { $0.id == noteID }), notes[index].status != .stacked else { return }
        notes[index].status = .returned
    }

    /// A note between escrow and its final place (stacked or back with the customer).
    public var hasNoteInFlight: Bool {
        notes.contains { $0.status == .escrowed || $0.status == .stacking || $0.status == .returning }
    }

    /// Ends payment of an open amount (time for an amount): the customer pressed "done".
    public mutating func confirmAmount() throws(PurchaseError) {
        guard state == .awaitingPayment, product?.price == nil else { throw .wrongState(state, action: "confirm amount") }
        guard credit.isPositive else { throw .nothingPaid }
        if case .timeForAmount(let rate) = product, rate.minutes(for: credit) == nil { throw .belowMinimum(rate.minimumAmount) }
        state = .paid
    }

    // MARK: After payment

    public mutating func markIssued() throws(PurchaseError) {
        guard state == .paid else { throw .wrongState(state, action: "issue") }
        state = .issued
    }

    public mutating func markPrinted(success: Bool) throws(PurchaseError) {
        guard state == .issued || state == .printFailed else { throw .wrongState(state, action: "print") }
        state = success ? .receiptPrinted : .printFailed
    }

    public mutating func complete() throws(PurchaseError) {
        guard [.issued, .receiptPrinted, .printFailed].contains(state) else { throw .wrongState(state, action: "complete") }
        state = .completed
    }

    /// The customer cancels. Notes still in escrow go back; stacked credit is never kept silently:
    /// it becomes a recorded customer credit (the returned value), shown and printable.
    public mutating func cancel() throws(PurchaseError) -> CancelOutcome {
        switch state {
        case .choosing:
            state = .cancelled
            return CancelOutcome(notesToReturn: [], customerCredit: nil)
        case .awaitingPayment:
            let toReturn = notes.filter { $0.status == .escrowed || $0.status == .returning }.map(\.id)
            let credit = self.credit
            state = credit.isPositive ? .cancelledWithCredit : .cancelled
            return CancelOutcome(notesToReturn: toReturn, customerCredit: credit.isPositive ? credit : nil)
        default:
            throw .wrongState(state, action: "cancel")
        }
    }

    /// How the surplus of a paid purchase is placed under the policy.
    public func surplusPlacement() -> SurplusPlacement? {
        guard surplus.isPositive, let product else { return nil }
        switch (overpayment, product) {
        case (.returnOvershootingNote, _):
            // Under this policy only a note stacked without a recorded escrow (found on
            // reconciliation) can overshoot: it becomes a customer credit, never kept silently.
            return .customerCredit(surplus)
        case (.keepAndCredit(_), .refill(_, let target)):
            return .toRefillTarget(target, surplus)
        case (.keepAndCredit(.extraTime), .ticket(let plan)):
            return plan.extraGrant(for: surplus).map(SurplusPlacement.extraGrant) ?? .customerCredit(surplus)
        case (.keepAndCredit(.changeVoucher), .ticket):
            return .changeVoucher(surplus)
        case (.keepAndCredit, .timeForAmount):
            return nil   // an open amount has no surplus
        }
    }
}

public enum Product: Hashable, Sendable, Codable {
    case ticket(PricePlan)
    case timeForAmount(RatePlan)
    case refill(PricePlan, RefillTarget)

    public var currency: Currency {
        switch self {
        case .ticket(let plan), .refill(let plan, _): plan.price.currency
        case .timeForAmount(let rate): rate.hourlyPrice.currency
        }
    }

    public var price: Money? {
        switch self {
        case .ticket(let plan), .refill(let plan, _): plan.effectivePrice
        case .timeForAmount: nil
        }
    }
}

/// What the kiosk does with money beyond the price.
public enum OverpaymentPolicy: Hashable, Sendable, Codable {
    /// Give back, while still in escrow, any note that would pay more than is owed (default):
    /// the kiosk holds no change, so it never takes more than the price.
    case returnOvershootingNote
    /// Stack it and credit the surplus: to the account or ticket on a refill; on a ticket sale as
    /// extra time at the plan's rate or as a change voucher (a refill code for the surplus).
    case keepAndCredit(TicketSurplus)

    public enum TicketSurplus: String, Hashable, Sendable, Codable, CaseIterable {
        case extraTime = "extra_time"
        case changeVoucher = "change_voucher"
    }
}

public enum EscrowDecision: Hashable, Sendable {
    case stack
    case returnNote(ReturnReason)

    public enum ReturnReason: String, Hashable, Sendable {
        case wouldOverpay = "would_overpay"
        case notAwaitingPayment = "not_awaiting_payment"
        case unacceptable
    }
}

public enum SurplusPlacement: Hashable, Sendable {
    case toRefillTarget(RefillTarget, Money)
    case extraGrant(Grant)
    case changeVoucher(Money)
    case customerCredit(Money)
}

public struct CancelOutcome: Hashable, Sendable {
    public let notesToReturn: [String]
    public let customerCredit: Money?
}

public enum PurchaseError: Error, Hashable, Sendable, CustomStringConvertible {
    case wrongState(Purchase.State, action: String)
    case currencyMismatch, nothingPaid
    case belowMinimum(Money)

    public var description: String {
        switch self {
        case .wrongState(let state, let action): "cannot \(action) while the purchase is \(state.rawValue)"
        case .currencyMismatch: "the product is priced in another currency"
        case .nothingPaid: "no money has been inserted"
        case .belowMinimum(let minimum): "the amount is below the minimum of \(minimum)"
        }
    }
}

extension PricePlan {
    /// Extra time or quota for a surplus at this plan's own rate, rounded up like `RatePlan`
    /// (a started minute is given in full). Money plans add the surplus itself.
    public func extraGrant(for surplus: Money) -> Grant? {
        let price = effectivePrice
        guard price.isPositive else { return nil }
        func scaled(_ quantity: Int64) -> Int64 {
            let product = surplus.minorUnits.multipliedFullWidth(by: quantity)
            let (quotient, remainder) = price.minorUnits.dividingFullWidth(product)
            return remainder == 0 ? quotient : quotient + 1
        }
        switch grant {
        case .minutes(let minutes, let category): return .minutes(scaled(minutes), category)
        case .dataMegabytes(let megabytes): return .dataMegabytes(scaled(megabytes))
        case .money: return .money(surplus)
        }
    }
}
