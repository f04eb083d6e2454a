import Foundation
import PropertyBased
import Testing
@testable import KioskDomain

@Suite struct PurchaseTests {
    let hour = PricePlan(id: "h", name: "Hour", price: .major(100, .rub), grant: .minutes(60, .internet))
    func rub(_ major: Int64) -> Money { .major(major, .rub) }

    @Test func exactCashPaysAndCompletes() throws {
        var purchase = Purchase(id: "p1", currency: .rub)
        try purchase.choose(.ticket(hour))
        #expect(purchase.noteInEscrow(id: "n1", amount: rub(50)) == .stack)
        #expect(purchase.credit.isZero)   // nothing counts at escrow
        purchase.noteStacked(id: "n1", amount: rub(50))
        #expect(purchase.state == .awaitingPayment && purchase.remaining == rub(50))
        #expect(purchase.noteInEscrow(id: "n2", amount: rub(50)) == .stack)
        purchase.noteStacked(id: "n2", amount: rub(50))
        #expect(purchase.state == .paid && purchase.surplus.isZero)
        try purchase.markIssued()
        try purchase.markPrinted(success: true)
        try purchase.complete()
        #expect(purchase.state == .completed)
    }

    @Test func defaultPolicyReturnsANoteThatOvershoots() throws {
        var purchase = Purchase(id: "p2", currency: .rub)
        try purchase.choose(.ticket(hour))
        #expect(purchase.noteInEscrow(id: "n1", amount: rub(500)) == .returnNote(.wouldOverpay))
        purchase.noteReturned(id: "n1")
        #expect(purchase.credit.isZero && purchase.state == .awaitingPayment)
    }

    @Test func keepPolicyGivesExtraTimeAtThePlansRate() throws {
        var purchase = Purchase(id: "p3", currency: .rub, overpayment: .keepAndCredit(.extraTime))
        try purchase.choose(.ticket(hour))
        #expect(purchase.noteInEscrow(id: "n1", amount: rub(150)) == .stack)
        purchase.noteStacked(id: "n1", amount: rub(150))
        #expect(purchase.state == .paid && purchase.surplus == rub(50))
        #expect(purchase.surplusPlacement() == .extraGrant(.minutes(30, .internet)))
    }

    @Test func keepPolicyCanGiveAChangeVoucher() throws {
        var purchase = Purchase(id: "p4", currency: .rub, overpayment: .keepAndCredit(.changeVoucher))
        try purchase.choose(.ticket(hour))
        _ = purchase.noteInEscrow(id: "n1", amount: rub(200))
        purchase.noteStacked(id: "n1", amount: rub(200))
        #expect(purchase.surplusPlacement() == .changeVoucher(rub(100)))
    }

    @Test func keepPolicyOnARefillCreditsTheAccount() throws {
        var purchase = Purchase(id: "p5", currency: .rub, overpayment: .keepAndCredit(.extraTime))
        try purchase.choose(.refill(hour, .account("USER11")))
        _ = purchase.noteInEscrow(id: "n1", amount: rub(200))
        purchase.noteStacked(id: "n1", amount: rub(200))
        #expect(purchase.surplusPlacement() == .toRefillTarget(.account("USER11"), rub(100)))
    }

    @Test func cancelReturnsEscrowAndKeepsStackedCreditAsCustomerCredit() throws {
        var purchase = Purchase(id: "p6", currency: .rub)
        try purchase.choose(.ticket(hour))
        _ = purchase.noteInEscrow(id: "n1", amount: rub(50))
        purchase.noteStacked(id: "n1", amount: rub(50))
        _ = purchase.noteInEscrow(id: "n2", amount: rub(500))   // overshoots: being returned
        let outcome = try purchase.cancel()
        #expect(outcome.notesToReturn == ["n2"])
        #expect(outcome.customerCredit == rub(50))
        #expect(purchase.state == .cancelledWithCredit)
    }

    @Test func cancelWithNothingPaidLeavesNoCredit() throws {
        var purchase = Purchase(id: "p7", currency: .rub)
        try purchase.choose(.ticket(hour))
        #expect(try purchase.cancel().customerCredit == nil)
        #expect(purchase.state == .cancelled)
    }

    @Test func timeForAnAmountNeedsConfirmationAndTheMinimum() throws {
        let rate = RatePlan(id: "r", name: "Rate", hourlyPrice: rub(90), category: .game, minimumAmount: rub(50))
        var purchase = Purchase(id: "p8", currency: .rub)
        try purchase.choose(.timeForAmount(rate))
        #expect(throws: PurchaseError.nothingPaid) { try purchase.confirmAmount() }
        _ = purchase.noteInEscrow(id: "n1", amount: rub(10))
        purchase.noteStacked(id: "n1", amount: rub(10))
        #expect(throws: PurchaseError.belowMinimum(rub(50))) { try purchase.confirmAmount() }
        _ = purchase.noteInEscrow(id: "n2", amount: rub(500))
        purchase.noteStacked(id: "n2", amount: rub(500))
        try purchase.confirmAmount()
        #expect(purchase.state == .paid && rate.minutes(for: purchase.credit) == 340)
    }

    @Test func freePlanIsPaidAtOnce() throws {
        var purchase = Purchase(id: "p9", currency: .rub)
        try purchase.choose(.ticket(PricePlan(id: "f", name: "Free", price: rub(0), grant: .minutes(30, .internet), isFree: true)))
        #expect(purchase.state == .paid)
    }

    /// No sequence of device reports credits a note twice or loses one: whatever order and
    /// repetition of escrow / stacked / returned / cancel arrives, the credit equals the sum of
    /// distinct notes reported stacked, and after a cancel all of it is customer credit.
    @Test func noSequenceOfEventsCreditsANoteTwiceOrLosesOne() async {
        let events = Gen.int(in: 0...(4 * 6 - 1)).array(of: 1...60)
        await propertyCheck(count: 500, input: events) { codes in
            var purchase = Purchase(id: "prop", currency: .rub, overpayment: .keepAndCredit(.extraTime))
            try? purchase.choose(.ticket(PricePlan(id: "big", name: "Big", price: .major(1_000, .rub), grant: .minutes(600, .game))))
            var stacked: [String: Money] = [:]
            var cancelledCredit: Money?
            let denominations: [Int64] = [50, 100, 200, 500, 1000, 5000]
            for code in codes {
                let note = "n\(code % 6)"
                let amount = Money.major(denominations[code % 6], .rub)
                switch code / 6 {
                case 0: _ = purchase.noteInEscrow(id: note, amount: amount)
                case 1:
                    purchase.noteStacked(id: note, amount: amount)
                    stacked[note] = amount
                case 2: purchase.noteReturned(id: note)
                default:
                    if purchase.state == .awaitingPayment, let outcome = try? purchase.cancel() {
                        cancelledCredit = outcome.customerCredit ?? .zero(.rub)
                    }
                }
            }
            let expected = stacked.values.reduce(Money.zero(.rub), +)
            #expect(purchase.credit == expected)
            #expect(purchase.notes.filter { $0.status == .stacked }.count == stacked.count)
            if let cancelledCredit { #expect(cancelledCredit <= expected) }
        }
    }
}
