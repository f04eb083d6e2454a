import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

/// Large text and high contrast are switched on at the idle screen and belong to that customer:
/// they last through the purchase and end when the screen is idle again.
@Suite struct DisplayModeTests {
    let rub = Sample.rubles

    /// Switched on at idle, kept through the payment and done screens, gone for the next customer.
    @Test func modesLastForOneCustomersSession() {
        var k = KioskHarness()
        let standardSize = k.ui.theme.fontSize(.body)
        k.tap(.toggleLargeText)
        k.tap(.toggleHighContrast)
        #expect(k.ui.model.display == DisplayMode(largeText: true, highContrast: true))
        #expect(k.ui.theme.fontSize(.body) == standardSize * Theme.largeTextScale)
        #expect(k.ui.theme.palette == .highContrast)
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.apply(.paymentUpdated(inserted: rub(250), notes: [rub(200), rub(50)], message: nil))
        #expect(k.ui.theme.palette == .highContrast, "the mode stays through the payment")
        k.apply(.paid(productName: "3 hours"))
        k.apply(.ticketIssued(Sample.sale))
        #expect(k.ui.theme.fontSize(.body) > standardSize, "and on the done screen")
        k.tap(.finish)
        #expect(k.screen == .idle)
        #expect(k.ui.model.display == .standard, "the next customer gets the standard screens")
        #expect(k.ui.theme == k.ui.baseTheme)
    }

    /// Cancel and timeout end the session too; so does walking away from the idle screen with a
    /// mode on (its timeout counts down first, like every other).
    @Test func cancelTimeoutAndIdleEndTheMode() {
        var k = KioskHarness()
        k.tap(.toggleLargeText)
        k.tap(.startRefill)
        #expect(k.ui.model.display.largeText)
        k.tap(.cancel)
        #expect(k.screen == .idle && k.ui.model.display == .standard)

        k.tap(.toggleHighContrast)
        k.tap(.choosePlan("hour"))
        k.apply(.paymentStarted(Sample.payment()))
        k.wait(200)
        #expect(k.screen == .idle && k.ui.model.display == .standard, "a timed-out payment ends it")

        k.tap(.toggleHighContrast)
        #expect(k.wait(39).isEmpty && !k.hasButton(.moreTime))
        k.wait(1)
        #expect(k.hasButton(.moreTime), "idle with a mode on counts down")
        k.tap(.moreTime)
        #expect(k.ui.model.display.highContrast, "more time keeps it")
        k.wait(60)
        #expect(k.ui.model.display == .standard)
        #expect(k.wait(10_000).isEmpty && !k.hasButton(.moreTime), "the standard idle screen never times out")
    }

    /// Staff work in the standard screens; a 7″ panel offers high contrast only (all its text
    /// already sits at the ADA floor with three rows of 15 mm targets: `Theme.offersLargeText`).
    @Test func staffScreensAndTheSmallPanel() {
        var k = KioskHarness()
        k.tap(.toggleHighContrast)
        k.staffGesture()
        #expect(k.screen == .staffPIN(PINEntry()))
        #expect(k.ui.model.display == .standard && k.ui.theme == k.ui.baseTheme)

        var small = KioskHarness(resolution: Resolution.all[2])
        #expect(!small.hasButton(.toggleLargeText) && small.hasButton(.toggleHighContrast))
        small.tap(.toggleHighContrast)
        #expect(small.ui.theme.palette == .highContrast)
    }

    /// The switches are lit while on, in both languages, and a tap turns them off again.
    @Test(arguments: MoneyFormatter.Language.allCases)
    func switchesShowTheirState(_ language: MoneyFormatter.Language) {
        let s = Strings(language)
        var k = KioskHarness(model: Sample.model(.idle, language: language))
        func style(_ action: UIAction) -> ButtonStyle? {
            k.ui.layout.flattened().lazy.compactMap { node -> ButtonStyle? in
                if case let .button(_, _, style, a, _, _) = node.kind, a == action { return style }
                return nil
            }.first
        }
        #expect(k.shows(s.largeText) && k.shows(s.highContrast))
        #expect(style(.toggleLargeText) == .secondary)
        k.tap(.toggleLargeText)
        #expect(style(.toggleLargeText) == .selected && style(.toggleHighContrast) == .secondary)
        k.tap(.toggleLargeText)
        #expect(k.ui.model.display == .standard)
    }

    /// The renderer follows the controller's theme: a mode switched on redraws the whole frame.
    @Test func rendererRedrawsWholeFrameInTheNewTheme() {
        var k = KioskHarness()
        let r = Resolution.all[0]
        let renderer = ViewRenderer(theme: k.ui.theme, font: TestFonts.font)
        let canvas = Canvas(buffer: PixelBuffer(width: r.width, height: r.height, format: .xrgb8888))
        renderer.render(k.ui.layout, on: canvas)
        k.tap(.toggleHighContrast)
        renderer.setTheme(k.ui.theme)
        let damage = renderer.render(k.ui.layout, on: canvas)
        #expect(damage == [canvas.bounds])
        #expect(Image(copying: canvas.buffer).color(x: 2, y: 2) == Palette.highContrast.background)
    }
}
