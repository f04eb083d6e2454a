import Foundation
import KioskCore
import KioskDomain
import KioskTestSupport
import Testing

/// The cash flow against a scripted acceptor and the in-memory store.
@Suite struct CashPaymentTests {
    let plan = PricePlan(id: "internet-1h", name: "Internet 1 hour", price: .major(100, .rub), grant: .minutes(60, .internet))
    let notes: Set<Money> = [.major(50, .rub), .major(100, .rub), .major(500, .rub)]

    func setUp(_ id: String, overpayment: OverpaymentPolicy = .returnOvershootingNote) async throws
        -> (InMemoryKioskStore, ScriptedCashAcceptor, Purchase) {
        let store = InMemoryKioskStore(currency: .rub)
        try await store.syncPlans([plan])
        var purchase = Purchase(id: id, currency: .rub, overpayment: overpayment)
        try purchase.choose(.ticket(plan))
        try await store.beginPurchase(PurchaseRecord(id: id, product: .ticket(plan), startedAt: Date()))
        return (store, ScriptedCashAcceptor(), purchase)
    }

    @Test func exactCashIsCreditedOnlyWhenStacked() async throws {
        let (store, acceptor, purchase) = try await setUp("exact")
        let payment = CashPayment(store: store, acceptor: acceptor, purchase: purchase, denominations: notes)
        acceptor.insert(.major(50, .rub), note: "a")
        acceptor.insert(.major(50, .rub), note: "b")
        guard case .paid(let paid) = try await payment.run() else { Issue.record("not paid"); return }
        #expect(paid.credit == .major(100, .rub))
        #expect(acceptor.commands == [.enable(notes), .stack(NoteRef("a")), .stack(NoteRef("b")), .inhibit])
        #expect(try await store.verify().isEmpty)
    }

    @Test func anOvershootingNoteGoesBackUnderTheDefaultPolicy() async throws {
        let (store, acceptor, purchase) = try await setUp("over")
        let payment = CashPayment(store: store, acceptor: acceptor, purchase: purchase, denominations: notes)
        acceptor.insert(.major(500, .rub), note: "big")
        acceptor.insert(.major(100, .rub), note: "right")
        guard case .paid(let paid) = try await payment.run() else { Issue.record("not paid"); return }
        #expect(paid.credit == .major(100, .rub))
        #expect(acceptor.commands.contains(.returnNote(NoteRef("big"))))
        #expect(!acceptor.commands.contains(.stack(NoteRef("big"))))
    }

    @Test func cancelMidPaymentKeepsTheStackedNoteAsCredit() async throws {
        let (store, acceptor, purchase) = try await setUp("cancel")
        // The screen learns of each change; the test cancels once the first note is credited.
        let (credited, creditedContinuation) = AsyncStream.makeStream(of: Void.self)
        let payment = CashPayment(store: store, acceptor: acceptor, purchase: purchase, denominations: notes, onChange: { purchase, _ in
            if purchase.credit.isPositive { creditedContinuation.yield() }
        })
        acceptor.insert(.major(50, .rub), note: "a")
        let run = Task { try await payment.run() }
        for await _ in credited { break }
        await payment.cancel()
        acceptor.send(.idle)
        guard case .cancelled(let creditID, let cancelled) = try await run.value else { Issue.record("not cancelled"); return }
        #expect(creditID != nil)
        #expect(cancelled.state == .cancelledWithCredit)
        #expect(try await store.verify().isEmpty)
        #expect(try await store.unfinishedPurchases().isEmpty)
    }

    /// Time for an amount: "done" below the minimum keeps taking notes; from the minimum up it
    /// ends the payment, and the ticket holds ⌈amount × 60 / hourly⌉ minutes for the whole amount.
    @Test func timeForAnAmountEndsWhenTheCustomerIsDone() async throws {
        let store = InMemoryKioskStore(currency: .rub)
        let rate = RatePlan(id: "time", name: "Internet time", hourlyPrice: .major(60, .rub), category: .internet,
                            minimumAmount: .major(100, .rub))
        let sale = SellTicket(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 4)!,
                              overpayment: .returnOvershootingNote, rng: SeededRandom(seed: 4))
        let purchase = try await sale.begin(.timeForAmount(rate), currency: .rub)
        let acceptor = ScriptedCashAcceptor()
        let (changes, changed) = AsyncStream.makeStream(of: Money.self)
        let payment = CashPayment(store: store, acceptor: acceptor, purchase: purchase, denominations: notes,
                                  onChange: { p, _ in changed.yield(p.credit) })
        let run = Task { try await payment.run() }
        var credits = changes.makeAsyncIterator()
        acceptor.insert(.major(50, .rub), note: "a")
        while await credits.next() != .major(50, .rub) {}
        await payment.confirmAmount()          // below the 100 minimum: refused, notes still taken
        acceptor.send(.disabled)
        _ = await credits.next()
        #expect(acceptor.commands.filter { if case .enable = $0 { true } else { false } }.count == 2)
        acceptor.insert(.major(100, .rub), note: "b")
        while await credits.next() != .major(150, .rub) {}
        await payment.confirmAmount()
        acceptor.send(.disabled)
        guard case .paid(let paid) = try await run.value else { Issue.record("not paid"); return }
        #expect(paid.credit == .major(150, .rub))
        let issued = try await sale.issue(paid)
        #expect(issued.grant == .minutes(150, .internet))
        try await sale.finish(purchaseID: paid.id, printed: false)
        #expect(try await store.verify().isEmpty)
        #expect(try await store.openCustomerCredits().isEmpty)   // all of it bought time, none left over
    }

    @Test func theIntentIsDurableBeforeTheStackCommand() async throws {
        // A power cut right after `stack` was sent: the device never answered. The store already
        // holds the note as 'stacking', so reconciliation can ask the device what became of it.
        let (store, acceptor, purchase) = try await setUp("cut")
        acceptor.answersStack = false
        let payment = CashPayment(store: store, acceptor: acceptor, purchase: purchase, denominations: notes)
        let run = Task { try await payment.run() }
        acceptor.insert(.major(100, .rub), note: "x")
        while !acceptor.commands.contains(.stack(NoteRef("x"))) { try await Task.sleep(for: .milliseconds(5)) }
        let unfinished = try await store.unfinishedPurchases()
        #expect(unfinished.first?.notes.map(\.status) == [.stacking])
        #expect(unfinished.first?.notes.first?.amount == .major(100, .rub))
        run.cancel()
        acceptor.finish()
        _ = try? await run.value
    }
}
