import CKioskShim
import Glibc

/// One `/dev/input/event*` node, opened and classified by what it can do (EVIOCGBIT), not by
/// its name: touchscreens, tablets and mice become pointers, keyboards give keys.
final class EvdevDevice {
    enum Role: String { case touchscreen, tablet, mouse, keyboard }

    let path: String
    let fd: Int32
    let name: String
    let role: Role
    var reducer: PointerReducer?

    /// Opens and classifies `path`; nil for devices the kiosk has no use for (power button, lid...).
    init?(path: String, geometry: ScreenGeometry, overrides: TouchCalibrationOverrides, grab: Bool) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var nameBytes = [CChar](repeating: 0, count: 256)
        _ = kiosk_evdev_name(fd, &nameBytes, 255)
        let name = String(decoding: nameBytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let ev = Self.bits(fd, 0, count: 32), abs = Self.bits(fd, 3, count: 64)
        let rel = Self.bits(fd, 2, count: 16), key = Self.bits(fd, 1, count: 768)
        let props = Self.props(fd)
        func has(_ b: [Bool], _ i: UInt16) -> Bool { Int(i) < b.count && b[Int(i)] }
        let hasMT = has(ev, 3) && has(abs, RawInputEvent.absMTPositionX) && has(abs, RawInputEvent.absMTSlot)
        let hasAbs = has(ev, 3) && has(abs, RawInputEvent.absX) && has(abs, RawInputEvent.absY)
        let direct = props.count > 1 && props[1]  // INPUT_PROP_DIRECT: a screen, not a pad
        let role: Role
        var kind: PointerReducer.Kind?
        if hasMT && (has(key, RawInputEvent.btnTouch) || direct) {
            role = .touchscreen; kind = .multitouch
        } else if hasAbs && (has(key, RawInputEvent.btnTouch) || has(key, RawInputEvent.btnLeft)) {
            role = has(key, RawInputEvent.btnTouch) || direct ? .touchscreen : .tablet; kind = .absolute
        } else if has(ev, 2) && has(rel, RawInputEvent.relX) && has(key, RawInputEvent.btnLeft) {
            role = .mouse; kind = .relative
        } else if has(ev, 1) && has(key, UInt16(KeyCode.enter)) {
            role = .keyboard
        } else {
            Glibc.close(fd)
            return nil
        }
        self.path = path
        self.fd = fd
        self.name = name
        self.role = role
        if let kind {
            let (xAxis, yAxis) = kind == .multitouch
                ? (RawInputEvent.absMTPositionX, RawInputEvent.absMTPositionY) : (RawInputEvent.absX, RawInputEvent.absY)
            var ax = input_absinfo(), ay = input_absinfo()
            _ = kiosk_evdev_abs(fd, UInt32(xAxis), &ax)
            _ = kiosk_evdev_abs(fd, UInt32(yAxis), &ay)
            let cal = TouchCalibration(minX: ax.minimum, maxX: ax.maximum, minY: ay.minimum, maxY: ay.maximum,
                                       swapAxes: overrides.swapAxes, invertX: overrides.invertX, invertY: overrides.invertY)
            reducer = PointerReducer(kind: kind, calibration: cal, geometry: geometry)
        }
        if grab { _ = kiosk_evdev_grab(fd, 1) }
    }

    deinit { Glibc.close(fd) }

    var summary: String {
        var s = "\(path) \"\(name)\" \(role.rawValue)"
        if let c = reducer?.calibration, reducer?.kind != .relative { s += " x \(c.minX)..\(c.maxX) y \(c.minY)..\(c.maxY)" }
        return s
    }

    private static func bits(_ fd: Int32, _ type: UInt32, count: Int) -> [Bool] {
        var bytes = [UInt8](repeating: 0, count: (count + 7) / 8)
        guard kiosk_evdev_bits(fd, type, &bytes, UInt32(bytes.count)) >= 0 else { return [] }
        return (0..<count).map { bytes[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
    }

    private static func props(_ fd: Int32) -> [Bool] {
        var bytes = [UInt8](repeating: 0, count: 4)
        guard kiosk_evdev_props(fd, &bytes, 4) >= 0 else { return [] }
        return (0..<32).map { bytes[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
    }
}

/// Calibration fixes from configuration, applied to every pointer device.
public struct TouchCalibrationOverrides: Sendable, Equatable {
    public var swapAxes = false
    public var invertX = false
    public var invertY = false
    public init(swapAxes: Bool = false, invertX: Bool = false, invertY: Bool = false) {
        self.swapAxes = swapAxes
        self.invertX = invertX
        self.invertY = invertY
    }
}
