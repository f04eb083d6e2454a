import Foundation
import KioskCore
import Logging
import StoreAPI

/// What one drain did, for logs, tests and the benchmark.
public struct DrainReport: Sendable, Hashable {
    public var sent = 0
    public var applied = 0
    public var replayed = 0
    /// Final refusals: the entry leaves the outbox, and staff see it in the log.
    public var rejected = 0
    /// The store holds a different body under the entry's key: the entry stays in the outbox
    /// (never marked sent, its money never reached the store), and the log says why.
    public var conflicts = 0
    /// The store holds the event in its quarantine (it does not believe it): the entry stays
    /// unsent with the store's reason, shown on the staff page, and is sent again next drain.
    public var quarantined = 0
    /// Entries the mapper could not turn into events; they stay in the outbox.
    public var unmappable = 0
    public var batches = 0

    public init() {}
}

/// Sends the outbox to the store in batches until it is empty. An entry is marked sent only after
/// the store's answer for it arrived, so a crash anywhere means a resend, never a loss; the store's
/// idempotency keys make the resend a replay. A conflict is no answer for the entry: the store
/// holds another body under its key, so this event never landed; it stays unsent for staff to see,
/// and is skipped for the rest of the drain.
public struct OutboxDrainer: Sendable {
    public let outbox: any SyncOutbox
    public let client: StoreClient
    public let mapper: OutboxEventMapper
    public let batchSize: Int
    public let logger: Logger
    /// One line per batch sent and acknowledged, for the kiosk's log (a person following the
    /// money, and the power-cut test, which kills the kiosk while a batch is in flight).
    public let announce: @Sendable (String) -> Void

    public init(outbox: any SyncOutbox, client: StoreClient, mapper: OutboxEventMapper, batchSize: Int = 200,
                logger: Logger = Logger(label: "kiosk.sync"), announce: @escaping @Sendable (String) -> Void = { _ in }) {
        precondition((1...1000).contains(batchSize), "a batch is 1…1000 events (the store's limit)")
        self.outbox = outbox
        self.client = client
        self.mapper = mapper
        self.batchSize = batchSize
        self.logger = logger
        self.announce = announce
    }

    /// Drains until the outbox has nothing sendable left. Throws `StoreClientError` when the store
    /// cannot be reached; what was acknowledged before stays acknowledged.
    public func drain(now: @Sendable () -> Date = Date.init) async throws -> DrainReport {
        var report = DrainReport()
        var skipped = Set<String>()
        while true {
            let entries = try await outbox.pendingEntries(limit: batchSize + skipped.count).filter { !skipped.contains($0.key) }
            if entries.isEmpty { return report }
            var events: [KioskEvent] = []
            for entry in entries.prefix(batchSize) {
                do {
                    events.append(try await mapper.event(for: entry))
                } catch {
                    skipped.insert(entry.key)
                    report.unmappable += 1
                    logger.error("outbox entry cannot be sent", metadata: ["key": .string(entry.key), "why": .string("\(error)")])
                }
            }
            if events.isEmpty { continue }
            announce("sync: sending \(events.count) events")
            let results = try await client.push(events)
            announce("sync: \(results.count) events acknowledged")
            guard results.count == events.count else {
                throw StoreClientError.undecodable("the store answered \(results.count) results for \(events.count) events")
            }
            var answered: [String] = []
            var refused: [String: String] = [:]
            for result in results {
                if result.status != .conflict && result.status != .quarantined { answered.append(result.id) }
                switch result.status {
                case .applied: report.applied += 1
                case .replayed: report.replayed += 1
                case .rejected:
                    report.rejected += 1
                    logger.warning("the store rejected an event", metadata: ["key": .string(result.id),
                                                                              "why": .string(result.message ?? "")])
                case .quarantined:
                    report.quarantined += 1
                    skipped.insert(result.id)
                    refused[result.id] = result.message ?? "quarantined"
                    logger.error("the store holds this event in its quarantine; it stays in the outbox",
                                 metadata: ["key": .string(result.id), "why": .string(result.message ?? "")])
                case .conflict:
                    report.conflicts += 1
                    skipped.insert(result.id)
                    logger.error("the store holds a different event under this key; it stays in the outbox",
                                 metadata: ["key": .string(result.id), "why": .string(result.message ?? "conflict")])
                }
            }
            if !refused.isEmpty { try await outbox.markRefused(refused, at: now()) }
            try await outbox.markSent(answered, at: now())
            report.sent += answered.count
            report.batches += 1
        }
    }
}
