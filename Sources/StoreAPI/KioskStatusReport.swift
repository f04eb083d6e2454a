import Foundation

/// `PUT /v1/kiosk/status`: how the kiosk's devices are, sent after each sync round so the staff
/// console shows the printer, bill acceptor and disk of every kiosk. Only the latest report is
/// kept; it is information for staff, not an event (no idempotency key, nothing in the ledger).
public struct KioskStatusReport: Hashable, Sendable, Codable {
    public struct Device: Hashable, Sendable, Codable {
        public enum State: String, Hashable, Sendable, Codable { case ok, warning, fault }
        public var state: State
        /// What a person should know ("paper out", "cassette removed"); nil when all is well.
        public var message: String?

        public init(_ state: State, _ message: String? = nil) {
            self.state = state
            self.message = message
        }
    }

    public var printer: Device
    public var cashAcceptor: Device
    public var disk: Device
    /// Outbox events not yet acknowledged by the store.
    public var outboxPending: Int
    public var outOfService: Bool
    public var reportedAt: Date
    /// The kiosk's `SoftwareVersion.current` ("0.17.0", "dev"), so staff see which kiosks an
    /// update reached. Optional on the wire: kiosks older than the field send none.
    public var softwareVersion: String?

    public init(printer: Device, cashAcceptor: Device, disk: Device, outboxPending: Int, outOfService: Bool, reportedAt: Date,
                softwareVersion: String? = nil) {
        self.printer = printer
        self.cashAcceptor = cashAcceptor
        self.disk = disk
        self.outboxPending = outboxPending
        self.outOfService = outOfService
        self.reportedAt = reportedAt
        self.softwareVersion = softwareVersion
    }
}
