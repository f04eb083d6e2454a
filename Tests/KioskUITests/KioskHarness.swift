import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

/// A UI controller driven like a person would: taps land on the centre of the button that shows
/// a given action (found through the layout, so the hit testing is exercised on every tap), time
/// is moved by hand, and the intents that came out are collected for the test to answer.
struct KioskHarness {
    var ui: UIController
    var time = 0.0
    var intents: [UIIntent] = []

    init(resolution: Resolution = Resolution.all[0], model: KioskScreenModel = Sample.model()) {
        ui = UIController(model: model, theme: resolution.theme, font: TestFonts.font, qr: LibQREncoder())
    }

    var screen: KioskScreen { ui.screen }
    var texts: [String] { ui.layout.texts }

    func shows(_ fragment: String) -> Bool { texts.contains { $0.contains(fragment) } }

    /// Taps the centre of the (enabled) button whose action is `action`; records an issue when
    /// no such button is on screen. Returns the intents the tap produced.
    @discardableResult
    mutating func tap(_ action: UIAction, sourceLocation: SourceLocation = #_sourceLocation) -> [UIIntent] {
        guard let button = ui.layout.buttons.first(where: { $0.action == action }) else {
            Issue.record("no enabled button for \(action) on \(ui.screen); buttons: \(ui.layout.buttons.map(\.title))",
                         sourceLocation: sourceLocation)
            return []
        }
        return tap(at: Point(x: button.frame.x + button.frame.width / 2, y: button.frame.y + button.frame.height / 2))
    }

    @discardableResult
    mutating func tap(at p: Point) -> [UIIntent] {
        time += 1
        let out = ui.handle(.tap(x: p.x, y: p.y), at: time)
        intents += out
        return out
    }

    /// Types `text` on the on-screen keyboard, one key tap per character.
    mutating func type(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for ch in text { tap(.key(ch), sourceLocation: sourceLocation) }
    }

    mutating func apply(_ event: ScreenEvent) { ui.apply(event, at: time) }

    @discardableResult
    mutating func wait(_ seconds: Double) -> [UIIntent] {
        time += seconds
        let out = ui.tick(at: time)
        intents += out
        return out
    }

    func hasButton(_ action: UIAction) -> Bool { ui.layout.buttons.contains { $0.action == action } }

    /// The staff gesture: the bottom corners, left, right, left, right.
    mutating func staffGesture() {
        for p in StaffGesture.points(in: ui.theme.reachableArea, cornerSide: ui.gestureCornerSide) { tap(at: p) }
    }
}

extension KioskHarness: CustomTestStringConvertible {
    /// Failure messages show what a person would see, not the whole controller.
    var testDescription: String { "screen \(ui.screen) showing \(texts)" }
}
