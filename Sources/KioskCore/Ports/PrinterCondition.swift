/// One IPP printer-state-reason, e.g. `media-empty-error`: a kind and how serious it is.
/// KioskPrinting's CUPS code parses the keywords (`PrinterCondition+IPP.swift`).
public struct PrinterCondition: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case offline, paused, mediaEmpty, mediaLow, mediaJam, mediaNeeded, doorOpen, coverOpen
        case markerSupplyLow, markerSupplyEmpty, other(String)
    }
    /// IPP's suffix: `-error` stops printing, `-warning` does not, `-report` is news.
    public enum Severity: String, Sendable, Hashable { case error, warning, report }

    public var kind: Kind
    public var severity: Severity
    /// The keyword as the printer sent it.
    public var keyword: String

    public init(_ kind: Kind, _ severity: Severity, keyword: String) {
        self.kind = kind
        self.severity = severity
        self.keyword = keyword
    }

    /// Whether this condition stops jobs. Offline and paused block whatever their suffix (CUPS
    /// reports an unreachable socket printer as `offline-report`); CUPS' own `cups-*` keywords
    /// are bookkeeping and never block.
    public var blocksPrinting: Bool {
        switch kind {
        case .offline, .paused: return true
        case .other(let base) where base.hasPrefix("cups-") || base.hasPrefix("com.apple."): return false
        default: return severity == .error
        }
    }

    public var explanation: String {
        switch kind {
        case .offline: "is offline: check its power and cable"
        case .paused: "is paused: run `cupsenable` after fixing it"
        case .mediaEmpty: "is out of paper: load a new roll"
        case .mediaLow: "is low on paper: have a roll ready"
        case .mediaJam: "has a paper jam: open it and clear the paper"
        case .mediaNeeded: "needs paper loaded"
        case .doorOpen, .coverOpen: "is open: close its cover"
        case .markerSupplyLow: "is low on ink or toner"
        case .markerSupplyEmpty: "is out of ink or toner"
        case .other(let base): "reports \(base)"
        }
    }

    public var description: String { keyword }
}
