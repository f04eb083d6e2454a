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
    private var etag: String?
    private var failures = 0
    private var rng = SystemRandomNumberGenerator()
    public private(set) var totals = DrainReport()

    public init(drainer: OutboxDrainer, backoff: SyncBackoff = SyncBackoff(), interval: Duration = .seconds(5),
                onCatalog: @escaping @Sendable (Catalog) async throws -> Void) {
        self.drainer = drainer
        self.backoff = backoff
        self.interval = interval
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
            totals.add(report)
            failures = 0
            return interval
        } catch let error as StoreClientError where !error.isTransient {
            // 404 before staff uploaded a catalog is normal; the outbox still drains.
            if case .refused(404, _) = error, let report = try? await drainer.drain() {
                totals.add(report)
                failures = 0
                return interval
            }
            failures += 1
            drainer.logger.error("sync failed: \(error)")
        } catch {
            failures += 1
            drainer.logger.warning("sync failed, will retry: \(error)")
        }
        return backoff.delay(afterFailures: failures, using: &rng)
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
