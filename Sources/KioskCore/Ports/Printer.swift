import KioskDomain

/// A printer the kiosk (receipts) or the counter (voucher sheets) prints on.
///
/// The port speaks in documents (KioskDomain's `PrintDocument`, built alike by the kiosk and the
/// store's counter), not bytes: the adapter knows whether the queue is an ESC/POS thermal roll or
/// a driver queue for A4, and lays the document out for it. `print` returns only
/// when the job has reached an end (completed, failed, or cancelled after the policy's timeout),
/// because the caller decides what the customer sees from that end.
public protocol Printer: Sendable {
    /// The queue name people know the printer by ("receipt"), used in every message.
    var name: String { get }
    /// The latest known health. Cheap: adapters keep it fresh in the background.
    func health() async -> PrinterHealth
    /// Every change of health, starting with the current one, so a screen can show "out of paper"
    /// the moment the printer says so rather than when a job times out.
    func healthUpdates() -> AsyncStream<PrinterHealth>
    /// Prints and waits for the job's end; a job that has not ended after `timeout` is cancelled
    /// and reported as `.timedOut`.
    func print(_ document: PrintDocument, timeout: Duration) async throws(PrintError) -> PrintOutcome
}
