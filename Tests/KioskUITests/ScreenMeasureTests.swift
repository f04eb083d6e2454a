import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

/// Every screen the kiosk can show (all kinds, from `KioskScreen.Kind.allCases`), in every
/// language, on every supported panel, measured against `ScreenRules`: text contrast against what
/// is drawn under it, cap height and touch targets in millimetres at the panel's real DPI, no
/// label cut short or spilling out of its control, every control inside the reach band.
@Suite struct ScreenMeasureTests {
    /// Every supported panel in every display mode a customer can switch on there.
    static let panelsInModes = Panel.supported.flatMap { panel in panel.theme.displayModes.map { PanelInMode(panel: panel, mode: $0) } }

    /// Staff screens are always drawn in the standard mode (a customer's mode ends when staff open them).
    static func shown(_ kind: KioskScreen.Kind, in mode: DisplayMode) -> Bool {
        mode.isStandard || !KioskScreen.Kind.staff.contains(kind)
    }

    @Test(arguments: panelsInModes, MoneyFormatter.Language.allCases)
    func everyScreenMeetsTheRules(_ setup: PanelInMode, _ language: MoneyFormatter.Language) {
        let panel = setup.panel
        let measurer = ScreenMeasurer(panel: panel, mode: setup.mode)
        let builder = ScreenBuilder(theme: measurer.theme, qr: LibQREncoder())
        for kind in KioskScreen.Kind.allCases where Self.shown(kind, in: setup.mode) {
            for (name, sample) in ScreenCatalogue.samples(of: kind, language) {
                var model = sample
                model.display = setup.mode
                for (page, view) in Self.everyPage(of: model, builder) {
                    for finding in measurer.measure(view, screen: "\(name)\(page == 0 ? "" : " page \(page + 1)") \(language.rawValue) \(setup)") {
                        Issue.record("\(finding)")
                    }
                }
            }
        }
    }

    /// A screen and every further page of it: a list too long for the panel is shown a page at a
    /// time (`UIAction.showPage`), and each page is a screen a customer sees, so each is measured.
    /// Pages are found by following the page buttons, not listed.
    static func everyPage(of model: KioskScreenModel, _ builder: ScreenBuilder) -> [(Int, View)] {
        var pages: [(Int, View)] = []
        var toVisit = [0], seen: Set<Int> = [0]
        while let page = toVisit.popLast() {
            var paged = model
            paged.page = page
            let view = builder.build(paged)
            pages.append((page, view))
            for case let .showPage(next) in view.actions where !seen.contains(next) {
                seen.insert(next)
                toVisit.append(next)
            }
        }
        return pages.sorted { $0.0 < $1.0 }
    }

    /// The sweep above covers every kind of screen: each has samples, and they are of that kind.
    @Test func everyKindHasSamples() {
        for kind in KioskScreen.Kind.allCases {
            let samples = ScreenCatalogue.samples(of: kind, .en)
            #expect(!samples.isEmpty, "screen kind \(kind) has no sample to measure")
            for (name, model) in samples {
                #expect(model.screen.kind == kind, "sample \(name) is listed under \(kind) but is a \(model.screen.kind)")
            }
        }
    }

    /// A 32″ portrait panel hung with its bottom edge at 800 mm puts its top 290 mm out of reach.
    /// Its mounting height in the theme (as `[devices] mounting_height_mm` gives it), every screen
    /// fits below 1220 mm, in every language and mode, and meets every other rule there too.
    @Test(arguments: DisplayMode.all)
    func aTallPanelHungHighKeepsEveryControlInReach(_ mode: DisplayMode) {
        let panel = Panel.tallPortrait
        let measurer = ScreenMeasurer(panel: panel, mode: mode)
        #expect(measurer.theme.unreachable.top > 0 && measurer.theme.unreachable.bottom == 0)
        let builder = ScreenBuilder(theme: measurer.theme, qr: LibQREncoder())
        for language in MoneyFormatter.Language.allCases {
            for (name, sample) in ScreenCatalogue.all(language) where Self.shown(sample.screen.kind, in: mode) {
                var model = sample
                model.display = mode
                for finding in measurer.measure(builder.build(model), screen: "\(name) \(language.rawValue) \(panel.name) \(mode)") {
                    Issue.record("\(finding)")
                }
            }
        }
    }

    /// The same panel drawn as if it hung lower (no mounting height in its theme): the reach rule
    /// names the controls whose top is above 1220 mm, and only those.
    @Test func reachRuleFlagsControlsAboveTheBandWhenTheLayoutIgnoresTheMounting() {
        let panel = Panel.tallPortrait
        let measurer = ScreenMeasurer(panel: panel, theme: panel.resolution.theme)
        let builder = ScreenBuilder(theme: measurer.theme, qr: LibQREncoder())
        var flagged = 0
        for (name, model) in ScreenCatalogue.all(.en) {
            let layout = LayoutEngine(theme: measurer.theme, font: TestFonts.font)
                .layout(builder.build(model), in: Rect(x: 0, y: 0, width: panel.resolution.width, height: panel.resolution.height))
            let limitY = Double(panel.resolution.height) - (1220 - panel.bottomAboveFloor) / 25.4 * panel.resolution.dpi
            let high = layout.flattened().filter { if case .button = $0.kind { Double($0.frame.minY) < limitY } else { false } }
            let reach = measurer.measure(layout, screen: name).filter { $0.rule == .reach }
            #expect(reach.count == high.count, "\(name): \(high.count) controls start above 1220 mm, the rule names \(reach.count)")
            flagged += reach.count
        }
        #expect(flagged > 0, "nothing on a 32″ panel at 800 mm reaches above 1220 mm?")
    }
}

/// Each rule, fed a deliberately bad screen, reports it: the sweep above can fail.
@Suite struct ScreenRulePlantedViolationTests {
    let panel = Panel.supported[0]
    var bounds: Rect { Rect(x: 0, y: 0, width: panel.resolution.width, height: panel.resolution.height) }

    func findings(_ view: View, theme: Theme? = nil, panel: Panel? = nil) -> [Finding] {
        ScreenMeasurer(panel: panel ?? self.panel, theme: theme).measure(view, screen: "planted")
    }

    @Test func contrastRuleFlagsGreyOnNavy() {
        var palette = Palette.standard
        palette.mutedText = Color(rgb: 0x3A4A5C)   // about 1.9:1 on the navy ground
        let theme = Theme(size: Size(width: 1920, height: 1080), dpi: 102, palette: palette)
        let view = View.column([.text("Plans on sale now", TextStyle(.body, .muted)), .spacer()], padding: 40)
        let found = findings(view, theme: theme).filter { $0.rule == .contrast }
        #expect(found.count == 1)
        #expect(found.first?.measured.hasPrefix("1.") == true, "\(found)")
        #expect(findings(view).filter { $0.rule == .contrast }.isEmpty, "the standard palette passes the same screen")
    }

    /// High-contrast mode asks 7:1: grey on black at about 5:1 passes the standard rule, not that one.
    @Test func highContrastRuleFlagsTextUnderSevenToOne() {
        var palette = Palette.highContrast
        palette.mutedText = Color(rgb: 0x808080)   // 5.3:1 on black
        let theme = Theme(size: Size(width: 1920, height: 1080), dpi: 102, palette: palette)
        let view = View.column([.text("Plans on sale now", TextStyle(.body, .muted)), .spacer()], padding: 40)
        let strict = ScreenMeasurer(panel: panel, mode: DisplayMode(highContrast: true), theme: theme).measure(view, screen: "planted")
        let found = strict.filter { $0.rule == .contrast }
        #expect(found.count == 1 && found.first?.measured.hasPrefix("5.") == true, "\(found)")
        #expect(findings(view, theme: theme).filter { $0.rule == .contrast }.isEmpty, "5:1 meets the standard 4.5:1")
        let shipped = ScreenMeasurer(panel: panel, mode: DisplayMode(highContrast: true)).measure(view, screen: "shipped")
        #expect(shipped.filter { $0.rule == .contrast }.isEmpty, "the high-contrast palette meets 7:1")
    }

    @Test func contrastRuleFlagsTextTheColourOfItsGround() {
        var palette = Palette.standard
        palette.mutedText = palette.background
        let theme = Theme(size: Size(width: 1920, height: 1080), dpi: 102, palette: palette)
        let found = findings(.column([.text("Invisible", TextStyle(.body, .muted)), .spacer()], padding: 40), theme: theme)
        #expect(found.contains { $0.rule == .contrast && $0.measured.hasPrefix("1.0:1") }, "\(found)")
    }

    @Test func capHeightRuleFlagsTextMadeForAnotherDensity() {
        // Sizes chosen for 102 dpi, shown on a 300 dpi panel of the same pixels: 30 px captions are 1.8 mm.
        let dense = Panel(name: "dense", resolution: Resolution(width: 1920, height: 1080, dpi: 300), bottomAboveFloor: 850)
        let theme = panel.resolution.theme
        let view = View.column([.text("Note", TextStyle(.caption, .muted)), .spacer()], padding: 40)
        let found = findings(view, theme: theme, panel: dense).filter { $0.rule == .capHeight }
        #expect(found.count == 1, "\(found)")
        #expect(findings(view).filter { $0.rule == .capHeight }.isEmpty)
    }

    @Test func targetRuleFlagsASmallButton() {
        let view = View.column([.row([.button("+", style: .key, action: .backspace, length: .fixed(30)), .spacer()],
                                     length: .fixed(80)), .spacer()], padding: 40)
        let found = findings(view).filter { $0.rule == .targetSize }
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.measured.hasPrefix("7.5 × ") == true, "\(found)")
    }

    @Test func truncationRuleFlagsALabelCutShort() {
        let long = "Confirm the collection of every note in the cash box now"
        let view = View.column([.row([.text(long, TextStyle(.body, maxLines: 1), length: .fixed(300)), .spacer()]), .spacer()], padding: 40)
        let found = findings(view).filter { $0.rule == .truncated }
        #expect(found.count == 1 && found[0].measured.contains("…"), "\(found)")
    }

    @Test func clippingRuleFlagsALabelTallerThanItsButton() {
        // Like the old collection steppers: a label taller than the button's room inside its padding.
        let view = View.column([.row([.button("Confirm collection", style: .primary, action: .confirmCollection, length: .fixed(400)),
                                      .spacer()], length: .fixed(40)), .spacer()], padding: 40)
        let found = findings(view).filter { $0.rule == .clipped }
        #expect(found.count == 1, "\(found)")
        let tiny = View.column([.row([.button("−", style: .secondary, action: .backspace, length: .fixed(25)), .spacer()],
                                     length: .fixed(25)), .spacer()], padding: 40)
        #expect(findings(tiny).contains { $0.rule == .clipped && $0.measured.hasPrefix("no room") }, "a label with no room at all")
        let text = View.column([.text("Cash collection", TextStyle(.title), length: .fixed(20)), .spacer()], padding: 40)
        #expect(findings(text).contains { $0.rule == .clipped }, "a 20 px box cannot hold a title line")
    }

    @Test func splitWordRuleFlagsAWordTooWideForItsBox() {
        let view = View.column([.row([.text("Пополнение", TextStyle(.title), length: .fixed(230)), .spacer()]), .spacer()], padding: 40)
        let found = findings(view).filter { $0.rule == .splitWord }
        #expect(found.count == 1, "\(found)")
        let fine = View.column([.row([.text("Cash collection", TextStyle(.title), length: .fixed(300)), .spacer()]), .spacer()], padding: 40)
        #expect(findings(fine).filter { $0.rule == .splitWord }.isEmpty, "a break at a space is fine")
    }

    /// An amount is one word: "1 000 ₽" split over two lines is flagged like a split word, and
    /// "Notes up to" with its amount on the next line is not.
    @Test func splitWordRuleFlagsAnAmountBrokenInside() {
        let amount = "1\u{00A0}000\u{00A0}₽"
        let narrow = View.column([.row([.text(amount, TextStyle(.title), length: .fixed(150)), .spacer()]), .spacer()], padding: 40)
        let found = findings(narrow).filter { $0.rule == .splitWord }
        #expect(found.count == 1, "\(found)")
        let caption = "Купюры до " + amount
        let width = Int(TextLayout.measure(caption, font: TestFonts.font, size: panel.theme.fontSize(.title))) - 20
        let wrapped = View.column([.row([.text(caption, TextStyle(.title), length: .fixed(width)), .spacer()]), .spacer()], padding: 40)
        #expect(findings(wrapped).filter { $0.rule == .splitWord }.isEmpty, "a break before the amount is a break at a space")
    }

    /// A screen with more than the panel holds: its last parts are placed past the bottom.
    @Test func overflowRuleFlagsAScreenTallerThanThePanel() {
        let theme = panel.theme
        let rows = (0..<20).map { _ in View.button("Pay", style: .primary, action: .confirmAmount, length: .fixed(theme.buttonHeight)) }
        let found = findings(.column(rows, spacing: 10, padding: 40)).filter { $0.rule == .overflow }
        #expect(!found.isEmpty && found.allSatisfy { $0.measured.contains("outside its container") }, "\(found)")
        #expect(findings(.column(Array(rows.prefix(5)) + [.spacer()], spacing: 10, padding: 40)).filter { $0.rule == .overflow }.isEmpty)
    }

    @Test func reachRuleFlagsAButtonNearTheFloor() {
        let low = Panel(name: "low", resolution: Resolution(width: 1080, height: 1920, dpi: 102), bottomAboveFloor: 300)
        let theme = low.resolution.theme
        let view = View.column([.spacer(), .button("Pay", style: .primary, action: .confirmAmount, length: .fixed(theme.buttonHeight))],
                               padding: 40)
        let found = findings(view, theme: theme, panel: low).filter { $0.rule == .reach }
        #expect(found.count == 1, "\(found)")
    }
}
