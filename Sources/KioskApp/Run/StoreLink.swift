import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite
import KioskSync
import KioskUI
import Logging
import StoreAPI

/// The kiosk's link to the central store, made when `[devices] store_url` is set: the sync loop
/// (outbox drained with backoff, catalog pulled) and the lookup of refill targets this kiosk does
/// not know. Without it the kiosk is standalone: it sells and refills what it knows, all offline.
struct StoreLink: Sendable {
    let client: StoreClient
    let sync: SyncService
    let lookup: StoreRefillLookup

    /// Nil when no store is configured. Throws, with what to fix, when one is configured wrongly
    /// (no token file, https without a CA): a kiosk that silently never syncs would lose track.
    static func open(config: KioskConfig, store: SQLiteKioskStore, interval: Duration,
                     log: @escaping @Sendable (String) -> Void,
                     status: @escaping @Sendable () async -> KioskStatusReport?,
                     onPlans: @escaping @Sendable ([PricePlan]) async -> Void) throws -> StoreLink? {
        guard let client = try Self.client(config: config) else { return nil }
        var logger = Logger(label: "kiosk-sync")
        logger.logLevel = .warning
        let currency = config.currency.code
        let mapper = OutboxEventMapper(currency: currency) { id in try await store.plan(id: id) }
        let drainer = OutboxDrainer(outbox: store, client: client, mapper: mapper, logger: logger, announce: log)
        let sync = SyncService(drainer: drainer, interval: interval, statusReport: status) { catalog in
            // The store's catalog replaces the config's plans once pulled; an empty one (a store
            // nobody has set up yet) changes nothing, so the kiosk never goes blank.
            let plans = catalog.plans.compactMap(\.pricePlan).filter { $0.price.currency.code == currency }
            guard !plans.isEmpty else {
                log("store catalog version \(catalog.version) has no plans in \(currency): keeping the configured plans")
                return
            }
            try await store.syncPlans(plans)
            log("store catalog version \(catalog.version): \(plans.count) plans on sale")
            await onPlans(plans)
        }
        return StoreLink(client: client, sync: sync, lookup: StoreRefillLookup(client: client))
    }

    /// The HTTP client of the store `[devices] store_url` names, with this kiosk's token; nil when
    /// none is configured (`kiosk run` and `kiosk store restore` use the same).
    static func client(config: KioskConfig) throws -> StoreClient? {
        guard let url = config.devices.storeURL else { return nil }
        let tokenFile = config.storeTokenPath
        guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            throw CommandFailure(description: "store_url is set but the kiosk's token file \(tokenFile) is missing or empty: "
                                 + "register the kiosk (`kiosk store register`) or set [devices] store_token_file")
        }
        do {
            return try StoreClient(endpoint: StoreEndpoint(baseURL: url, caCertificatePath: config.devices.storeCA, kioskToken: token))
        } catch {
            throw CommandFailure(description: "store_url \(url): \(error)")
        }
    }

    /// The store's line on the status page: reachable with everything sent, behind, or offline;
    /// events the store holds in its quarantine come first, with its latest reason, for staff.
    func status(pending: Int, refused: (count: Int, latestReason: String?)? = nil) async -> DeviceStatus.Health {
        if let refused, refused.count > 0 {
            return .fault("the store holds \(refused.count) of this kiosk's events in quarantine: \(refused.latestReason ?? "")")
        }
        let problem = await sync.lastProblem
        guard let last = await sync.lastSuccess, problem == nil else {
            return .fault("store offline: \(problem ?? "not reached yet"); \(pending) events waiting")
        }
        let age = Int(Date().timeIntervalSince(last))
        return pending == 0 ? .ok : .warning("\(pending) events waiting to sync (last sync \(age) s ago)")
    }
}

extension KioskSession {
    /// The device report the central store shows staff (sent after each sync round).
    func statusReport() async -> KioskStatusReport {
        func device(_ health: DeviceStatus.Health) -> KioskStatusReport.Device {
            switch health {
            case .ok: KioskStatusReport.Device(.ok)
            case .warning(let message): KioskStatusReport.Device(.warning, String(message.prefix(200)))
            case .fault(let message): KioskStatusReport.Device(.fault, String(message.prefix(200)))
            }
        }
        let status = ui.model.status
        return KioskStatusReport(printer: device(status.printer), cashAcceptor: device(status.cashAcceptor), disk: device(status.disk),
                                 outboxPending: (try? await deps.store.pendingOutboxCount()) ?? 0,
                                 outOfService: ui.model.isOutOfService, reportedAt: deps.clock.now(),
                                 softwareVersion: SoftwareVersion.current)
    }
}
