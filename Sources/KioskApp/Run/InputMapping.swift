import KioskDisplay
import KioskUI

/// Display input (evdev, VNC) as UI input: a finger lifted is a tap (so a finger sliding off a
/// button cancels nothing it should not start), and the few keys a kiosk keyboard has.
enum InputMapping {
    static func uiInput(_ event: InputEvent) -> UIInput? {
        switch event {
        case .pointer(let p):
            return p.phase == .up ? .tap(x: p.x, y: p.y) : nil
        case let .key(code, pressed):
            guard pressed else { return nil }
            switch code {
            case KeyCode.enter, KeyCode.keypadEnter: return .enter
            case KeyCode.backspace: return .backspace
            case KeyCode.escape: return .escape
            default: return keyCharacters[code].map(UIInput.character)
            }
        }
    }

    static let keyCharacters = KeyLayout.characters
}
