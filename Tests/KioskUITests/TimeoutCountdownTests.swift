import KioskDomain
import Testing
@testable import KioskUI

/// WCAG 2.2.1 for a kiosk: no screen times out without warning. The last 20 s of every timeout
/// count down on screen with "More time"; the harness's clock is the injected time.
@Suite struct TimeoutCountdownTests {
    let rub = Sample.rubles

    /// The timeout journey: the countdown appears 20 s before the payment times out, "More time"
    /// keeps the purchase and starts its timeout again, and letting it run out keeps the credit.
    @Test func paymentCountdownMoreTimeThenRunOut() {
        var k = KioskHarness()
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.apply(.paymentUpdated(inserted: rub(100), notes: [rub(100)], message: nil))
        let paying = k.screen

        #expect(k.wait(99).isEmpty)
        #expect(!k.hasButton(.moreTime), "no countdown 21 s before the timeout")
        #expect(k.wait(1).isEmpty)
        #expect(k.hasButton(.moreTime))
        #expect(k.shows("ends in 20 s; your ₽100 stays as credit"))
        #expect(k.wait(5).isEmpty)
        #expect(k.shows("ends in 15 s"), "the countdown counts")

        #expect(k.tap(.moreTime).isEmpty, "more time asks nothing of the use cases")
        #expect(k.screen == paying, "the purchase is kept as it was")
        #expect(!k.hasButton(.moreTime))
        #expect(k.wait(99).isEmpty && k.screen == paying, "the full timeout again from the tap")
        #expect(k.wait(1).isEmpty && k.hasButton(.moreTime))

        #expect(k.wait(19).isEmpty)
        #expect(k.shows("ends in 1 s"))
        #expect(k.wait(1) == [.inactivityTimeout])
        #expect(k.screen == .idle)
        #expect(!k.hasButton(.moreTime))
        #expect(k.ui.model.keptCredit == rub(100))
        #expect(k.shows("Your credit of ₽100 is kept"))
    }

    /// A note going in while the countdown runs is the customer acting: the countdown goes away.
    @Test func aNoteStopsTheCountdown() {
        var k = KioskHarness()
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.wait(105)
        #expect(k.shows("closes in 15 s"))
        k.apply(.paymentUpdated(inserted: rub(50), notes: [rub(50)], message: nil))
        #expect(!k.hasButton(.moreTime))
        #expect(k.wait(99).isEmpty && !k.hasButton(.moreTime))
    }

    /// Every screen that times out counts down first, in both languages; screens that never time
    /// out (idle, printing, looking up, out of service) never show a countdown.
    @Test(arguments: MoneyFormatter.Language.allCases)
    func everyTimedScreenCountsDown(_ language: MoneyFormatter.Language) {
        let s = Strings(language)
        for (name, model) in ScreenCatalogue.all(language) {
            var k = KioskHarness(model: model)
            guard let limit = k.ui.timeout(for: model.screen) else {
                k.wait(100_000)
                #expect(!k.hasButton(.moreTime), "\(name) has no timeout but shows a countdown")
                continue
            }
            k.wait(limit - 21)
            #expect(!k.hasButton(.moreTime), "\(name): a countdown before the last 20 s")
            k.wait(1)
            #expect(k.hasButton(.moreTime), "\(name): no countdown 20 s before its timeout")
            #expect(k.texts.contains { $0.contains(s.moreTime) } && k.texts.contains { $0.contains("20") }, "\(name): \(k.texts)")
            k.tap(.moreTime)
            #expect(k.screen == model.screen, "\(name): more time changed the screen")
            k.wait(limit)
            #expect(k.screen == .idle, "\(name): never timed out")
        }
    }
}
