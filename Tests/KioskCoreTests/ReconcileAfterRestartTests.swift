import Foundation
import KioskCore
import KioskDomain
import KioskTestSupport
import Testing

/// A restart finds purchases interrupted at every step; each ends issued, credited or disputed.
@Suite struct ReconcileAfterRestartTests {
    let hour = PricePlan(id: "internet-1h", name: "Internet 1 hour", price: .major(100, .rub), grant: .minutes(60, .internet))

    struct Kiosk {
        let store: InMemoryKioskStore
        let reconcile: ReconcileAfterRestart<SeededRandom>
    }

    func kiosk() async throws -> Kiosk {
        let store = InMemoryKioskStore(currency: .rub)
        try await store.syncPlans([hour])
        let sale = SellTicket(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 6)!,
                              overpayment: .returnOvershootingNote, rng: SeededRandom(seed: 1))
        let refills = RefillAtKiosk(store: store, clock: SystemWallClock(), siteTimeZone: TimeZone(identifier: "UTC")!)
        return Kiosk(store: store, reconcile: ReconcileAfterRestart(store: store, sale: sale, refills: refills))
    }

    /// The records a killed kiosk leaves: a purchase with notes in the given states.
    /// Stacked notes are recorded as the kiosk records them: the one that reaches the price pays.
    func interrupted(_ store: InMemoryKioskStore, _ id: String, product: Product? = nil, carried: Int64 = 0,
                     stacked: [Int64], stacking: [Int64]) async throws {
        let product = product ?? .ticket(hour)
        try await store.beginPurchase(PurchaseRecord(id: id, product: product, startedAt: Date()))
        var credit = carried
        if carried > 0 {
            _ = try await store.redeemCustomerCredit(id: try await keptCredit(store, carried), into: id)
        }
        for amount in stacked {
            let note = try await store.recordEscrow(purchaseID: id, amount: .major(amount, .rub), deviceRef: "before")
            credit += amount
            let pays = product.price.map { Money.major(credit, .rub) >= $0 && Money.major(credit - amount, .rub) < $0 } ?? false
            _ = try await store.recordStacked(noteID: note, paysPurchase: pays)
        }
        for amount in stacking { _ = try await store.recordEscrow(purchaseID: id, amount: .major(amount, .rub), deviceRef: "before") }
    }

    /// A customer credit of `amount` kept from an earlier, cancelled purchase.
    func keptCredit(_ store: InMemoryKioskStore, _ amount: Int64) async throws -> String {
        let earlier = "earlier-\(UUID().uuidString)"
        try await store.beginPurchase(PurchaseRecord(id: earlier, product: .ticket(hour), startedAt: Date()))
        let note = try await store.recordEscrow(purchaseID: earlier, amount: .major(amount, .rub), deviceRef: "earlier")
        _ = try await store.recordStacked(noteID: note, paysPurchase: amount >= 100)
        return try #require(try await store.cancelPurchase(purchaseID: earlier))
    }

    /// A kept credit of 50 and a note of 50; or a kept credit of 100 that covers the price alone,
    /// stopped between its redemption and recording the purchase paid.
    @Test(arguments: zip([Int64(50), 100], [[Int64(50)], []]))
    func aKeptCreditCountsTowardsThePurchaseAfterARestart(carried: Int64, stacked: [Int64]) async throws {
        let kiosk = try await kiosk()
        try await interrupted(kiosk.store, "p", carried: carried, stacked: stacked, stacking: [])
        let resolutions = try await kiosk.reconcile.run(deviceReports: [])
        guard case .ticketIssued("p", let ticket)? = resolutions.first else { Issue.record("\(resolutions)"); return }
        #expect(ticket.paid == .major(100, .rub))
        #expect(try await kiosk.store.openCustomerCredits().isEmpty)
        #expect(try await kiosk.store.unfinishedPurchases().isEmpty)
        #expect(try await kiosk.store.verify().isEmpty)
    }

    @Test func anOpenAmountInterruptedBeforeDoneBuysTimeAfterARestart() async throws {
        let kiosk = try await kiosk()
        let rate = RatePlan(id: "time", name: "Internet time", hourlyPrice: .major(60, .rub), category: .internet,
                            minimumAmount: .major(10, .rub))
        try await interrupted(kiosk.store, "p", product: .timeForAmount(rate), stacked: [50], stacking: [])
        let resolutions = try await kiosk.reconcile.run(deviceReports: [])
        guard case .ticketIssued("p", let ticket)? = resolutions.first else { Issue.record("\(resolutions)"); return }
        #expect(ticket.grant == .minutes(50, .internet))
        #expect(try await kiosk.store.verify().isEmpty)
    }

    @Test func aNoteTheDeviceFinishedStackingCompletesTheSale() async throws {
        let kiosk = try await kiosk()
        try await interrupted(kiosk.store, "p", stacked: [50], stacking: [50])
        let resolutions = try await kiosk.reconcile.run(deviceReports: [
            .poweredUp(noteInside: .inStacker), .stacked(amount: .major(50, .rub), note: NoteRef("recovered-1")),
        ])
        guard case .ticketIssued(let id, let ticket)? = resolutions.first else { Issue.record("\(resolutions)"); return }
        #expect(id == "p" && ticket.paid == .major(100, .rub))
        #expect(try await kiosk.store.unfinishedPurchases().isEmpty)
        #expect(try await kiosk.store.verify().isEmpty)
    }

    @Test func aReturnedNoteIsNotCreditedAndPartialPaymentBecomesCredit() async throws {
        let kiosk = try await kiosk()
        try await interrupted(kiosk.store, "p", stacked: [50], stacking: [50])
        let resolutions = try await kiosk.reconcile.run(deviceReports: [.returned(amount: .major(50, .rub), note: NoteRef("r"))])
        guard case .customerCredit(_, let creditID, let amount)? = resolutions.first else { Issue.record("\(resolutions)"); return }
        #expect(amount == .major(50, .rub) && creditID != nil)
        #expect(try await kiosk.store.openCustomerCredits().map(\.amount) == [.major(50, .rub)])
        #expect(try await kiosk.store.verify().isEmpty)
    }

    @Test func silenceFromTheDeviceIsADisputeThatStaffResolve() async throws {
        let kiosk = try await kiosk()
        try await interrupted(kiosk.store, "p", stacked: [], stacking: [100])
        let resolutions = try await kiosk.reconcile.run(deviceReports: [.poweredUp(noteInside: .none), .idle])
        #expect(resolutions.contains { if case .disputed = $0 { true } else { false } })
        #expect(resolutions.contains(.cancelled(purchaseID: "p")))
        let disputes = try await kiosk.store.openDisputes()
        #expect(disputes.map(\.amount) == [.major(100, .rub)])
        // Staff count the cassette and find the note: it becomes the customer's credit, once.
        try await kiosk.store.resolveDispute(noteID: disputes[0].noteID, noteWasStacked: true, by: "Anna")
        try await kiosk.store.resolveDispute(noteID: disputes[0].noteID, noteWasStacked: true, by: "Anna")
        #expect(try await kiosk.store.openDisputes().isEmpty)
        #expect(try await kiosk.store.openCustomerCredits().map(\.amount) == [.major(100, .rub)])
        #expect(try await kiosk.store.cashBoxCounts() == [10_000: 1])
        #expect(try await kiosk.store.verify().isEmpty)
    }

    @Test func paidAndIssuedPurchasesAreCompleted() async throws {
        let kiosk = try await kiosk()
        try await interrupted(kiosk.store, "paid", stacked: [100], stacking: [])
        try await interrupted(kiosk.store, "issued", stacked: [100], stacking: [])
        var rng = SeededRandom(seed: 99)
        let ticket = Ticket(code: AccessCode.generate(namespace: KioskNamespace(number: 6)!, using: &rng), planID: hour.id,
                            sellMode: .now, createdAt: Date())
        try await kiosk.store.issueTicket(purchaseID: "issued", ticket: ticket, grant: hour.grant, surplus: nil)
        let resolutions = try await kiosk.reconcile.run(deviceReports: [])
        #expect(resolutions.count == 2)
        #expect(resolutions.contains(.completed(purchaseID: "issued")))
        #expect(resolutions.contains { if case .ticketIssued("paid", _) = $0 { true } else { false } })
        #expect(try await kiosk.store.unfinishedPurchases().isEmpty)
        #expect(try await kiosk.store.verify().isEmpty)
    }

    @Test func aCreditedButUnconfirmedNoteReportedAgainIsRecognised() async throws {
        // Killed between the credit's commit and telling the device: the device reports it again.
        let kiosk = try await kiosk()
        try await interrupted(kiosk.store, "p", stacked: [50], stacking: [])
        let resolutions = try await kiosk.reconcile.run(deviceReports: [.stacked(amount: .major(50, .rub), note: NoteRef("again"))])
        #expect(!resolutions.contains(.unmatchedStackedNote(.major(50, .rub))))
        #expect(try await kiosk.store.openCustomerCredits().map(\.amount) == [.major(50, .rub)])   // credited once
        #expect(try await kiosk.store.cashBoxCounts() == [5_000: 1])
        #expect(try await kiosk.store.verify().isEmpty)
    }

    @Test func aSecondRestartChangesNothing() async throws {
        let kiosk = try await kiosk()
        try await interrupted(kiosk.store, "p", stacked: [50], stacking: [])
        _ = try await kiosk.reconcile.run(deviceReports: [])
        #expect(try await kiosk.reconcile.run(deviceReports: [.stacked(amount: .major(50, .rub), note: NoteRef("late"))])
                == [.unmatchedStackedNote(.major(50, .rub))])
        #expect(try await kiosk.store.openCustomerCredits().count == 1)
        #expect(try await kiosk.store.verify().isEmpty)
    }
}
