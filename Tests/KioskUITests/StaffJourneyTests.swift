import Foundation
import KioskDomain
import Testing
@testable import KioskUI

@Suite struct StaffJourneyTests {
    /// Hidden gesture → PIN → a wrong PIN, then the right one → cash collection counted by hand
    /// with collector and bag number → confirmed → back out.
    @Test func pinThenCashCollection() {
        var k = KioskHarness()
        k.staffGesture()
        #expect(k.screen == .staffPIN(PINEntry()))
        for d in [1, 2, 3, 4, 5, 9] { k.tap(.pinDigit(d)) }
        #expect(k.tap(.pinSubmit) == [.staffPIN("123459")])
        k.apply(.staffPINResult(.wrong(attemptsLeft: 4)))
        #expect(k.shows("Wrong PIN. 4 attempts left."))
        for d in [1, 2, 3, 4, 5, 6] { k.tap(.pinDigit(d)) }
        #expect(!k.shows("Wrong PIN"))
        #expect(k.tap(.pinSubmit) == [.staffPIN("123456")])
        k.apply(.staffPINResult(.accepted))
        #expect(k.screen == .staffMenu)

        #expect(k.tap(.staffOpen(.collection)) == [.staffPageOpened(.collection)])
        guard case .staffCollection(let form) = k.screen else { Issue.record("not on collection: \(k.screen)"); return }
        #expect(form.expected == [5000: 12, 10000: 30, 50000: 4, 100000: 2])
        #expect(form.expectedTotal == Sample.rubles(7600))
        #expect(!k.hasButton(.confirmCollection))   // collector and bag are required
        k.tap(.adjustCount(denomination: 10000, delta: -1))
        k.tap(.adjustCount(denomination: 10000, delta: -1))
        k.tap(.adjustCount(denomination: 10000, delta: 1))
        #expect(k.shows("−₽100"))
        k.tap(.editCollectionField(.collector))
        k.type("anna")
        k.tap(.submitEntry)
        k.tap(.editCollectionField(.bag))
        k.type("b-77")
        k.tap(.submitEntry)
        #expect(k.shows("Collector: anna") && k.shows("Bag / seal no.: b-77"))
        let out = k.tap(.confirmCollection)
        var expected = CollectionForm(currency: .rub, expected: [5000: 12, 10000: 30, 50000: 4, 100000: 2])
        expected.counted[10000] = 29
        expected.collector = "anna"
        expected.bag = "b-77"
        #expect(out == [.confirmCollection(expected)])
        k.apply(.staffMessage(.collectionRecorded(Sample.rubles(7500))))
        #expect(k.shows("Collection of ₽7,500 recorded."))
        k.tap(.staffOpen(.menu))
        #expect(k.tap(.staffExit) == [.staffLeft])
        #expect(k.screen == .idle)
    }

    /// Five failures: the use case locks entry and the keypad goes dead.
    @Test func lockedPINEntry() {
        var k = KioskHarness()
        k.staffGesture()
        k.apply(.staffPINResult(.locked(minutesLeft: 15)))
        #expect(k.shows("Entry is locked for 15 min"))
        #expect(!k.hasButton(.pinDigit(1)))
        #expect(k.ui.handle(.character("1"), at: k.time).isEmpty)
        #expect(k.screen == .staffPIN(PINEntry(message: .locked(minutesLeft: 15))))
    }

    /// Fewer than six digits is refused before it reaches the use case.
    @Test func shortPINIsRefusedLocally() {
        var k = KioskHarness()
        k.staffGesture()
        for d in [1, 2, 3, 4, 5] { k.tap(.pinDigit(d)) }
        #expect(!k.hasButton(.pinSubmit))
        #expect(k.ui.handle(.enter, at: k.time).isEmpty)
        #expect(k.shows("at least 6 digits"))
    }

    /// The gesture needs all four taps in order, within the window; a wrong order does nothing.
    @Test func gestureMustBeExact() {
        var k = KioskHarness()
        let pts = StaffGesture.points(in: k.ui.theme.reachableArea, cornerSide: k.ui.gestureCornerSide)
        for p in [pts[0], pts[1], pts[3], pts[2]] { k.tap(at: p) }
        #expect(k.screen == .idle)
        k.tap(at: pts[0]); k.tap(at: pts[1]); k.tap(at: pts[2])
        k.time += 10
        k.tap(at: pts[3])
        #expect(k.screen == .idle)
        #expect(k.intents.isEmpty)
        k.staffGesture()
        #expect(k.screen == .staffPIN(PINEntry()))
    }

    /// The menu's other duties produce their intents; the out-of-service switch takes the
    /// customer screen down.
    @Test func menuActions() {
        var k = KioskHarness()
        k.staffGesture()
        k.apply(.staffPINResult(.accepted))
        #expect(k.tap(.reprintLastReceipt) == [.reprintLastReceipt])
        k.apply(.staffMessage(.receiptReprinted))
        #expect(k.shows("Last receipt sent to the printer."))
        k.tap(.staffOpen(.menu))
        k.tap(.staffOpen(.vouchers))
        k.tap(.chooseVoucherPlan("hour"))
        k.tap(.adjustVoucherCount(10))
        k.tap(.adjustVoucherCount(-1))
        #expect(k.tap(.printVouchers) == [.printVouchers(planID: "hour", count: 19)])
        k.tap(.staffOpen(.menu))
        k.tap(.staffOpen(.credits))
        #expect(k.shows("CR-0007") && k.shows("₽200"))
        k.tap(.staffOpen(.menu))
        k.apply(.statusChanged(DeviceStatus(printer: .fault("out of paper"), store: .fault("offline"))))
        k.tap(.staffOpen(.deviceStatus))
        #expect(k.shows("out of paper") && k.shows("offline"))
        k.tap(.staffOpen(.menu))
        #expect(k.tap(.toggleOutOfService) == [.setOutOfService(true)])
        k.tap(.staffExit)
        #expect(k.shows("Out of service"))
        k.staffGesture()
        k.apply(.staffPINResult(.accepted))
        #expect(k.tap(.toggleOutOfService) == [.setOutOfService(false)])
    }

    /// Staff screens left open time out back to idle.
    @Test func staffTimesOut() {
        var k = KioskHarness()
        k.staffGesture()
        #expect(k.wait(121) == [.staffLeft])
        #expect(k.screen == .idle)
    }
}
