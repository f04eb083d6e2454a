/// What the UI hears from a person: a pointer (finger, mouse, VNC viewer) in logical screen
/// coordinates, or a key. Multitouch is reduced to one primary touch before it gets here: a kiosk
/// has buttons, not gestures.
public enum InputEvent: Sendable, Equatable {
    case pointer(PointerEvent)
    case key(code: Int, pressed: Bool)
}

public struct PointerEvent: Sendable, Equatable, CustomStringConvertible {
    public enum Phase: String, Sendable { case down, moved, up }
    public var phase: Phase
    public var x: Int
    public var y: Int

    public init(_ phase: Phase, x: Int, y: Int) {
        self.phase = phase
        self.x = x
        self.y = y
    }

    public var description: String { "\(phase.rawValue) \(x),\(y)" }
}

/// A source of input events: evdev devices, a VNC viewer, or a replay for tests.
public protocol InputSource: AnyObject, Sendable {
    /// One stream per source; it finishes when the source stops.
    var events: AsyncStream<InputEvent> { get }
    func stop()
}
