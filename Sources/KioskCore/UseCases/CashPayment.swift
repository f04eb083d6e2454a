import Foundation
import KioskDomain

/// Takes cash for one purchase, note by note, with the store's record always ahead of the device:
///
/// 1. a note in escrow is judged by the purchase's rules (`Purchase.noteInEscrow`);
/// 2. to stack it, the intent is written durably first (`recordEscrow`), then `stack` is sent;
/// 3. only the device's `stacked` report credits it (`recordStacked`, once per note);
/// 4. when the price is covered the acceptor is inhibited and the payment ends as `.paid`.
///
/// A cancel returns the note in escrow and turns stacked credit into a customer credit. A power
/// cut at any point leaves a record that restart reconciliation resolves: an intent without a
/// stacked report is a note whose fate the device tells at power-up.
public actor CashPayment {
    public enum Outcome: Sendable, Equatable {
        case paid(Purchase)
        case cancelled(customerCreditID: String?, Purchase)
    }

    private let store: any KioskStore
    private let acceptor: any CashAcceptor
    private var purchase: Purchase
    private let denominations: Set<Money>
    /// The driver's note → the store's note id, for notes whose intent is recorded.
    private var recorded: [NoteRef: String] = [:]
    private var cancelRequested = false
    /// The customer pressed "done" on an open amount (time for an amount).
    private var confirmRequested = false
    private let onChange: @Sendable (Purchase, CashAcceptorEvent) -> Void
    private let onStep: @Sendable (Step) -> Void

    /// The moments of a note's way into the cassette, for logs and for the power-cut test, which
    /// kills the kiosk at each of them.
    public enum Step: String, Sendable {
        case escrow, intentRecorded = "intent-recorded", stackSent = "stack-sent"
        case stackedReported = "stacked-reported", stackedCommitted = "stacked-committed"
    }

    public init(store: any KioskStore, acceptor: any CashAcceptor, purchase: Purchase, denominations: Set<Money>,
                onStep: @escaping @Sendable (Step) -> Void = { _ in },
                onChange: @escaping @Sendable (Purchase, CashAcceptorEvent) -> Void = { _, _ in }) {
        self.store = store
        self.acceptor = acceptor
        self.purchase = purchase
        self.denominations = denominations
        self.onStep = onStep
        self.onChange = onChange
    }

    /// Asks the running payment to stop. The acceptor is told to refuse notes at once; its change
    /// of state is the event that wakes the payment loop, which then returns a note in escrow and
    /// keeps stacked credit as a customer credit (an idle device would otherwise send nothing).
    public func cancel() async {
        cancelRequested = true
        try? await acceptor.inhibit()
    }

    /// The customer is done inserting (time for an amount). The acceptor refuses further notes; a
    /// note already on its way in is settled first and counts. Below the plan's minimum the
    /// payment goes on taking notes (the screen offers "done" only from the minimum up).
    public func confirmAmount() async {
        confirmRequested = true
        try? await acceptor.inhibit()
    }

    /// Runs until paid or cancelled. The purchase must already be begun in the store.
    public func run() async throws -> Outcome {
        try await acceptor.enable(denominations)
        for await event in acceptor.events {
            try await handle(event)
            onChange(purchase, event)
            if purchase.state == .paid {
                try? await acceptor.inhibit()
                return .paid(purchase)
            }
            if cancelRequested { return try await finishCancel() }
            if confirmRequested, !purchase.hasNoteInFlight {
                do {
                    try purchase.confirmAmount()
                    try await store.recordPaid(purchaseID: purchase.id)
                    return .paid(purchase)
                } catch is PurchaseError {
                    // Below the minimum: keep taking notes.
                    confirmRequested = false
                    try await acceptor.enable(denominations)
                }
            }
        }
        return try await finishCancel()
    }

    private func handle(_ event: CashAcceptorEvent) async throws {
        switch event {
        case .escrow(let amount, let note):
            guard !cancelRequested else {
                try await acceptor.returnNote(note)
                return
            }
            onStep(.escrow)
            switch purchase.noteInEscrow(id: note.id, amount: amount) {
            case .stack:
                if recorded[note] == nil {
                    recorded[note] = try await store.recordEscrow(purchaseID: purchase.id, amount: amount, deviceRef: note.id)
                }
                onStep(.intentRecorded)
                try await acceptor.stack(note)
                onStep(.stackSent)
            case .returnNote:
                try await acceptor.returnNote(note)
            }
        case .stacked(let amount, let note):
            onStep(.stackedReported)
            // A note the device stacked without our recorded intent (found after a restart) is
            // still money in the cassette: record the intent now, then credit it.
            let noteID: String
            if let known = recorded[note] {
                noteID = known
            } else {
                noteID = try await store.recordEscrow(purchaseID: purchase.id, amount: amount, deviceRef: note.id)
                recorded[note] = noteID
            }
            // The purchase decides whether this note pays it; the store records that decision
            // with the credit, in one transaction.
            var stacked = purchase
            stacked.noteStacked(id: note.id, amount: amount)
            if try await store.recordStacked(noteID: noteID, paysPurchase: stacked.state == .paid) {
                purchase = stacked
            }
            onStep(.stackedCommitted)
            // Only now may the device forget the report: a crash before this line hears it again.
            try await acceptor.confirmStacked(note)
            try await store.recordStackConfirmed(noteID: noteID)
        case .returned(_, let note?):
            if let noteID = recorded[note] { try await store.recordReturned(noteID: noteID) }
            purchase.noteReturned(id: note.id)
        default:
            break
        }
    }

    private func finishCancel() async throws -> Outcome {
        try? await acceptor.inhibit()
        _ = try purchase.cancel()
        let creditID = try await store.cancelPurchase(purchaseID: purchase.id)
        return .cancelled(customerCreditID: creditID, purchase)
    }
}
