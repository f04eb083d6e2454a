/// One kernel input event (`struct input_event` without the time): what evdev reads and what
/// recordings replay. Constants are the kernel's (linux/input-event-codes.h).
public struct RawInputEvent: Sendable, Equatable {
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(type: UInt16, code: UInt16, value: Int32) {
        self.type = type
        self.code = code
        self.value = value
    }

    public static let synType: UInt16 = 0x00, keyType: UInt16 = 0x01, relType: UInt16 = 0x02, absType: UInt16 = 0x03
    public static let synReport: UInt16 = 0, synDropped: UInt16 = 3
    public static let absX: UInt16 = 0x00, absY: UInt16 = 0x01
    public static let absMTSlot: UInt16 = 0x2F, absMTPositionX: UInt16 = 0x35, absMTPositionY: UInt16 = 0x36
    public static let absMTTrackingID: UInt16 = 0x39
    public static let relX: UInt16 = 0x00, relY: UInt16 = 0x01
    public static let btnLeft: UInt16 = 0x110, btnTouch: UInt16 = 0x14A

    /// Parses one evemu-record event line, `E: 0.000000 0003 0039 0001`, as recorded on a kiosk
    /// with `evemu-record`; other lines (comments, device description) give nil.
    public init?(evemuLine line: Substring) {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 5, parts[0] == "E:",
              let t = UInt16(parts[2], radix: 16), let c = UInt16(parts[3], radix: 16), let v = Int32(parts[4])
        else { return nil }
        self.init(type: t, code: c, value: v)
    }
}
