import KioskGraphics

/// The hidden way into staff mode: tap the four corners clockwise from the top left (empty
/// space on the idle and out-of-service screens) within a few seconds. Customers never do this
/// by chance; staff still need the PIN afterwards.
public struct StaffGesture: Sendable, Equatable {
    public enum Corner: Sendable, Equatable { case topLeft, topRight, bottomRight, bottomLeft }
    static let sequence: [Corner] = [.topLeft, .topRight, .bottomRight, .bottomLeft]

    public var window: Double = 6
    private var progress = 0
    private var startedAt = 0.0

    public init() {}

    /// Feeds a tap that hit no button; true when the gesture is complete.
    public mutating func tap(_ p: Point, in size: Size, cornerSide: Int, at time: Double) -> Bool {
        guard let corner = Self.corner(of: p, in: size, side: cornerSide) else { progress = 0; return false }
        if progress > 0, time - startedAt > window { progress = 0 }
        if corner == Self.sequence[progress] {
            if progress == 0 { startedAt = time }
            progress += 1
        } else {
            progress = corner == Self.sequence[0] ? 1 : 0
            startedAt = time
        }
        if progress == Self.sequence.count { progress = 0; return true }
        return false
    }

    public mutating func reset() { progress = 0 }

    static func corner(of p: Point, in size: Size, side: Int) -> Corner? {
        let left = p.x < side, right = p.x >= size.width - side
        let top = p.y < side, bottom = p.y >= size.height - side
        switch (left, right, top, bottom) {
        case (true, _, true, _): return .topLeft
        case (_, true, true, _): return .topRight
        case (_, true, _, true): return .bottomRight
        case (true, _, _, true): return .bottomLeft
        default: return nil
        }
    }

    /// The tap points that perform the gesture (for tests and scripted input).
    public static func points(in size: Size, cornerSide: Int) -> [Point] {
        let d = cornerSide / 2
        return [Point(x: d, y: d), Point(x: size.width - d, y: d),
                Point(x: size.width - d, y: size.height - d), Point(x: d, y: size.height - d)]
    }
}
