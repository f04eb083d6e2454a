/// Whether the kiosk may take money now, from everything that can stop a sale. The bill acceptor
/// is enabled only while this says `.open`; the moment it says `.closed` the acceptor is inhibited
/// (a note already stacked is still honoured: this gates new notes, never credit).
///
/// The central store being offline does not close sales: tickets sell fully offline, and only
/// refills of accounts this kiosk does not know wait for the store (the refill screen says so).
public struct SalesReadiness: Sendable, Hashable {
    public var outOfService: Bool = false
    /// False when the local database cannot be written (disk full, I/O error, read-only).
    public var databaseWritable: Bool = true
    /// Free bytes on the database's file system; below `minimumFreeBytes` counts as not writable,
    /// because a sale must never fail half-way for lack of space.
    public var freeBytes: UInt64? = nil
    public var minimumFreeBytes: UInt64 = 50 * 1024 * 1024
    /// What the printer policy says for the printer's current health.
    public var printerGate: PrinterFaultPolicy.SaleGate = .sellAndPrint
    /// A bill-acceptor fault a person must fix (jam, cassette out or full, failure); nil when fine.
    public var cashFault: CashFault? = nil
    public var cashAcceptorConnected: Bool = true
    /// True until the last run's unfinished sales are settled (`Checkout.settleAfterRestart`).
    public var settlingAfterRestart: Bool = false

    public init() {}

    public enum Verdict: Sendable, Hashable {
        /// Take money. `showCodeOnScreen`: the printer is down, the code will be shown instead.
        case open(showCodeOnScreen: Bool)
        /// Take no money, for these reasons (worded for staff; the customer sees "out of service").
        case closed(reasons: [String])

        public var acceptsMoney: Bool { if case .open = self { true } else { false } }
    }

    public var verdict: Verdict {
        var reasons: [String] = []
        if settlingAfterRestart { reasons.append("starting: settling what the last run left unfinished") }
        if outOfService { reasons.append("switched out of service by staff") }
        if !databaseWritable { reasons.append("the kiosk's database cannot be written: check the disk") }
        if let freeBytes, freeBytes < minimumFreeBytes {
            reasons.append("the disk is nearly full (\(freeBytes / 1_048_576) MB free): free space before selling")
        }
        if !cashAcceptorConnected { reasons.append("bill acceptor not connected: check its cable and power") }
        if let cashFault { reasons.append(cashFault.description) }
        if case .refuse(let reason) = printerGate { reasons.append("printer: \(reason) (on-screen codes are switched off)") }
        guard reasons.isEmpty else { return .closed(reasons: reasons) }
        if case .sellShowingCode = printerGate { return .open(showCodeOnScreen: true) }
        return .open(showCodeOnScreen: false)
    }
}
