import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

/// Golden screenshots of every screen, both languages, three panels. Update with
/// `KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskUITests` after an intended change.
@Suite struct ScreenGoldenTests {
    static let cases: [(Resolution, MoneyFormatter.Language)] =
        Resolution.all.flatMap { r in MoneyFormatter.Language.allCases.map { (r, $0) } }

    @Test(arguments: Resolution.all, MoneyFormatter.Language.allCases)
    func everyScreenMatchesItsGolden(_ resolution: Resolution, _ language: MoneyFormatter.Language) throws {
        let theme = resolution.theme
        let builder = ScreenBuilder(theme: theme, qr: LibQREncoder())
        let engine = LayoutEngine(theme: theme, font: TestFonts.font)
        for (name, model) in ScreenCatalogue.all(language) {
            let buffer = PixelBuffer(width: resolution.width, height: resolution.height, format: .xrgb8888)
            let canvas = Canvas(buffer: buffer)
            let layout = engine.layout(builder.build(model), in: canvas.bounds)
            ViewRenderer(theme: theme, font: TestFonts.font).render(layout, on: canvas)
            try GoldenImage.check(buffer, named: "\(name)-\(language.rawValue)-\(resolution)")
        }
    }

    /// The customer's main screens in large-text and high-contrast mode, to look at on the contact
    /// sheets (the measuring test holds every screen in every mode to the rules).
    @Test(arguments: Resolution.all, MoneyFormatter.Language.allCases)
    func displayModesMatchTheirGoldens(_ resolution: Resolution, _ language: MoneyFormatter.Language) throws {
        let shown = ["idle", "payment", "done", "refill-code-entry"]
        for mode in resolution.theme.displayModes where !mode.isStandard && mode != DisplayMode(largeText: true, highContrast: true) {
            let theme = resolution.theme.adapted(to: mode)
            let builder = ScreenBuilder(theme: theme, qr: LibQREncoder())
            let engine = LayoutEngine(theme: theme, font: TestFonts.font)
            for (name, sample) in ScreenCatalogue.all(language) where shown.contains(name) {
                var model = sample
                model.display = mode
                let buffer = PixelBuffer(width: resolution.width, height: resolution.height, format: .xrgb8888)
                let canvas = Canvas(buffer: buffer)
                ViewRenderer(theme: theme, font: TestFonts.font).render(engine.layout(builder.build(model), in: canvas.bounds), on: canvas)
                try GoldenImage.check(buffer, named: "\(name)-\(mode)-\(language.rawValue)-\(resolution)")
            }
        }
    }

    /// Every enabled button on every screen is at least 9 mm square at the panel's DPI and lies
    /// inside the screen: a finger can hit it.
    @Test(arguments: Resolution.all)
    func touchTargetsAreAtLeastNineMillimetres(_ resolution: Resolution) {
        let theme = resolution.theme
        let builder = ScreenBuilder(theme: theme, qr: LibQREncoder())
        let engine = LayoutEngine(theme: theme, font: TestFonts.font)
        let screen = Rect(x: 0, y: 0, width: resolution.width, height: resolution.height)
        let minimum = Int((9.0 * resolution.dpi / 25.4).rounded(.down))
        for language in MoneyFormatter.Language.allCases {
            for (name, model) in ScreenCatalogue.all(language) {
                let layout = engine.layout(builder.build(model), in: screen)
                for b in layout.buttons {
                    #expect(b.frame.width >= minimum && b.frame.height >= minimum,
                            "\(name) \(language) \(resolution): '\(b.title)' is \(b.frame.width)x\(b.frame.height) px, under 9 mm (\(minimum) px)")
                    #expect(screen.contains(b.frame), "\(name) \(language) \(resolution): '\(b.title)' at \(b.frame) is off screen")
                }
            }
        }
    }
}

/// The golden check must be able to fail: the English idle screen is not the Russian one.
@Test func goldenComparisonSeesADifferentScreen() throws {
    let r = Resolution.all[2]
    let theme = r.theme
    let buffer = PixelBuffer(width: r.width, height: r.height, format: .xrgb8888)
    let canvas = Canvas(buffer: buffer)
    let layout = LayoutEngine(theme: theme, font: TestFonts.font)
        .layout(ScreenBuilder(theme: theme, qr: LibQREncoder()).build(Sample.model(.idle, language: .en)), in: canvas.bounds)
    ViewRenderer(theme: theme, font: TestFonts.font).render(layout, on: canvas)
    let russian = try PNGCodec.decode(path: GoldenImage.directory.appendingPathComponent("idle-ru-\(r).png").path)
    let english = try PNGCodec.decode(path: GoldenImage.directory.appendingPathComponent("idle-en-\(r).png").path)
    let actual = Image(copying: buffer)
    #expect(GoldenImage.compare(actual, english, channelTolerance: 8).differing == 0)
    #expect(GoldenImage.compare(actual, russian, channelTolerance: 8).differing > r.width * r.height / 500)
}
