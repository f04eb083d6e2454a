import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite
import KioskTestSupport
import Testing

/// Whole sales through the use cases: cash (scripted acceptor) → issue → print → complete, on a
/// real SQLite file, with `verify` clean after each.
@Suite struct SaleFlowTests {
    let hour = PricePlan(id: "internet-1h", name: "Internet 1 hour", price: .major(100, .rub), grant: .minutes(60, .internet),
                         validity: Validity(daysFromSale: 7))
    let refill = PricePlan(id: "refill-30m", name: "Refill 30 minutes", price: .major(50, .rub), grant: .minutes(30, .internet),
                           validity: Validity(daysFromSale: 30))
    let notes: Set<Money> = [.major(50, .rub), .major(100, .rub), .major(200, .rub), .major(500, .rub)]
    let zone = TimeZone(identifier: "Europe/Moscow")!

    func store() async throws -> (SQLiteKioskStore, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sale-flow-\(UUID().uuidString)").path
        let store = try SQLiteKioskStore(path: folder + "/kiosk.sqlite", currency: .rub)
        try await store.syncPlans([hour, refill])
        return (store, folder)
    }

    func pay(_ purchase: Purchase, _ store: SQLiteKioskStore, inserting amounts: [Int64]) async throws -> Purchase {
        let acceptor = ScriptedCashAcceptor()
        for (index, amount) in amounts.enumerated() { acceptor.insert(.major(amount, .rub), note: "n\(index)") }
        guard case .paid(let paid) = try await CashPayment(store: store, acceptor: acceptor, purchase: purchase, denominations: notes).run()
        else { throw SaleError.notPaid(purchase.state) }
        return paid
    }

    @Test(arguments: [
        (OverpaymentPolicy.returnOvershootingNote, [Int64(200), 100], "exact"),
        (.keepAndCredit(.extraTime), [200], "extra time"),
        (.keepAndCredit(.changeVoucher), [200], "change voucher"),
    ])
    func ticketSaleUnderEachPolicy(policy: OverpaymentPolicy, inserted: [Int64], expectation: String) async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sale = SellTicket(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 5)!, overpayment: policy,
                              rng: SeededRandom(seed: 42))
        let purchase = try await sale.begin(.ticket(hour), currency: .rub)
        let paid = try await pay(purchase, store, inserting: inserted)
        let issued = try await sale.issue(paid)
        try await sale.finish(purchaseID: purchase.id, printed: true)
        let info = try #require(try await store.findRefillTarget(.ticket(issued.code)))
        switch expectation {
        case "exact":
            #expect(paid.credit == .major(100, .rub) && info.balances[.internetMinutes] == 60 && issued.changeVoucher == nil)
        case "extra time":
            #expect(info.balances[.internetMinutes] == 120 && issued.extraGrant == .minutes(60, .internet))
        default:
            let change = try #require(issued.changeVoucher)
            #expect(issued.changeAmount == .major(100, .rub))
            #expect(try await store.findRefillTarget(.ticket(change)) == nil)   // a refill code is not a login
        }
        #expect(try await store.verify().isEmpty)
        #expect(try await store.unfinishedPurchases().isEmpty)
    }

    @Test func refillOfATicketAddsTimeAndExtendsValidity() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clock = FixedClock(Date())
        let sale = SellTicket(store: store, clock: clock, namespace: KioskNamespace(number: 5)!, overpayment: .returnOvershootingNote,
                              rng: SeededRandom(seed: 7))
        let bought = try await sale.issue(try await pay(try await sale.begin(.ticket(hour), currency: .rub), store, inserting: [100]))

        let refills = RefillAtKiosk(store: store, clock: clock, siteTimeZone: zone)
        let target = RefillAtKiosk.target(from: bought.code.grouped.lowercased())
        #expect(target == .ticket(bought.code))
        let quote = try await refills.check(refill, on: target)
        #expect(quote.extendedUntil != nil)
        let purchase = try await sale.begin(.refill(refill, target), currency: .rub)
        let after = try await refills.apply(try await pay(purchase, store, inserting: [50]))
        #expect(after.balances[.internetMinutes] == 90)
        #expect(try await store.verify().isEmpty)
    }

    @Test func refillsAreCheckedBeforeAnyMoneyIsTaken() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let refills = RefillAtKiosk(store: store, clock: SystemWallClock(), siteTimeZone: zone)
        await #expect(throws: SaleError.unknownTarget) { try await refills.check(refill, on: .account("NOBODY")) }
        // A postpaid account cannot be refilled.
        let generate = GenerateVouchers(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 5)!,
                                        rng: SeededRandom(seed: 3))
        _ = try await generate.run(VoucherBatch(count: 1, kind: .userAccount, planID: hour.id, prefix: "POST", startNumber: 1,
                                                accountKind: .postpaid))
        await #expect(throws: SaleError.refill(.accountNotPrepaid)) { try await refills.check(refill, on: .account("POST1")) }
        // A sell-later ticket that was never used is not activated yet.
        let later = try await generate.run(VoucherBatch(count: 1, kind: .ticket, planID: hour.id, sellMode: .later))
        await #expect(throws: SaleError.refill(.targetNotSold)) { try await refills.check(refill, on: .ticket(later.items[0].code!)) }
    }

    /// The central store as the refill sees it: a fixed answer, or a store that cannot be asked.
    struct FixedRemote: RemoteRefillTargets {
        var found: RemoteRefillTarget?
        var unreachable = false
        struct Offline: Error {}
        func find(_ target: RefillTarget) async throws -> RemoteRefillTarget? {
            if unreachable { throw Offline() }
            return found
        }
    }

    @Test func aTargetOnlyTheStoreKnowsIsCheckedByTheSameRulesAndRefilledOffline() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var rng = SeededRandom(seed: 9)
        let code = AccessCode.generate(namespace: KioskNamespace(number: 7)!, using: &rng)
        let sold = Date().addingTimeInterval(-3 * 86_400)
        func remote(_ validity: Validity, state: Ticket.State = .inUse) -> FixedRemote {
            let ticket = Ticket(code: code, planID: "elsewhere", state: state, sellMode: .now, soldAt: sold, firstUsedAt: sold,
                                extendedUntil: nil)
            var balances = Balances()
            balances.add(20, to: .internetMinutes)
            return FixedRemote(found: RemoteRefillTarget(info: RefillTargetInfo(target: .ticket(code), planID: "elsewhere",
                                                                                 state: state.rawValue, balances: balances,
                                                                                 extendedUntil: nil),
                                                         ticket: ticket, validity: validity))
        }
        // Printed for sale later and never activated at the store: refused before any money is taken.
        let notSold = RefillAtKiosk(store: store, clock: SystemWallClock(), siteTimeZone: zone,
                                    remote: remote(.unlimited, state: .generated))
        await #expect(throws: SaleError.refill(.targetNotSold)) { try await notSold.check(refill, on: .ticket(code)) }
        // Blocked by staff at the store: refused, no money taken.
        var blockedAnswer = remote(.unlimited)
        blockedAnswer.found?.blocked = true
        let blocked = RefillAtKiosk(store: store, clock: SystemWallClock(), siteTimeZone: zone, remote: blockedAnswer)
        await #expect(throws: SaleError.refill(.targetBlocked)) { try await blocked.check(refill, on: .ticket(code)) }
        // The store cannot be asked: the error reaches the screen, no payment starts.
        let offline = RefillAtKiosk(store: store, clock: SystemWallClock(), siteTimeZone: zone,
                                    remote: FixedRemote(found: nil, unreachable: true))
        await #expect(throws: FixedRemote.Offline.self) { try await offline.check(refill, on: .ticket(code)) }
        let unknown = RefillAtKiosk(store: store, clock: SystemWallClock(), siteTimeZone: zone, remote: FixedRemote(found: nil))
        await #expect(throws: SaleError.unknownTarget) { try await unknown.check(refill, on: .ticket(code)) }

        // A valid one: paid and applied locally, queued for the store with the balance it will have.
        let refills = RefillAtKiosk(store: store, clock: SystemWallClock(), siteTimeZone: zone, remote: remote(.unlimited))
        _ = try await refills.check(refill, on: .ticket(code))
        let sale = SellTicket(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 5)!,
                              overpayment: .returnOvershootingNote, rng: SeededRandom(seed: 2))
        let paid = try await pay(try await sale.begin(.refill(refill, .ticket(code)), currency: .rub), store, inserting: [50])
        let after = try await refills.apply(paid)
        #expect(after.balances[.internetMinutes] == 50)
        let pending = try await store.pendingEntries(limit: 10)
        #expect(pending.contains { $0.kind == "refill" && $0.payload["target"] == "ticket:\(code.canonical)" })
    }

    /// 50 kept after a cancel pays half of the next ticket; the ledger, the cash box and the
    /// outbox agree (the store is told the credit was redeemed).
    @Test func aKeptCreditPaysTowardsTheNextTicket() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sale = SellTicket(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 5)!,
                              overpayment: .returnOvershootingNote, rng: SeededRandom(seed: 12))
        let first = try await sale.begin(.ticket(hour), currency: .rub)
        let acceptor = ScriptedCashAcceptor()
        acceptor.insert(.major(50, .rub), note: "a")
        let (credited, yielded) = AsyncStream.makeStream(of: Void.self)
        let payment = CashPayment(store: store, acceptor: acceptor, purchase: first, denominations: notes,
                                  onChange: { p, _ in if p.credit.isPositive { yielded.yield() } })
        let run = Task { try await payment.run() }
        for await _ in credited { break }
        await payment.cancel()
        acceptor.send(.idle)
        guard case .cancelled(let creditID?, _) = try await run.value else { Issue.record("no credit kept"); return }

        var second = try await sale.begin(.ticket(hour), currency: .rub)
        let carried = try await store.redeemCustomerCredit(id: creditID, into: second.id)
        try second.carryCredit(carried)
        #expect(second.credit == .major(50, .rub) && second.state == .awaitingPayment)
        await #expect(throws: (any Error).self) { _ = try await store.redeemCustomerCredit(id: creditID, into: second.id) }
        let paid = try await pay(second, store, inserting: [50])
        let issued = try await sale.issue(paid)
        try await sale.finish(purchaseID: paid.id, printed: false)
        #expect(issued.grant == hour.grant)
        #expect(try await store.openCustomerCredits().isEmpty)
        #expect(try await store.cashBoxCounts() == [5_000: 2])
        #expect(try await store.verify().isEmpty)
        let kinds = try await store.pendingEntries(limit: 20).map(\.kind)
        #expect(kinds == ["customer_credit", "credit_redeemed", "sale"])
    }

    @Test func cashCollectionResetsCountersWithANeverRepeatingSequence() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sale = SellTicket(store: store, clock: SystemWallClock(), namespace: KioskNamespace(number: 5)!,
                              overpayment: .returnOvershootingNote, rng: SeededRandom(seed: 11))
        for amounts in [[Int64(100)], [50, 50], [100]] {
            let paid = try await pay(try await sale.begin(.ticket(hour), currency: .rub), store, inserting: amounts)
            _ = try await sale.issue(paid)
            try await sale.finish(purchaseID: paid.id, printed: false)
        }
        #expect(try await store.cashBoxCounts() == [10_000: 2, 5_000: 2])
        let first = try await store.collectCash(CashCollectionRequest(collector: "Anna", seal: "BAG-0001",
                                                                      counted: [10_000: 2, 5_000: 1], at: Date()))
        #expect(first.expectedTotal == .major(300, .rub) && first.countedTotal == .major(250, .rub))
        #expect(first.difference == -Money.major(50, .rub))
        #expect(try await store.cashBoxCounts().isEmpty)
        let second = try await store.collectCash(CashCollectionRequest(collector: "Anna", seal: "BAG-0002", counted: [:], at: Date()))
        #expect(second.sequence == first.sequence + 1)
        #expect(try await store.verify().isEmpty)
    }
}
