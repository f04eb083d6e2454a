import Foundation
import KioskDomain

/// Resolves, at start, every purchase a crash or power cut interrupted, so that each stacked note
/// ends as an issued ticket, an applied refill, or a recorded customer credit — never lost, never
/// credited twice.
///
/// The caller first lets the bill acceptor connect and collects what it reports at power-up
/// (`deviceReports`: a note it finished stacking, a note it gave back), then calls `run`:
/// 1. a note whose intent was written ("stacking") is matched with the device's report: stacked
///    → credited (the store credits a note once, whatever repeats); returned → recorded; no word
///    from the device → a dispute for staff, never a guess;
/// 2. a purchase whose notes cover its price is paid: its ticket is issued (or refill applied) and
///    it is completed with "receipt not printed", so the code is shown and reprintable;
/// 3. an issued purchase is completed the same way;
/// 4. any other purchase is cancelled, its stacked credit kept as a customer credit.
public struct ReconcileAfterRestart<RNG: RandomNumberGenerator & Sendable>: Sendable {
    public let store: any KioskStore & KioskStoreStaffAndRefills
    public let sale: SellTicket<RNG>
    public let refills: RefillAtKiosk

    public init(store: any KioskStore & KioskStoreStaffAndRefills, sale: SellTicket<RNG>, refills: RefillAtKiosk) {
        self.store = store
        self.sale = sale
        self.refills = refills
    }

    public enum Resolution: Sendable, Equatable {
        case ticketIssued(purchaseID: String, IssuedTicket)
        case refillApplied(purchaseID: String, RefillTargetInfo)
        case completed(purchaseID: String)
        case customerCredit(purchaseID: String, creditID: String?, amount: Money)
        case cancelled(purchaseID: String)
        case disputed(purchaseID: String, noteID: String, amount: Money)
        /// The device reports a stacked note that no recorded intent matches (its intent was never
        /// written, so no customer was promised it). It is reported for staff to count, not credited.
        case unmatchedStackedNote(Money)
    }

    /// `acceptor`, when given, is told each stacked report is recorded (`confirmStacked`), so a
    /// device that holds reports until confirmed takes notes again.
    public func run(deviceReports: [CashAcceptorEvent], acceptor: (any CashAcceptor)? = nil) async throws -> [Resolution] {
        var stackedReports = deviceReports.compactMap { event -> (amount: Money, note: NoteRef)? in
            if case .stacked(let amount, let note) = event { return (amount, note) }
            return nil
        }
        var returnedReports = deviceReports.compactMap { event -> Money? in
            if case .returned(let amount?, _) = event { return amount }
            return nil
        }
        var resolutions: [Resolution] = []
        for snapshot in try await store.unfinishedPurchases() {
            var purchase = try rebuild(snapshot)
            for note in snapshot.notes where note.status == .stacking || note.status == .escrowed {
                if let index = stackedReports.firstIndex(where: { $0.amount == note.amount }) {
                    let report = stackedReports.remove(at: index)
                    // Whether this pays the purchase is recorded once, by `settle`, for every note.
                    if try await store.recordStacked(noteID: note.id, paysPurchase: false) {
                        purchase.noteStacked(id: note.id, amount: note.amount)
                    }
                    try? await acceptor?.confirmStacked(report.note)
                } else if let index = returnedReports.firstIndex(of: note.amount) {
                    returnedReports.remove(at: index)
                    try await store.recordReturned(noteID: note.id)
                    purchase.noteReturned(id: note.id)
                } else {
                    try await store.recordDispute(noteID: note.id, reason: "kiosk restarted while the note was being stacked; the bill acceptor did not report its fate")
                    resolutions.append(.disputed(purchaseID: snapshot.id, noteID: note.id, amount: note.amount))
                }
            }
            // A note credited just before the kiosk stopped, whose report the device still holds.
            for noteID in snapshot.unconfirmedStackedNoteIDs {
                guard let note = snapshot.notes.first(where: { $0.id == noteID }),
                      let index = stackedReports.firstIndex(where: { $0.amount == note.amount }) else { continue }
                let report = stackedReports.remove(at: index)
                try? await acceptor?.confirmStacked(report.note)
                try await store.recordStackConfirmed(noteID: noteID)
            }
            resolutions.append(try await settle(purchase, storedState: snapshot.state))
        }
        for report in stackedReports {
            // Reported for staff to count; confirmed so the device takes notes again.
            resolutions.append(.unmatchedStackedNote(report.amount))
            try? await acceptor?.confirmStacked(report.note)
        }
        return resolutions
    }

    /// The domain's view of a stored purchase, replaying its stacked notes.
    private func rebuild(_ snapshot: PurchaseSnapshot) throws -> Purchase {
        var purchase = Purchase(id: snapshot.id, currency: snapshot.product.currency,
                                overpayment: sale.overpayment)
        try purchase.choose(snapshot.product)
        if let carried = snapshot.carriedCredit, purchase.state == .awaitingPayment { try purchase.carryCredit(carried) }
        for note in snapshot.notes where note.status == .stacked { purchase.noteStacked(id: note.id, amount: note.amount) }
        return purchase
    }

    private func settle(_ purchase: Purchase, storedState: Purchase.State) async throws -> Resolution {
        var purchase = purchase
        switch storedState {
        case .issued, .receiptPrinted, .printFailed:
            if storedState == .issued { try await store.markPrinted(purchaseID: purchase.id, success: false) }
            try await store.completePurchase(purchaseID: purchase.id)
            return .completed(purchaseID: purchase.id)
        default:
            break
        }
        if purchase.state == .awaitingPayment, purchase.price == nil, purchase.credit.isPositive {
            try? purchase.confirmAmount()   // time for an amount: what was paid buys time
        }
        // Paid by the domain's rules but not yet recorded so (stopped between a kept credit's
        // redemption and its record, or an open amount never confirmed): record it now.
        if purchase.state == .paid, storedState == .awaitingPayment {
            try await store.recordPaid(purchaseID: purchase.id)
        }
        guard purchase.state == .paid else {
            let credit = purchase.credit
            let creditID = try await store.cancelPurchase(purchaseID: purchase.id)
            return credit.isPositive ? .customerCredit(purchaseID: purchase.id, creditID: creditID, amount: credit)
                                     : .cancelled(purchaseID: purchase.id)
        }
        if case .refill = purchase.product {
            do {
                let after = try await refills.apply(purchase)
                try await store.markPrinted(purchaseID: purchase.id, success: false)
                try await store.completePurchase(purchaseID: purchase.id)
                return .refillApplied(purchaseID: purchase.id, after)
            } catch is SaleError {
                // The refill can no longer be applied (e.g. the code expired meanwhile): the money is the customer's.
                return .customerCredit(purchaseID: purchase.id, creditID: try await cancelPaid(purchase), amount: purchase.credit)
            }
        }
        let issued = try await sale.issue(purchase)
        try await sale.finish(purchaseID: purchase.id, printed: false)
        return .ticketIssued(purchaseID: purchase.id, issued)
    }

    /// A paid purchase that cannot be delivered: its credit becomes a customer credit.
    private func cancelPaid(_ purchase: Purchase) async throws -> String? {
        try await store.cancelPurchase(purchaseID: purchase.id)
    }
}
