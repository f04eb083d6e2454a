import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

@Suite struct HitTestingTests {
    /// On every screen, a tap at a button's centre yields that button's action.
    @Test(arguments: Resolution.all)
    func tapAtButtonCentreYieldsItsAction(_ r: Resolution) {
        let theme = r.theme
        let engine = LayoutEngine(theme: theme, font: TestFonts.font)
        let builder = ScreenBuilder(theme: theme, qr: LibQREncoder())
        for (name, model) in ScreenCatalogue.all(.en) {
            let layout = engine.layout(builder.build(model), in: Rect(x: 0, y: 0, width: r.width, height: r.height))
            for b in layout.buttons {
                let centre = Point(x: b.frame.x + b.frame.width / 2, y: b.frame.y + b.frame.height / 2)
                #expect(layout.action(at: centre) == b.action, "\(name) \(r): centre of '\(b.title)'")
            }
        }
    }

    /// Points outside every button yield nothing, and buttons never overlap.
    @Test(arguments: Resolution.all)
    func tapOnEmptySpaceYieldsNothing(_ r: Resolution) {
        let theme = r.theme
        let engine = LayoutEngine(theme: theme, font: TestFonts.font)
        let builder = ScreenBuilder(theme: theme, qr: LibQREncoder())
        for (name, model) in ScreenCatalogue.all(.ru) {
            let layout = engine.layout(builder.build(model), in: Rect(x: 0, y: 0, width: r.width, height: r.height))
            let frames = layout.buttons.map(\.frame)
            var empty = 0
            for y in stride(from: 3, to: r.height, by: 37) {
                for x in stride(from: 3, to: r.width, by: 41) {
                    let p = Point(x: x, y: y)
                    if !frames.contains(where: { $0.contains(p) }) {
                        empty += 1
                        #expect(layout.action(at: p) == nil, "\(name) \(r): empty point \(x),\(y) did something")
                    }
                }
            }
            #expect(empty > 0, "\(name) \(r): no empty space at all")
            for (i, a) in frames.enumerated() {
                for b in frames[(i + 1)...] { #expect(!a.intersects(b), "\(name) \(r): buttons \(a) and \(b) overlap") }
            }
        }
    }

    @Test func disabledButtonsDoNothing() {
        var k = KioskHarness(model: Sample.model(.refillEntry(TextEntry(mode: .code, text: "01K7"))))
        #expect(!k.hasButton(.submitEntry))   // "Find" is greyed out until the code is complete
        let find = k.ui.layout.flattened().first { if case .button(_, _, _, .submitEntry?, false, _) = $0.kind { true } else { false } }
        #expect(find != nil)
        if let f = find?.frame {
            #expect(k.tap(at: Point(x: f.x + f.width / 2, y: f.y + f.height / 2)).isEmpty)
            #expect(k.screen == .refillEntry(TextEntry(mode: .code, text: "01K7")))
        }
    }

    /// A payment update redraws a few labels, not the screen.
    @Test func paymentUpdateDamagesOnlyWhatChanged() {
        let r = Resolution.all[0]
        var k = KioskHarness(resolution: r, model: Sample.model(.payment(Sample.payment(inserted: 0))))
        let buffer = PixelBuffer(width: r.width, height: r.height, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        let renderer = ViewRenderer(theme: r.theme, font: TestFonts.font)
        let first = renderer.render(k.ui.layout, on: canvas)
        #expect(first == [canvas.bounds])
        #expect(renderer.render(k.ui.layout, on: canvas).isEmpty)   // nothing changed, nothing drawn
        k.apply(.paymentUpdated(inserted: Sample.rubles(100), notes: [Sample.rubles(100)], message: nil))
        let damage = renderer.render(k.ui.layout, on: canvas)
        let area = damage.reduce(0) { $0 + $1.width * $1.height }
        #expect(!damage.isEmpty)
        #expect(area < r.width * r.height / 4, "damage \(damage) is most of the screen")
        // And the partial redraw equals a full redraw of the same screen.
        let fresh = PixelBuffer(width: r.width, height: r.height, format: .xrgb8888)
        ViewRenderer(theme: r.theme, font: TestFonts.font).render(k.ui.layout, on: Canvas(buffer: fresh))
        #expect(GoldenImage.compare(Image(copying: buffer), Image(copying: fresh), channelTolerance: 0).differing == 0)
    }
}
