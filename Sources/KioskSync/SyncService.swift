import Foundation
import Logging
import StoreAPI

/// The kiosk's sync loop: drain the outbox, pull the catalog when it changed, and after a failure
/// wait with exponential backoff and full jitter. It keeps no state that a restart would lose:
/// the outbox is durable and the catalog's version is asked for again.
public actor SyncService {
    public let drainer: OutboxDrainer
    public let backoff: SyncBackoff
    public let interval: Duration
    /// Receives a catalog newer than the last one seen (the kiosk saves its plans).
    private let onCatalog: @Sendable (Catalog) async throws -> Void
    /// The kiosk's device report, sent after each round that reached the store.
    private let statusReport: @Sendable () async -> KioskStatusReport?
    private var etag: String?
    private var failures = 0
    private var rng = SystemRandomNumberGenerator()
    public private(set) var totals = DrainReport()
    /// When a round last reached the store and drained without error, and what went wrong since:
    /// the kiosk's status page and its "store offline" rule read these.
    public private(set) var lastSuccess: Date?
    /// The last device report sent (its time blanked) and when.
    private var lastStatus: (KioskStatusReport, Date)?
    public private(set) var lastProblem: String?

    public init(drainer: OutboxDrainer, backoff: SyncBackoff = SyncBackoff(), interval: Duration = .seconds(5),
                statusReport: @escaping @Sendable () async -> KioskStatusReport? = { nil },
                onCatalog: @escaping @Sendable (Catalog) async throws -> Void) {
        self.drainer = drainer
        self.backoff = backoff
        self.interval = interval
        self.statusReport = statusReport
        self.onCatalog = onCatalog
    }

    /// One round: catalog, then outbox. Returns the wait before the next round.
    public func round() async -> Duration {
        do {
            if let catalog = try await drainer.client.pullCatalog(etag: etag) {
                try await onCatalog(catalog)
                etag = catalog.etag
            }
            let report = try await drainer.drain()
            await sendStatusIfDue()
            return succeeded(report)
        } catch let error as StoreClientError where !error.isTransient {
            // 404 before staff uploaded a catalog is normal; the outbox still drains.
            if case .refused(404, _) = error, let report = try? await drainer.drain() {
                return succeeded(report)
            }
            failures += 1
            lastProblem = "\(error)"
            drainer.logger.error("sync failed: \(error)")
        } catch {
            failures += 1
            lastProblem = "\(error)"
            drainer.logger.warning("sync failed, will retry: \(error)")
        }
        return backoff.delay(afterFailures: failures, using: &rng)
    }

    /// The device report goes when it changed, and at least every `statusRefresh` so the console
    /// can tell a silent kiosk from a quiet one — not on every round. Information for staff only:
    /// a failure is retried next round, never fatal.
    private func sendStatusIfDue() async {
        guard let status = await statusReport() else { return }
        var comparable = status
        comparable.reportedAt = .distantPast
        if let (last, at) = lastStatus, last == comparable, Date().timeIntervalSince(at) < Self.statusRefresh { return }
        do {
            try await drainer.client.reportStatus(status)
            lastStatus = (comparable, Date())
        } catch {
            drainer.logger.notice("status report not sent: \(error)")
        }
    }

    static let statusRefresh: TimeInterval = 60

    private func succeeded(_ report: DrainReport) -> Duration {
        totals.add(report)
        failures = 0
        lastSuccess = Date()
        lastProblem = nil
        return interval
    }

    /// Runs until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            let wait = await round()
            try? await Task.sleep(for: wait)
        }
    }
}

extension DrainReport {
    mutating func add(_ other: DrainReport) {
        sent += other.sent
        applied += other.applied
        replayed += other.replayed
        rejected += other.rejected
        conflicts += other.conflicts
        unmappable += other.unmappable
        batches += other.batches
    }
}
