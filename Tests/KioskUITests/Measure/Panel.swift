import KioskGraphics
import KioskUI

/// A panel as installed: its pixels, its real density and where its bottom edge hangs above the
/// floor. Millimetre rules (cap height, touch targets, reach) are checked against these figures.
struct Panel: Sendable, CustomStringConvertible {
    let name: String
    let resolution: Resolution
    /// Bottom edge of the active area above the floor, mm.
    let bottomAboveFloor: Double

    var description: String { "\(resolution)" }
    /// The theme the kiosk draws this panel with when its config says how high it hangs
    /// (`[devices] mounting_height_mm`).
    var theme: Theme {
        Theme(size: Size(width: resolution.width, height: resolution.height), dpi: resolution.dpi, mountingHeight: bottomAboveFloor)
    }
    /// Height of the active area, mm.
    var heightMillimetres: Double { Double(resolution.height) / resolution.dpi * 25.4 }

    /// The panels the kiosk ships on. DPI is the panel's real density, not a setting:
    /// - 7″ 800×480: 152 × 91 mm active area → 133 dpi; a counter-top unit, bottom edge at 1000 mm.
    /// - 21.5″ 1920×1080: 476 × 268 mm → 102 dpi; wall or stand, bottom edge at 850 mm.
    /// - 21.5″ 1080×1920 (the same panel turned): 102 dpi; floor stand, bottom edge at 700 mm.
    /// Each hangs wholly inside the ADA §308 reach band (380–1220 mm), so every control does too.
    static let supported = [
        Panel(name: "21.5″ landscape", resolution: Resolution(width: 1920, height: 1080, dpi: 102), bottomAboveFloor: 850),
        Panel(name: "21.5″ portrait", resolution: Resolution(width: 1080, height: 1920, dpi: 102), bottomAboveFloor: 700),
        Panel(name: "7″", resolution: Resolution(width: 800, height: 480, dpi: 133), bottomAboveFloor: 1000),
    ]

    /// A 32″ portrait panel (398 × 708 mm, 69 dpi) with its bottom edge at 800 mm: its top 290 mm
    /// are above the 1220 mm reach limit. Told its mounting height, the kiosk leaves that strip
    /// empty and fits each screen below it (`Theme.unreachable`); not told, the reach rule names
    /// every control up there (both tested).
    static let tallPortrait = Panel(name: "32″ portrait at 800 mm", resolution: Resolution(width: 1080, height: 1920, dpi: 68.8),
                                    bottomAboveFloor: 800)
}

/// A panel as a customer in one display mode sees it: the measuring sweep's first argument.
struct PanelInMode: Sendable, CustomStringConvertible {
    let panel: Panel
    let mode: DisplayMode
    var description: String { "\(panel) \(mode)" }
}
