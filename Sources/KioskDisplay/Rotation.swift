import KioskGraphics

/// How the picture the UI draws is turned on the panel: a portrait kiosk on a landscape panel
/// draws 1080×1920 and is shown rotated 90°. Angles are clockwise.
///
/// The UI always works in logical coordinates; only sinks (pixels) and input (touch points)
/// convert, so widgets never know the panel is on its side.
public enum Rotation: Int, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case clockwise90 = 90
    case upsideDown = 180
    case clockwise270 = 270

    public init?(degrees: Int) {
        self.init(rawValue: ((degrees % 360) + 360) % 360)
    }

    public var description: String { "\(rawValue)" }

    var swapsAxes: Bool { self == .clockwise90 || self == .clockwise270 }

    /// The size the UI draws at for a panel of `physical` size.
    public func logicalSize(physicalWidth: Int, physicalHeight: Int) -> (width: Int, height: Int) {
        swapsAxes ? (physicalHeight, physicalWidth) : (physicalWidth, physicalHeight)
    }

    /// Where logical pixel (x, y) lands on the panel; `logicalWidth`/`logicalHeight` is the UI size.
    @inline(__always)
    public func physicalPoint(x: Int, y: Int, logicalWidth w: Int, logicalHeight h: Int) -> (x: Int, y: Int) {
        switch self {
        case .none: (x, y)
        case .clockwise90: (h - 1 - y, x)
        case .upsideDown: (w - 1 - x, h - 1 - y)
        case .clockwise270: (y, w - 1 - x)
        }
    }

    /// The logical point under panel pixel (x, y): what a touch at (x, y) means to the UI.
    public func logicalPoint(physicalX x: Int, physicalY y: Int, logicalWidth w: Int, logicalHeight h: Int) -> (x: Int, y: Int) {
        switch self {
        case .none: (x, y)
        case .clockwise90: (y, h - 1 - x)
        case .upsideDown: (w - 1 - x, h - 1 - y)
        case .clockwise270: (w - 1 - y, x)
        }
    }

    /// The panel rectangle covering logical rectangle `r`.
    public func physicalRect(_ r: Rect, logicalWidth w: Int, logicalHeight h: Int) -> Rect {
        if r.isEmpty { return r }
        let a = physicalPoint(x: r.x, y: r.y, logicalWidth: w, logicalHeight: h)
        let b = physicalPoint(x: r.maxX - 1, y: r.maxY - 1, logicalWidth: w, logicalHeight: h)
        let x0 = min(a.x, b.x), y0 = min(a.y, b.y)
        return Rect(x: x0, y: y0, width: abs(a.x - b.x) + 1, height: abs(a.y - b.y) + 1)
    }
}
