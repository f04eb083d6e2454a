/// Reduces one evdev device's event stream to pointer events for the UI, frame by frame
/// (a frame ends with SYN_REPORT):
///
/// - multitouch protocol B (ABS_MT_SLOT / ABS_MT_TRACKING_ID / ABS_MT_POSITION_*): the first finger
///   to land while none is down is the primary touch; other fingers are ignored, and a new primary
///   is chosen only once every finger is up, so a palm never steals a press;
/// - single-touch screens and tablets (ABS_X/ABS_Y with BTN_TOUCH or BTN_LEFT);
/// - relative mice (REL_X/REL_Y moving a cursor, BTN_LEFT pressing).
///
/// Pure: no IO, so recorded sequences test it exactly. Events come out in logical coordinates.
public struct PointerReducer: Sendable {
    public enum Kind: Sendable { case absolute, multitouch, relative }

    public let kind: Kind
    public var calibration: TouchCalibration
    public var geometry: ScreenGeometry

    // Multitouch slots: tracking id (-1 = empty) and last position.
    private var slot = 0
    private var trackingIDs: [Int: Int32] = [:]
    private var positions: [Int: (x: Int32, y: Int32)] = [:]
    private var primarySlot: Int?
    private var waitingForAllUp = false
    // Single pointer state.
    private var rawX: Int32 = 0, rawY: Int32 = 0
    private var button = false
    private var cursor: (x: Int, y: Int)
    // What the UI was last told.
    private var reportedDown = false
    private var reportedPoint: (x: Int, y: Int) = (0, 0)
    private var dropping = false

    public init(kind: Kind, calibration: TouchCalibration, geometry: ScreenGeometry) {
        self.kind = kind
        self.calibration = calibration
        self.geometry = geometry
        cursor = (geometry.physicalWidth / 2, geometry.physicalHeight / 2)
    }

    /// Feeds one event; returns what the UI should see once a frame completes.
    public mutating func feed(_ e: RawInputEvent) -> [PointerEvent] {
        if e.type == RawInputEvent.synType {
            if e.code == RawInputEvent.synDropped { dropping = true; return [] }
            if e.code == RawInputEvent.synReport {
                // After SYN_DROPPED the kernel's state is unknown until the next report: skip one frame.
                if dropping { dropping = false; return [] }
                return endFrame()
            }
            return []
        }
        if dropping { return [] }
        switch (e.type, kind) {
        case (RawInputEvent.absType, .multitouch):
            switch e.code {
            case RawInputEvent.absMTSlot: slot = Int(e.value)
            case RawInputEvent.absMTTrackingID: trackingIDs[slot] = e.value
            case RawInputEvent.absMTPositionX: positions[slot, default: (0, 0)].x = e.value
            case RawInputEvent.absMTPositionY: positions[slot, default: (0, 0)].y = e.value
            default: break
            }
        case (RawInputEvent.absType, .absolute):
            if e.code == RawInputEvent.absX { rawX = e.value }
            if e.code == RawInputEvent.absY { rawY = e.value }
        case (RawInputEvent.relType, .relative):
            if e.code == RawInputEvent.relX {
                cursor.x = min(max(cursor.x + Int(e.value), 0), geometry.physicalWidth - 1)
            }
            if e.code == RawInputEvent.relY {
                cursor.y = min(max(cursor.y + Int(e.value), 0), geometry.physicalHeight - 1)
            }
        case (RawInputEvent.keyType, _):
            if e.code == RawInputEvent.btnLeft || e.code == RawInputEvent.btnTouch {
                if kind != .multitouch { button = e.value != 0 }
            }
        default: break
        }
        return []
    }

    private mutating func endFrame() -> [PointerEvent] {
        let down: Bool
        var panel: (x: Int, y: Int)?
        switch kind {
        case .multitouch:
            let active = trackingIDs.filter { $0.value >= 0 }.map(\.key).sorted()
            if let p = primarySlot, (trackingIDs[p] ?? -1) < 0 {
                primarySlot = nil
                waitingForAllUp = !active.isEmpty
            }
            if active.isEmpty { waitingForAllUp = false }
            if primarySlot == nil, !waitingForAllUp, let first = active.first { primarySlot = first }
            down = primarySlot != nil
            if let p = primarySlot, let pos = positions[p] { panel = panelPoint(pos.x, pos.y) }
        case .absolute:
            down = button
            panel = panelPoint(rawX, rawY)
        case .relative:
            down = button
            panel = cursor
        }
        var out: [PointerEvent] = []
        let point = panel.map { geometry.logical(panelX: $0.x, panelY: $0.y) } ?? reportedPoint
        if down && !reportedDown {
            out.append(PointerEvent(.down, x: point.x, y: point.y))
        } else if down && reportedDown && point != reportedPoint {
            out.append(PointerEvent(.moved, x: point.x, y: point.y))
        } else if !down && reportedDown {
            out.append(PointerEvent(.up, x: reportedPoint.x, y: reportedPoint.y))
        }
        if down { reportedPoint = point } else if panel != nil { reportedPoint = point }
        reportedDown = down
        return out
    }

    private func panelPoint(_ x: Int32, _ y: Int32) -> (x: Int, y: Int) {
        calibration.panelPoint(rawX: x, rawY: y, width: geometry.physicalWidth, height: geometry.physicalHeight)
    }
}
