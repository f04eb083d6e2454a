import Foundation
import KioskCash
import KioskCore
import KioskDisplay
import KioskDomain
import KioskStoreSQLite

/// What `kiosk run` wired together: the one place that knows which adapters are in use.
struct RunDependencies: Sendable {
    let config: KioskConfig
    let sink: any DisplaySink
    let store: SQLiteKioskStore
    /// Nil on a machine without a bill acceptor: the kiosk then shows "out of service".
    let driver: CCNETDriver?
    /// The driver's events handed to one payment after another.
    let acceptor: SharedCashAcceptor?
    let clock: any WallClock
    let staffAccess: StaffAccess
    /// The receipt printer; nil prints nothing and the done screen keeps the code.
    let printer: (any Printer)?
    let printerPolicy = PrinterFaultPolicy()
    let acceptedNotes: [Money]
    /// The central store; nil on a standalone kiosk.
    let storeLink: StoreLink?
    /// Prefix of the QR payload; the code's canonical form is appended.
    let loginURL: String?
    let log: @Sendable (String) -> Void

    var sell: SellTicket<SystemRandomNumberGenerator> {
        SellTicket(store: store, clock: clock, namespace: config.namespace, overpayment: config.overpayment,
                   rng: SystemRandomNumberGenerator())
    }

    var refill: RefillAtKiosk {
        RefillAtKiosk(store: store, clock: clock, siteTimeZone: config.siteTimeZone, remote: storeLink?.lookup)
    }

    func qrPayload(_ code: AccessCode) -> String { (loginURL ?? "") + code.canonical }
}
