import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

/// The staff gesture's taps are made where a hand gets to and where no button is: on every
/// supported panel and on the tall panel hung high, in every language and display mode, on the
/// idle and out-of-service screens.
@Suite struct StaffGestureTests {
    static let panels = Panel.supported + [Panel.tallPortrait]

    @Test(arguments: panels)
    func gestureTapsAreInReachAndOnNoButton(_ panel: Panel) {
        let samples = KioskScreen.Kind.allCases.filter { $0 == .idle || $0 == .outOfService }
        for language in MoneyFormatter.Language.allCases {
            for kind in samples {
                for (name, sample) in ScreenCatalogue.samples(of: kind, language) {
                    for mode in panel.theme.displayModes where mode.isStandard || kind == .idle {
                        var model = sample
                        model.display = mode
                        var ui = UIController(model: model, theme: panel.theme, font: TestFonts.font, qr: LibQREncoder())
                        let points = StaffGesture.points(in: ui.theme.reachableArea, cornerSide: ui.gestureCornerSide)
                        for p in points {
                            #expect(ui.layout.action(at: p) == nil, "\(name) \(language) \(panel) \(mode): the tap at \(p) hits a button")
                            let height = panel.bottomAboveFloor + Double(panel.resolution.height - p.y) / panel.resolution.dpi * 25.4
                            #expect(ScreenRules.reachBand.contains(height), "\(name) \(panel): the tap at \(p) is \(Int(height)) mm above the floor")
                        }
                        var time = 0.0
                        for p in points { time += 1; _ = ui.handle(.tap(x: p.x, y: p.y), at: time) }
                        #expect(ui.screen == .staffPIN(PINEntry()), "\(name) \(language) \(panel) \(mode): the gesture did not open the PIN")
                    }
                }
            }
        }
    }

    /// The old gesture (the four corners clockwise from the top left) no longer opens staff mode.
    @Test func theOldFourCornerGestureDoesNothing() {
        var k = KioskHarness()
        let size = k.ui.theme.size, d = k.ui.gestureCornerSide / 2
        for p in [Point(x: d, y: d), Point(x: size.width - d, y: d), Point(x: size.width - d, y: size.height - d), Point(x: d, y: size.height - d)] {
            k.tap(at: p)
        }
        #expect(k.screen == .idle)
        k.staffGesture()
        #expect(k.screen == .staffPIN(PINEntry()))
    }
}
