/// What every screen must meet, in the units people are measured in.
enum ScreenRules {
    /// WCAG 2.2 SC 1.4.3 (text against what is under it).
    static let minimumContrast = 4.5
    /// WCAG 2.2 SC 1.4.6, for a high-contrast mode.
    static let minimumHighContrast = 7.0
    /// ADA §707.8: characters at least 3/16 in (4.8 mm) high, measured on the uppercase I.
    static let minimumCapHeightMillimetres = 4.8
    /// A fingertip with room to spare, in both dimensions (a kiosk is touched standing, in a hurry).
    static let minimumTargetMillimetres = 15.0
    /// ADA §308: unobstructed forward or side reach, from the floor, mm.
    static let reachBand = 380.0...1220.0
}

/// One rule a screen breaks, worded so a person can find it: the screen (name, language, panel),
/// the node, and the value measured against the rule.
struct Finding: CustomStringConvertible {
    enum Rule: String, Sendable, CaseIterable {
        case contrast, capHeight = "cap height", targetSize = "touch target", truncated, clipped, splitWord = "split word", reach
        /// A part placed outside its container or the screen: a screen with more than the panel holds.
        case overflow
    }
    let rule: Rule
    let screen: String
    let node: String
    let measured: String

    var description: String { "\(screen): \(rule.rawValue): \(node): \(measured)" }
}
