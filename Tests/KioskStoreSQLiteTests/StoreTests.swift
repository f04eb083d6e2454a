import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite
import KioskTestSupport
import Testing

@Suite struct StoreTests {
    @Test func everythingSurvivesCloseAndReopen() async throws {
        let folder = TemporaryFolder()
        var rng = SystemRandomNumberGenerator()
        do {
            let store = try await openStore(folder.database)
            try await store.beginPurchase(PurchaseRecord(id: "p1", product: .ticket(hourPlan), startedAt: Date()))
            let note = try await store.recordEscrow(purchaseID: "p1", amount: .major(100, .rub), deviceRef: "test")
            #expect(try await store.recordStacked(noteID: note, paysPurchase: true))
            try await store.issueTicket(purchaseID: "p1", ticket: newTicket(&rng), grant: hourPlan.grant, surplus: nil)
        }
        let reopened = try await openStore(folder.database)
        let unfinished = try await reopened.unfinishedPurchases()
        #expect(unfinished.map(\.id) == ["p1"])
        #expect(unfinished.first?.state == .issued)
        #expect(unfinished.first?.notes.map(\.status) == [.stacked])
        try await reopened.completePurchase(purchaseID: "p1")
        #expect(try await reopened.unfinishedPurchases().isEmpty)
        #expect(try await reopened.verify().isEmpty)
        #expect(try reopened.pragmas()["synchronous"] == "2")   // FULL
        #expect(try reopened.pragmas()["journal_mode"] == "wal")
    }

    @Test func aRepeatedStackedReportIsCreditedOnce() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        try await store.beginPurchase(PurchaseRecord(id: "p1", product: .ticket(hourPlan), startedAt: Date()))
        let note = try await store.recordEscrow(purchaseID: "p1", amount: .major(50, .rub), deviceRef: "test")
        #expect(try await store.recordStacked(noteID: note, paysPurchase: false))
        #expect(try await store.recordStacked(noteID: note, paysPurchase: false) == false)
        let snapshot = try await store.unfinishedPurchases().first!
        #expect(snapshot.state == .awaitingPayment)   // 50 of 100 paid, once
        #expect(try await store.verify().isEmpty)
    }

    @Test func cancelKeepsStackedMoneyAsCustomerCredit() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        try await store.beginPurchase(PurchaseRecord(id: "p1", product: .ticket(hourPlan), startedAt: Date()))
        let first = try await store.recordEscrow(purchaseID: "p1", amount: .major(50, .rub), deviceRef: "test")
        _ = try await store.recordStacked(noteID: first, paysPurchase: false)
        let late = try await store.recordEscrow(purchaseID: "p1", amount: .major(10, .rub), deviceRef: "test")
        let credit = try await store.cancelPurchase(purchaseID: "p1")
        #expect(credit != nil)
        // The stack raced the cancel: the note still reaches the customer, as a second credit.
        #expect(try await store.recordStacked(noteID: late, paysPurchase: false))
        #expect(try await store.verify().isEmpty)
        #expect(try await store.unfinishedPurchases().isEmpty)
    }

    @Test func issuingBeforePaymentIsRefused() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        var rng = SystemRandomNumberGenerator()
        try await store.beginPurchase(PurchaseRecord(id: "p1", product: .ticket(hourPlan), startedAt: Date()))
        await #expect(throws: StoreError.self) {
            try await store.issueTicket(purchaseID: "p1", ticket: newTicket(&rng), grant: hourPlan.grant, surplus: nil)
        }
    }

    @Test func surplusBecomesExtraTimeOrCustomerCredit() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        var rng = SystemRandomNumberGenerator()
        for (id, placement) in [("extra", SurplusPlacement.extraGrant(.minutes(30, .internet))), ("credit", .customerCredit(.major(50, .rub)))] {
            try await store.beginPurchase(PurchaseRecord(id: id, product: .ticket(hourPlan), startedAt: Date()))
            let note = try await store.recordEscrow(purchaseID: id, amount: .major(150, .rub), deviceRef: "test")
            _ = try await store.recordStacked(noteID: note, paysPurchase: true)
            try await store.issueTicket(purchaseID: id, ticket: newTicket(&rng), grant: hourPlan.grant, surplus: placement)
            try await store.completePurchase(purchaseID: id)
        }
        #expect(try await store.verify().isEmpty)
    }

    @Test func voucherCodesAreUniqueInTheStore() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        var rng = SystemRandomNumberGenerator()
        let code = AccessCode.generate(namespace: KioskNamespace(number: 1)!, using: &rng)
        let options = VoucherBatch(count: 1, kind: .ticket, planID: hourPlan.id)
        let batch = GeneratedBatch(options: options, plan: hourPlan, unitPrice: hourPlan.price, createdAt: Date(), items: [.ticket(code)])
        _ = try await store.saveVoucherBatch(batch)
        await #expect(throws: DuplicateCodes.self) { try await store.saveVoucherBatch(batch) }
        #expect(try await store.verify().isEmpty)
    }

    /// A generator that repeats itself after a while stands in for the rare clash: the use case
    /// draws again until the store accepts, and the batch saves whole.
    @Test func generatorDrawsAgainOnAClash() async throws {
        let folder = TemporaryFolder()
        let store = try await openStore(folder.database)
        let first = GenerateVouchers(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 4)!, rng: SeededRandom(seed: 1))
        _ = try await first.run(VoucherBatch(count: 5, kind: .ticket, planID: hourPlan.id))
        // The same seed again (a restart that reused the generator state) gives the same first codes.
        let second = GenerateVouchers(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 4)!, rng: SeededRandom(seed: 1))
        let saved = try await second.run(VoucherBatch(count: 5, kind: .ticket, planID: hourPlan.id))
        #expect(saved.items.count == 5)
        #expect(try await store.verify().isEmpty)
    }
}

