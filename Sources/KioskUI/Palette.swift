import KioskGraphics

/// The colours of the screens. The standard palette is white/yellow on a dark navy ground, every
/// text/background pair above WCAG's 4.5:1 (most above 10:1), readable from a metre in a bright
/// café; the screen-measuring test checks each pair as drawn.
public struct Palette: Sendable, Equatable {
    public var background: Color
    public var surface: Color
    public var text: Color
    public var mutedText: Color
    public var primary: Color
    public var onPrimary: Color
    public var secondary: Color
    public var onSecondary: Color
    public var danger: Color
    public var onDanger: Color
    public var success: Color
    public var warning: Color
    public var outline: Color
    public var disabled: Color
    public var onDisabled: Color
    public var qrBackground: Color
    /// Text saying something went wrong or went well, on the page or a panel.
    public var dangerText: Color
    public var successText: Color
    /// Fills of the warning, danger and success panels (their edges are `warning`, `danger`, `success`).
    public var warningPanel: Color
    public var dangerPanel: Color
    public var successPanel: Color

    public static let standard = Palette(
        background: Color(rgb: 0x0B1E33), surface: Color(rgb: 0x16324F), text: .white, mutedText: Color(rgb: 0xC9D6E3),
        primary: Color(rgb: 0xFFD400), onPrimary: Color(rgb: 0x111111), secondary: Color(rgb: 0x24486E), onSecondary: .white,
        danger: Color(rgb: 0xC62828), onDanger: .white, success: Color(rgb: 0x2E7D32), warning: Color(rgb: 0xFFB300),
        outline: Color(rgb: 0x8FB3D9), disabled: Color(rgb: 0x3A4F66), onDisabled: Color(rgb: 0xD0DAE4), qrBackground: .white,
        dangerText: Color(rgb: 0xFF8A80), successText: Color(rgb: 0x9CE89F),
        warningPanel: Color(rgb: 0x5A3E00), dangerPanel: Color(rgb: 0x5C1010), successPanel: Color(rgb: 0x12401A))
}

extension Palette {
    /// High-contrast mode: white and yellow on black, every text/background pair at 7:1 or more
    /// (WCAG 2.2 SC 1.4.6), for low vision and for glare on the glass.
    public static let highContrast = Palette(
        background: .black, surface: Color(rgb: 0x1A1A1A), text: .white, mutedText: .white,
        primary: Color(rgb: 0xFFE600), onPrimary: .black, secondary: .black, onSecondary: .white,
        danger: Color(rgb: 0x8E0000), onDanger: .white, success: Color(rgb: 0x1B5E20), warning: Color(rgb: 0xFFE600),
        outline: .white, disabled: Color(rgb: 0x333333), onDisabled: .white, qrBackground: .white,
        dangerText: Color(rgb: 0xFF9E9E), successText: Color(rgb: 0xA5F2A8),
        warningPanel: Color(rgb: 0x2E2400), dangerPanel: Color(rgb: 0x3A0000), successPanel: Color(rgb: 0x0C2A10))
}

/// How a customer wants the screens drawn, switched on at the idle screen. Kept for that
/// customer's session only: the screen going back to idle (a sale finished, a cancel, a
/// timeout) gives the next customer the standard screens.
public struct DisplayMode: Sendable, Hashable, CustomStringConvertible {
    public var largeText: Bool
    public var highContrast: Bool

    public init(largeText: Bool = false, highContrast: Bool = false) {
        self.largeText = largeText
        self.highContrast = highContrast
    }

    public static let standard = DisplayMode()
    /// Every combination, for tests that draw each screen in each mode.
    public static let all = [standard, DisplayMode(largeText: true), DisplayMode(highContrast: true),
                             DisplayMode(largeText: true, highContrast: true)]

    public var isStandard: Bool { self == .standard }
    public var description: String {
        isStandard ? "standard" : [largeText ? "large-text" : nil, highContrast ? "high-contrast" : nil].compactMap { $0 }.joined(separator: "+")
    }
}

extension Theme {
    public var background: Color { palette.background }
    public var surface: Color { palette.surface }
    public var text: Color { palette.text }
    public var mutedText: Color { palette.mutedText }
    public var primary: Color { palette.primary }
    public var onPrimary: Color { palette.onPrimary }
    public var secondary: Color { palette.secondary }
    public var onSecondary: Color { palette.onSecondary }
    public var danger: Color { palette.danger }
    public var onDanger: Color { palette.onDanger }
    public var success: Color { palette.success }
    public var warning: Color { palette.warning }
    public var outline: Color { palette.outline }
    public var disabled: Color { palette.disabled }
    public var onDisabled: Color { palette.onDisabled }
    public var qrBackground: Color { palette.qrBackground }
}
