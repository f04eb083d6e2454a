import KioskCore

extension PrinterCondition {
    /// Parses an IPP printer-state-reasons keyword (RFC 8011 §5.4.12, as cupsd reports it); nil
    /// for `none`.
    public init?(ippKeyword: String) {
        if ippKeyword == "none" || ippKeyword.isEmpty { return nil }
        var base = ippKeyword
        // No suffix means error (RFC 8011 §5.4.12).
        var severity = Severity.error
        for suffix in [Severity.error, .warning, .report] where ippKeyword.hasSuffix("-" + suffix.rawValue) {
            severity = suffix
            base = String(ippKeyword.dropLast(suffix.rawValue.count + 1))
        }
        let kind: Kind = switch base {
        case "offline": .offline
        case "paused": .paused
        case "media-empty": .mediaEmpty
        case "media-low": .mediaLow
        case "media-jam": .mediaJam
        case "media-needed": .mediaNeeded
        case "door-open": .doorOpen
        case "cover-open": .coverOpen
        case "marker-supply-low", "toner-low": .markerSupplyLow
        case "marker-supply-empty", "toner-empty": .markerSupplyEmpty
        default: .other(base)
        }
        self.init(kind, severity, keyword: ippKeyword)
    }
}
