import Foundation
import KioskDomain
import Testing
@testable import KioskUI

/// Scripted customer journeys: taps on the screen, the use cases' answers played by the test.
@Suite struct CustomerJourneyTests {
    let rub = Sample.rubles

    /// Plan → pay the exact price → printing → done with the code, QR and "take your receipt".
    @Test func exactCash() {
        var k = KioskHarness()
        #expect(k.tap(.choosePlan("3h")) == [.choosePlan(id: "3h")])
        k.apply(.paymentStarted(Sample.payment()))
        #expect(k.shows("Still to pay") && k.shows("₽250"))
        k.apply(.paymentUpdated(inserted: rub(200), notes: [rub(200)], message: nil))
        #expect(k.shows("₽50"))
        k.apply(.paymentUpdated(inserted: rub(250), notes: [rub(200), rub(50)], message: nil))
        k.apply(.paid(productName: "3 hours"))
        #expect(k.shows("Printing your receipt"))
        #expect(k.ui.layout.buttons.isEmpty)   // nothing to press while the printer works
        k.apply(.ticketIssued(Sample.sale))
        #expect(k.shows(Sample.code.grouped) && k.shows("Take your receipt"))
        #expect(k.ui.layout.flattened().contains { if case .qr = $0.kind { true } else { false } })
        #expect(k.tap(.finish) == [.saleFinished])
        #expect(k.screen == .idle)
    }

    /// A note larger than what is owed is given back with a message; a smaller one completes it.
    @Test func overpaymentNoteIsReturned() {
        var k = KioskHarness()
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.apply(.paymentUpdated(inserted: rub(200), notes: [rub(200)], message: nil))
        k.apply(.paymentUpdated(inserted: rub(200), notes: [rub(200)], message: .noteReturnedWouldOverpay(rub(500))))
        #expect(k.shows("The ₽500 note was given back"))
        #expect(k.shows("₽50"))
        k.apply(.paymentUpdated(inserted: rub(250), notes: [rub(200), rub(50)], message: nil))
        #expect(!k.shows("given back"))
        k.apply(.paid(productName: "3 hours"))
        var sale = Sample.sale
        sale.surplusNote = nil
        k.apply(.ticketIssued(sale))
        #expect(k.shows(Sample.code.grouped))
    }

    /// Under the keep-and-credit policy the surplus is shown on the done screen.
    @Test func overpaymentKeptAsExtraTimeIsShown() {
        var k = KioskHarness()
        k.tap(.choosePlan("hour"))
        k.apply(.paymentStarted(PaymentState(product: .ticket(planID: "hour"), productName: "1 hour", price: rub(100),
                                             inserted: .zero(.rub), acceptedNotes: Sample.notes)))
        k.apply(.paymentUpdated(inserted: rub(200), notes: [rub(200)], message: nil))
        #expect(k.shows("₽0"))   // still to pay never goes negative
        k.apply(.paid(productName: "1 hour"))
        var sale = Sample.sale
        sale.surplusNote = rub(100)
        k.apply(.ticketIssued(sale))
        #expect(k.shows("Extra ₽100 added to your code"))
    }

    /// Cancel after one note: the use case keeps it as credit, the idle screen shows it, and the
    /// next purchase starts with it.
    @Test func cancelMidPaymentKeepsCredit() {
        var k = KioskHarness()
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.apply(.paymentUpdated(inserted: rub(100), notes: [rub(100)], message: nil))
        #expect(k.shows("Cancel — money in is kept as credit"))
        #expect(k.tap(.cancel) == [.cancelPayment])
        #expect(k.screen == .payment(Sample.payment(inserted: 100, notes: [100])))   // until the use case answers
        k.apply(.paymentCancelled(keptCredit: rub(100)))
        #expect(k.shows("Your credit of ₽100 is kept"))
        k.tap(.finish)
        #expect(k.screen == .idle)
        #expect(k.shows("Your credit of ₽100 is kept"))
        k.tap(.choosePlan("hour"))
        k.apply(.paymentStarted(PaymentState(product: .ticket(planID: "hour"), productName: "1 hour", price: rub(100),
                                             inserted: rub(100), acceptedNotes: Sample.notes)))
        #expect(k.ui.model.keptCredit == nil)
    }

    /// Cancel before any money: nothing taken.
    @Test func cancelWithoutMoney() {
        var k = KioskHarness(model: Sample.model(language: .ru))
        k.tap(.choosePlan("hour"))
        k.apply(.paymentStarted(Sample.payment()))
        #expect(k.shows("Отмена"))
        #expect(k.tap(.cancel) == [.cancelPayment])
        k.apply(.paymentCancelled(keptCredit: nil))
        #expect(k.shows("Деньги не списаны."))
    }

    /// Time for an amount: "Done" is enabled only above the minimum and reports minutes.
    @Test func timeForAmount() {
        var k = KioskHarness()
        #expect(k.tap(.buyTime) == [.buyTimeForAmount])
        k.apply(.paymentStarted(PaymentState(product: .timeForAmount(Sample.rate), productName: "Time", price: nil,
                                             inserted: .zero(.rub), acceptedNotes: Sample.notes)))
        #expect(!k.hasButton(.confirmAmount))
        k.apply(.paymentUpdated(inserted: rub(50), notes: [rub(50)], message: nil))
        #expect(k.shows("25 min internet"))   // ⌈50 × 60 / 120⌉
        #expect(k.tap(.confirmAmount) == [.confirmAmount])
    }

    /// Refill by ticket code typed on the keyboard: the check symbol is verified as it is typed.
    @Test func refillOfATicketCode() {
        var k = KioskHarness()
        k.tap(.startRefill)
        let code = Sample.code.canonical
        let wrongCheck: Character = code.last == "Z" ? "Y" : "Z"
        k.type(String(code.dropLast()) + String(wrongCheck))
        #expect(k.shows("The code has a typo"))
        #expect(!k.hasButton(.submitEntry))
        k.tap(.backspace)
        k.type(String(code.last!))
        #expect(k.shows("Code looks right"))
        #expect(k.shows(Sample.code.grouped))
        #expect(k.tap(.submitEntry) == [.lookUpRefill(.code(Sample.code))])
        #expect(k.shows("Looking up"))
        k.apply(.refillFound(RefillAccount(query: .code(Sample.code), balances: Balances([.internetMinutes: 30]))))
        #expect(k.shows("30 min internet"))
        #expect(k.tap(.chooseRefillPlan("r200")) == [.chooseRefillPlan(id: "r200", target: .code(Sample.code))])
        k.apply(.paymentStarted(PaymentState(product: .refill(planID: "r200", target: .code(Sample.code)), productName: "Top-up 200",
                                             price: rub(200), inserted: .zero(.rub), acceptedNotes: Sample.notes)))
        k.apply(.paymentUpdated(inserted: rub(200), notes: [rub(200)], message: nil))
        k.apply(.paid(productName: "Top-up 200"))
        k.apply(.refillApplied(RefillResult(query: .code(Sample.code), added: .minutes(120, .internet),
                                            balances: Balances([.internetMinutes: 150]))))
        #expect(k.shows("New balance") && k.shows("2 h 30 min internet"))
        #expect(k.tap(.finish) == [.saleFinished])
    }

    /// Refill of an account by username.
    @Test func refillOfAnAccount() {
        var k = KioskHarness()
        k.tap(.startRefill)
        k.tap(.setEntryMode(.username))
        k.type("ivan.petrov")
        #expect(k.tap(.submitEntry) == [.lookUpRefill(.username("ivan.petrov"))])
        k.apply(.refillFound(Sample.account))
        #expect(k.shows("Top up: ivan.petrov"))
        #expect(k.shows("45 min internet") && k.shows("2 h games"))
    }

    /// Store offline: refills of unknown accounts are refused politely; tickets still sell.
    @Test func storeOfflineRefillUnavailableTicketsStillSell() {
        var k = KioskHarness()
        k.apply(.statusChanged(DeviceStatus(store: .fault("timeout"))))
        #expect(k.shows("Known tickets only: store offline"))
        #expect(k.hasButton(.choosePlan("hour")))
        k.tap(.startRefill)
        k.tap(.setEntryMode(.username))
        k.type("olga")
        k.tap(.submitEntry)
        k.apply(.refillFailed(.refillUnavailableOffline))
        #expect(k.shows("cannot reach the server") && k.shows("Tickets are still on sale"))
        k.tap(.finish)
        #expect(k.screen == .idle)
        #expect(k.tap(.choosePlan("hour")) == [.choosePlan(id: "hour")])
    }

    /// Printer out of paper mid-sale: the code stays on screen for five minutes, not one.
    @Test func printerOutOfPaperMidSale() {
        var k = KioskHarness()
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.apply(.paymentUpdated(inserted: rub(250), notes: [rub(50), rub(200)], message: nil))
        k.apply(.paid(productName: "3 hours"))
        k.apply(.statusChanged(DeviceStatus(printer: .fault("out of paper"))))
        var sale = Sample.sale
        sale.receipt = .paperOut
        k.apply(.ticketIssued(sale))
        #expect(k.shows(Sample.code.grouped))
        #expect(k.shows("The printer is out of paper"))
        #expect(!k.shows("Take your receipt"))
        #expect(k.wait(120).isEmpty)
        #expect(k.shows(Sample.code.grouped))
        #expect(k.wait(200) == [.saleFinished])
        #expect(k.screen == .idle)
        // Tickets still sell without a printer: the code is shown on screen.
        #expect(k.hasButton(.choosePlan("hour")))
    }

    /// Walking away mid-payment: back to idle after the timeout, the money kept and shown.
    @Test func inactivityTimeoutKeepsCredit() {
        var k = KioskHarness()
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.wait(100)
        k.apply(.paymentUpdated(inserted: rub(150), notes: [rub(100), rub(50)], message: nil))   // a note resets the clock
        #expect(k.wait(100).isEmpty)
        #expect(k.wait(30) == [.inactivityTimeout])
        #expect(k.screen == .idle)
        #expect(k.ui.model.keptCredit == rub(150))
        #expect(k.shows("Your credit of ₽150 is kept"))
        k.apply(.creditKept(rub(150)))   // the use case confirms the recorded credit
        #expect(k.shows("₽150"))
    }

    /// Idle browsing screens time out silently; idle itself never does.
    @Test func browsingTimesOut() {
        var k = KioskHarness()
        k.tap(.startRefill)
        k.type("01")
        #expect(k.wait(59).isEmpty)
        #expect(k.screen != .idle)
        k.wait(2)
        #expect(k.screen == .idle)
        #expect(k.wait(10_000).isEmpty)
    }

    /// Language switch changes every label at once.
    @Test func languageChoice() {
        var k = KioskHarness()
        #expect(k.shows("Tickets on sale now"))
        #expect(k.tap(.setLanguage(.ru)) == [.languageChanged(.ru)])
        #expect(k.shows("Билеты в продаже сейчас"))
        #expect(k.shows("1 hour — 100\u{00A0}₽"))
    }

    /// Only plans on sale now, in this zone, are offered.
    @Test func plansFilteredBySalesWindowAndZone() {
        var k = KioskHarness()
        #expect(k.hasButton(.choosePlan("day")))      // Wednesday 14:30, Mon–Fri 09–18
        #expect(!k.hasButton(.choosePlan("night")))   // VIP zone only, 22–08
        k.apply(.clock(Sample.now.addingTimeInterval(6 * 3600)))   // 20:30
        #expect(!k.hasButton(.choosePlan("day")))
    }

    /// Sales closed (SalesReadiness said so, here for a jam) take the kiosk out of service with
    /// the phone number; credit is still shown. A fault alone decides nothing: the rule does.
    @Test func deviceFaultShowsOutOfService() {
        var k = KioskHarness()
        k.apply(.creditKept(rub(50)))
        k.apply(.statusChanged(DeviceStatus(cashAcceptor: .fault("jammed"))))
        #expect(k.hasButton(.choosePlan("hour")))
        k.apply(.statusChanged(DeviceStatus(cashAcceptor: .fault("jammed"), salesClosedReason: "bill acceptor: jammed")))
        #expect(k.shows("Out of service") && k.shows("+7 900 123-45-67") && k.shows("₽50"))
        #expect(k.ui.layout.buttons.isEmpty)
        k.apply(.statusChanged(DeviceStatus()))
        #expect(k.hasButton(.choosePlan("hour")))
    }

    /// Physical keys work like the on-screen keyboard.
    @Test func hardwareKeyboard() {
        var k = KioskHarness()
        k.tap(.startRefill)
        for ch in Sample.code.canonical.lowercased() { _ = k.ui.handle(.character(ch), at: k.time) }
        #expect(k.ui.handle(.enter, at: k.time) == [.lookUpRefill(.code(Sample.code))])
    }
}
