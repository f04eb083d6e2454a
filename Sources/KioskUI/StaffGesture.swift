import KioskGraphics

/// The hidden way into staff mode: tap the two bottom corners of the screen's reachable area
/// left, right, left, right (empty space on the idle and out-of-service screens) within a few
/// seconds. Customers never do this by chance; staff still need the PIN afterwards.
///
/// The bottom corners, not the top ones: on a tall portrait panel the top can hang above the
/// 1220 mm reach limit (ADA §308), and staff in a wheelchair must get in too. The area is the part
/// of the panel the screens are drawn in (`Theme.reachableArea`), so with `mounting_height_mm`
/// set, a panel hanging below 380 mm has its gesture above the strip it leaves empty.
public struct StaffGesture: Sendable, Equatable {
    public enum Corner: Sendable, Equatable { case bottomLeft, bottomRight }
    static let sequence: [Corner] = [.bottomLeft, .bottomRight, .bottomLeft, .bottomRight]

    public var window: Double = 6
    private var progress = 0
    private var startedAt = 0.0

    public init() {}

    /// Feeds a tap that hit no button; true when the gesture is complete.
    public mutating func tap(_ p: Point, in area: Rect, cornerSide: Int, at time: Double) -> Bool {
        guard let corner = Self.corner(of: p, in: area, side: cornerSide) else { progress = 0; return false }
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

    /// Which bottom corner square of `area` (`side` px on a side) holds `p`, if any.
    static func corner(of p: Point, in area: Rect, side: Int) -> Corner? {
        guard p.y >= area.maxY - side, p.y < area.maxY else { return nil }
        if p.x >= area.minX, p.x < area.minX + side { return .bottomLeft }
        if p.x >= area.maxX - side, p.x < area.maxX { return .bottomRight }
        return nil
    }

    /// The tap points that perform the gesture (for tests and scripted input): the centres of the
    /// corner squares.
    public static func points(in area: Rect, cornerSide: Int) -> [Point] {
        let d = cornerSide / 2
        let left = Point(x: area.minX + d, y: area.maxY - d), right = Point(x: area.maxX - d, y: area.maxY - d)
        return sequence.map { $0 == .bottomLeft ? left : right }
    }
}
