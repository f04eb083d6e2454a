import Testing
import KioskGraphics
@testable import KioskDisplay

@Suite struct StalePagesTests {
    let screen = Rect(x: 0, y: 0, width: 800, height: 480)
    let button = Rect(x: 10, y: 10, width: 100, height: 50)
    let label = Rect(x: 200, y: 300, width: 80, height: 20)

    @Test func eachPageGetsTheWholeScreenOnceThenWhatItMissed() {
        var pages = StalePages(screen: screen)
        #expect(pages.rectsToCopy(into: 0, damage: [button]) == [screen, button])
        // Page 1 missed the button too (inside its whole-screen copy, so copied twice: harmless).
        #expect(pages.rectsToCopy(into: 1, damage: [label]) == [screen, button, label])
        // Page 0 was shown while the label changed on page 1: it lacks the label, not the button.
        #expect(pages.rectsToCopy(into: 0, damage: []) == [label])
        #expect(pages.rectsToCopy(into: 1, damage: []) == [])
    }

    @Test func aSinglePageSinkCarriesNoDamageOver() {
        var pages = StalePages(screen: screen)
        #expect(pages.rectsToCopy(into: 0, damage: [button], otherPageShown: false) == [screen, button])
        #expect(pages.rectsToCopy(into: 0, damage: [label], otherPageShown: false) == [label])
    }
}
