import Foundation
import KioskCash
import KioskCore
import KioskDisplay
import KioskDomain
import KioskStoreSQLite

/// What `KioskComposition` wired together for the session: the one place that knows which
/// adapters are in use.
struct RunDependencies: Sendable {
    let config: KioskConfig
    let sink: any DisplaySink
    let store: SQLiteKioskStore
    /// The bill acceptor, the kiosk's one handle on it: events go to one consumer after another
    /// (power-up reports, then each payment); connection and faults are read from it too.
    let acceptor: SharedCashAcceptor
    let clock: any WallClock
    let staffAccess: StaffAccess
    /// The receipt printer: a CUPS queue, or a folder of receipt files.
    let printer: any Printer
    /// The central store; nil on a standalone kiosk.
    let storeLink: StoreLink?
    let log: @Sendable (String) -> Void

    var printerPolicy: PrinterFaultPolicy { config.printerPolicy }

    var sell: SellTicket<SystemRandomNumberGenerator> {
        SellTicket(store: store, clock: clock, namespace: config.namespace, overpayment: config.overpayment,
                   rng: SystemRandomNumberGenerator())
    }

    var refill: RefillAtKiosk {
        RefillAtKiosk(store: store, clock: clock, siteTimeZone: config.siteTimeZone, remote: storeLink?.lookup)
    }

    /// The sale, the whole way: every purchase at this kiosk goes through it.
    var checkout: Checkout<SystemRandomNumberGenerator> {
        Checkout(store: store, acceptor: acceptor, sell: sell, refill: refill, printer: printer, printerPolicy: printerPolicy,
                 clock: clock, log: log)
    }

    /// The notes a payment takes: the device's bill table, narrowed by `[devices] notes`. Before
    /// the device has said what it takes, the configured list (or the usual notes of the currency).
    var acceptedNotes: [Money] {
        let currency = config.currency
        let allowed = config.devices.notes.map { $0.map { Money.major($0, currency) } }
        guard let table = acceptor.connectedInfo?.denominations else { return allowed ?? Self.usualNotes(currency) }
        guard let allowed else { return table.sorted() }
        return table.filter { allowed.contains($0) }.sorted()
    }

    /// Shown until the bill acceptor reports its bill table.
    static func usualNotes(_ currency: Currency) -> [Money] { [50, 100, 200, 500, 1000, 2000, 5000].map { .major($0, currency) } }

    func qrPayload(_ code: AccessCode) -> String { (config.loginURL ?? "") + code.canonical }
}
