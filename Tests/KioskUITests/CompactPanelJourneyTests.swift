import KioskDomain
import Testing
@testable import KioskUI

/// The 7″ panel's own layouts, used as a person would: pages turned with their buttons, a code
/// typed over the keyboard's two pages, the collection form paged. Each tap goes through the
/// layout (`KioskHarness.tap`), so a button missing from the page a person is on fails here.
@Suite struct CompactPanelJourneyTests {
    static let compact = Resolution(width: 800, height: 480, dpi: 133)
    let rub = Sample.rubles

    /// With a kept credit the idle screen holds four cells: three plans and "More ▸", then "◂ Back",
    /// "Any amount" and "Top up" on the second page; a new screen starts again on its first page.
    @Test func idlePagesToTheRestOfThePlans() {
        var model = Sample.model()
        model.keptCredit = rub(150)
        var k = KioskHarness(resolution: Self.compact, model: model)
        #expect(k.hasButton(.choosePlan("hour")) && !k.hasButton(.startRefill))
        k.tap(.showPage(1))
        #expect(k.hasButton(.startRefill) && !k.hasButton(.choosePlan("hour")))
        k.tap(.startRefill)
        #expect(k.ui.model.page == 0, "the keyboard opens on its letters")
        k.tap(.cancel)
        #expect(k.screen == .idle && k.hasButton(.choosePlan("hour")))
    }

    /// A code has letters and digits: "123 ▸" and "◂ ABC" turn the keyboard's page, ⌫ is always there.
    @Test func aCodeIsTypedOverBothKeyboardPages() {
        var k = KioskHarness(resolution: Self.compact)
        k.tap(.startRefill)
        for ch in Sample.code.canonical {
            let digit = ch.isNumber
            if digit != (k.ui.model.page == 1) { k.tap(.showPage(digit ? 1 : 0)) }
            k.tap(.key(ch))
        }
        k.tap(.backspace)
        k.tap(.key(Sample.code.canonical.last!))
        #expect(k.tap(.submitEntry) == [.lookUpRefill(.code(Sample.code))])
        k.apply(.refillFound(Sample.account))
        #expect(k.shows("ivan.petrov: 45 min internet · 2 h games"))
        #expect(k.tap(.chooseRefillPlan("r500")) == [.chooseRefillPlan(id: "r500", target: .username("ivan.petrov"))])
    }

    /// The staff gesture, the two-row PIN keypad, and the collection form page by page.
    @Test func cashCollectionPageByPage() {
        var k = KioskHarness(resolution: Self.compact)
        k.staffGesture()
        for d in [1, 2, 3, 4, 5, 6] { k.tap(.pinDigit(d)) }
        #expect(k.tap(.pinSubmit) == [.staffPIN("123456")])
        k.apply(.staffPINResult(.accepted))
        k.tap(.staffOpen(.collection))
        k.tap(.editCollectionField(.collector))
        k.type("anna")
        k.tap(.submitEntry)
        k.tap(.editCollectionField(.bag))
        k.tap(.showPage(1))
        k.type("77")
        k.tap(.submitEntry)
        #expect(k.shows("Collector: anna") && k.shows("Bag / seal no.: 77"))
        k.tap(.showPage(1))
        k.tap(.adjustCount(denomination: 10000, delta: -1))
        #expect(k.shows("Cash collection 2/3"))
        k.tap(.showPage(2))
        #expect(k.shows("−₽100"), "the difference on the last page")
        k.tap(.adjustCount(denomination: 100000, delta: 1))
        #expect(k.tap(.confirmCollection).count == 1)
    }
}
