/// The kernel key codes (linux/input-event-codes.h) of the keys the kiosk acts on besides typing,
/// as `InputEvent.key` carries them from evdev keyboards and from VNC (keysyms mapped to these).
public enum KeyCode {
    public static let escape = 1        // KEY_ESC
    public static let backspace = 14    // KEY_BACKSPACE
    public static let tab = 15          // KEY_TAB
    public static let enter = 28        // KEY_ENTER
    public static let space = 57        // KEY_SPACE
    public static let keypadEnter = 96  // KEY_KPENTER
}
