import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite
import KioskTestSupport
import KioskUI
import Testing
@testable import KioskApp

/// The session actor as `kiosk run` builds it (`KioskComposition.build` from a config: the png
/// display, a receipt folder, a bill-acceptor port that answers nothing), driven through its own
/// methods rather than through a whole `kiosk run` journey.
@Suite(.serialized) struct KioskSessionTests {
    /// A composed kiosk whose store keeps time by `storeClock`, so a test can make records "earlier".
    func kiosk(_ f: KioskCompositionTests.Fixture, storeClock: any WallClock = SystemWallClock())
        async throws -> (ComposedKiosk, SQLiteKioskStore, KioskConfig) {
        let config = try f.config("receipt_folder = \"\(f.folder)/receipts\"")
        let store = try SQLiteKioskStore(path: config.databasePath, currency: config.currency, clock: storeClock)
        try await store.syncPlans(config.plans)
        let kiosk = try KioskComposition.build(config: config, store: store, font: KioskCompositionTests.font, log: { _ in })
        return (kiosk, store, config)
    }

    /// A cancelled purchase whose stacked 50 became a customer credit; returns the credit's id.
    func cancelledWithCredit(_ store: SQLiteKioskStore, _ config: KioskConfig) async throws -> String {
        let plan = try #require(config.plans.first)
        try await store.beginPurchase(PurchaseRecord(id: "earlier", product: .ticket(plan), startedAt: Date()))
        let note = try await store.recordEscrow(purchaseID: "earlier", amount: .major(50, config.currency), deviceRef: "n1")
        _ = try await store.recordStacked(noteID: note, paysPurchase: false)
        return try #require(try await store.cancelPurchase(purchaseID: "earlier"))
    }

    /// A credit made minutes ago belongs to whoever stands at the kiosk: shown and kept for the
    /// next purchase. One from more than half an hour ago is left to staff.
    @Test(arguments: [(5.0, true), (31.0, false)])
    func aRecentCustomerCreditIsShownAtStart(minutesAgo: Double, shown: Bool) async throws {
        let f = try KioskCompositionTests.Fixture()
        let (kiosk, store, config) = try await kiosk(f, storeClock: FixedClock(Date().addingTimeInterval(-minutesAgo * 60)))
        let creditID = try await cancelledWithCredit(store, config)
        await kiosk.session.start()
        #expect(await kiosk.session.keptCreditID == (shown ? creditID : nil))
        #expect(await kiosk.session.model.keptCredit == (shown ? .major(50, config.currency) : nil))
        await kiosk.stop()
    }

    /// The one readiness rule, as the session applies it: a bill acceptor that does not answer, or
    /// a fault that needs a technician, closes sales and says why on screen.
    @Test func salesCloseWithTheReasonOnScreen() async throws {
        let f = try KioskCompositionTests.Fixture()
        let (kiosk, _, _) = try await kiosk(f)
        await kiosk.session.start()
        #expect(await kiosk.session.model.status.salesClosedReason?.contains("bill acceptor") == true)
        #expect(await kiosk.session.model.isOutOfService)
        await kiosk.session.setPersistentFault("the database is not writable")
        await kiosk.session.refreshStatus()
        #expect(await kiosk.session.model.status.technicianNotice == "the database is not writable")
        #expect(await kiosk.session.model.status.salesClosedReason != nil)
        await kiosk.stop()
    }

    /// Plans pulled from the central store replace those on screen; what the screen knows of the
    /// bill acceptor (the notes it takes) and the open-amount rate stay.
    @Test func plansFromTheStoreReplaceThoseOnScreen() async throws {
        let f = try KioskCompositionTests.Fixture()
        let (kiosk, _, config) = try await kiosk(f)
        let before = await kiosk.session.model.catalog
        let pulled = PricePlan(id: "pulled-from-store", name: "Games 2 hours", price: .major(150, config.currency), grant: .minutes(120, .game))
        await kiosk.session.adoptPlans([pulled])
        let after = await kiosk.session.model.catalog
        #expect(after.plans == [pulled] && after.refillPlans == [pulled])
        #expect(after.acceptedNotes == before.acceptedNotes && after.ratePlan == before.ratePlan)
        #expect(await kiosk.session.plan(id: "pulled-from-store") == pulled)
        #expect(await kiosk.session.plan(id: before.plans.first?.id ?? "") == nil)
        await kiosk.stop()
    }
}
