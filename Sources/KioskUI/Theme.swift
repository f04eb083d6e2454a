import KioskGraphics

/// Colours and sizes for one screen. Sizes come from the panel's pixel size *and* its density:
/// text scales with the shorter side so a layout looks the same on every panel, but never gets
/// capitals under `minCapHeightMillimetres`, and touch targets never shrink below
/// `minTargetMillimetres` at the configured DPI (a fingertip is the same size on a 7" and a 24"
/// screen).
public struct Theme: Sendable, Equatable {
    public let size: Size
    public let dpi: Double

    /// A fingertip with room to spare, in both dimensions: 15 mm. (ISO 9241-9's 9 mm is for a
    /// seated user with a stylus-like aim; a kiosk is touched standing, in a hurry.)
    public static let minTargetMillimetres = 15.0

    /// ADA §707.8: characters at least 4.8 mm high, measured on the uppercase I.
    public static let minCapHeightMillimetres = 4.8
    /// Cap height of the shipped font per em: DejaVu Sans is 0.73; a little under so that hinting
    /// never takes a pixel row off the capitals.
    static let capHeightPerEm = 0.70

    /// A 7″ panel is 152 × 91 mm: six rows of 15 mm targets, ten lines of ADA text. Today's screens
    /// do not fit it at those sizes (they would run off its bottom), so until it has layouts of its
    /// own (paged plan lists, a keyboard that is the whole screen) it keeps the earlier 9 mm targets
    /// and 4 mm text. The screen-measuring test records exactly that as a known issue.
    public var meetsPhysicalMinimums: Bool { !isCompact }

    /// The colours every screen is drawn in.
    public let palette: Palette

    public init(size: Size, dpi: Double, palette: Palette = .standard) {
        precondition(size.width > 0 && size.height > 0 && dpi > 0, "theme needs a screen size and a DPI")
        self.size = size
        self.dpi = dpi
        self.palette = palette
    }

    /// Pixels for a physical length at this DPI.
    public func px(millimetres mm: Double) -> Int { Int((mm * dpi / 25.4).rounded(.up)) }

    /// The smallest button side in px (15 mm at this DPI; 9 mm on a compact panel, see `meetsPhysicalMinimums`).
    public var minTarget: Int { px(millimetres: meetsPhysicalMinimums ? Self.minTargetMillimetres : 9) }

    /// Scale of the layout: 1.0 on a 1080-px short side.
    public var scale: Double { Double(min(size.width, size.height)) / 1080 }

    public var isPortrait: Bool { size.height > size.width }
    /// 800×480 and similar: fewer columns, tighter margins.
    public var isCompact: Bool { min(size.width, size.height) < 700 }

    /// Text sizes in px: scaled with the short side, and never with capitals under the ADA height
    /// at this DPI (on a compact panel, never under 4 mm em for body text; see `meetsPhysicalMinimums`).
    public func fontSize(_ style: TextStyle.Size) -> Double {
        let base: Double = switch style {
        case .caption: 30
        case .body: 38
        case .title: 56
        case .headline: 76
        case .code: 92
        }
        guard meetsPhysicalMinimums else {
            let floor = Double(px(millimetres: 4))
            let scaled = base * scale * 1.25
            return style == .caption ? max(scaled, floor * 0.8) : max(scaled, floor)
        }
        let floor = Double(px(millimetres: Self.minCapHeightMillimetres / Self.capHeightPerEm))
        return max(base * scale, floor)
    }

    public var margin: Int { max(8, Int(40 * scale)) }
    public var spacing: Int { max(6, Int(24 * scale)) }
    public var cornerRadius: Double { max(6, 16 * scale) }
    public var borderWidth: Int { max(2, Int(3 * scale)) }

    /// Space between a button's edge and its label.
    public var buttonPadding: Int { max(6, Int(fontSize(.body) * 0.4)) }

    /// Height of ordinary buttons: comfortably above the minimum target.
    public var buttonHeight: Int { max(minTarget, Int(fontSize(.body) * 2.2)) }
}
