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

    /// The colours every screen is drawn in.
    public let palette: Palette
    /// Every text size times this: 1, or `largeTextScale` in large-text mode.
    public let textScale: Double

    /// Large-text mode: text a quarter larger (EN 301 549 §5.1.4 asks for enlargement without
    /// loss; buttons grow with their labels, so the layouts keep working).
    public static let largeTextScale = 1.25

    /// How high the panel's bottom edge hangs above the floor, mm (`[devices] mounting_height_mm`);
    /// nil when the installer has not said, and the whole panel is used.
    public let mountingHeight: Double?

    /// ADA §308: what a standing or seated person reaches, forward or to the side, mm above the floor.
    public static let reachBandMillimetres = 380.0...1220.0

    public init(size: Size, dpi: Double, palette: Palette = .standard, textScale: Double = 1, mountingHeight: Double? = nil) {
        precondition(size.width > 0 && size.height > 0 && dpi > 0 && textScale > 0, "theme needs a screen size, a DPI and a text scale")
        self.size = size
        self.dpi = dpi
        self.palette = palette
        self.textScale = textScale
        self.mountingHeight = mountingHeight
    }

    /// This panel's theme in a customer's display mode: the high-contrast palette, larger text.
    public func adapted(to mode: DisplayMode) -> Theme {
        Theme(size: size, dpi: dpi, palette: mode.highContrast ? .highContrast : palette,
              textScale: mode.largeText && offersLargeText ? Self.largeTextScale : 1, mountingHeight: mountingHeight)
    }

    /// Large text is offered where the layouts hold it. A 7″ panel (152 × 91 mm) already draws all
    /// its text at the ADA floor of 4.8 mm capitals, which leaves it five short lines and three rows
    /// of 15 mm targets a screen; a quarter larger, a plan list or the keyboard would be a page per
    /// row. It offers high contrast only: the same rules hold in every mode it offers (measured).
    public var offersLargeText: Bool { !isCompact }

    /// The display modes a customer can switch on at this panel.
    public var displayModes: [DisplayMode] { DisplayMode.all.filter { offersLargeText || !$0.largeText } }

    /// Px at the panel's top that hang above the reach band, and at its bottom that hang below it:
    /// screens leave both empty, so every control is where a hand gets to (a 32″ portrait panel
    /// with its bottom edge at 800 mm loses its top 290 mm). Never more than half the panel.
    public var unreachable: (top: Int, bottom: Int) {
        guard let mountingHeight else { return (0, 0) }
        let heightMillimetres = Double(size.height) / dpi * 25.4
        let above = max(0, mountingHeight + heightMillimetres - Self.reachBandMillimetres.upperBound)
        let below = max(0, Self.reachBandMillimetres.lowerBound - mountingHeight)
        let top = min(size.height / 2, Int((above * dpi / 25.4).rounded(.up)))
        let bottom = min(size.height / 2 - top, Int((below * dpi / 25.4).rounded(.up)))
        return (top, bottom)
    }

    /// The part of the panel inside the reach band, where screens are drawn (all of it when the
    /// mounting height is not configured).
    public var reachableArea: Rect {
        let (top, bottom) = unreachable
        return Rect(x: 0, y: top, width: size.width, height: size.height - top - bottom)
    }

    /// Pixels for a physical length at this DPI.
    public func px(millimetres mm: Double) -> Int { Int((mm * dpi / 25.4).rounded(.up)) }

    /// The smallest button side in px: 15 mm at this DPI, on every panel.
    public var minTarget: Int { px(millimetres: Self.minTargetMillimetres) }

    /// Scale of the layout: 1.0 on a 1080-px short side; smaller when part of the panel hangs out
    /// of reach, so each screen fits in the part that does not (the millimetre floors still hold).
    public var scale: Double {
        let (top, bottom) = unreachable
        return Double(min(size.width, size.height)) / 1080 * Double(size.height - top - bottom) / Double(size.height)
    }

    public var isPortrait: Bool { size.height > size.width }
    /// 800×480 and similar: fewer columns, tighter margins.
    public var isCompact: Bool { min(size.width, size.height) < 700 }

    /// Text sizes in px: scaled with the short side, and never with capitals under the ADA height
    /// at this DPI. On a 7″ panel the floor wins for every size but the code's: its screens tell
    /// what matters by colour and place, not size (see `ScreenBuilder` for how they fit).
    public func fontSize(_ style: TextStyle.Size) -> Double {
        unscaledFontSize(style) * textScale
    }

    private func unscaledFontSize(_ style: TextStyle.Size) -> Double {
        let base: Double = switch style {
        case .caption: 30
        case .body: 38
        case .title: 56
        case .headline: 76
        case .code: 92
        }
        let floor = Double(px(millimetres: Self.minCapHeightMillimetres / Self.capHeightPerEm))
        // A code and the amount still to pay stand out by size on every panel, also where all
        // other text sits on the floor (the 7″ one): half as large again.
        return max(base * scale, style == .code ? floor * 1.5 : floor)
    }

    public var margin: Int { max(8, Int(40 * scale)) }
    public var spacing: Int { max(6, Int(24 * scale)) }
    public var cornerRadius: Double { max(6, 16 * scale) }
    public var borderWidth: Int { max(2, Int(3 * scale)) }

    /// Space between a button's edge and its label.
    public var buttonPadding: Int { max(6, Int(fontSize(.body) * 0.4)) }

    /// A 7″ panel's buttons have no width to spare beside their labels: they go without icons.
    public var drawsIcons: Bool { !isCompact }

    /// Side of a button's icon: a little taller than its label's capitals and descenders.
    public var iconSide: Int { Int((fontSize(.body) * 1.15).rounded()) }

    /// A key's label is one character on a narrow key: less padding keeps a large-text "W" whole.
    public var keyPadding: Int { max(4, buttonPadding / 4) }

    /// Height of ordinary buttons: comfortably above the minimum target.
    public var buttonHeight: Int { max(minTarget, Int(fontSize(.body) * 2.2)) }
}
