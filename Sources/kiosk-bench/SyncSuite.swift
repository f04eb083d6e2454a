import ArgumentParser
import Foundation
import GRDB
import Hummingbird
import KioskCore
import KioskDomain
import KioskStoreSQLite
import KioskSync
import Logging
import ServiceLifecycle
import StoreAPI
import StoreServer

/// `kiosk-bench sync`: how fast the kiosk's outbox drains to kiosk-store over loopback, and how
/// much the store ingests from 50 kiosks at once, on SQLite and on PostgreSQL.
/// With `--fault-kiosk`, it is instead one kiosk of Tests/system/sync-faults.sh (hidden options).
struct SyncSuite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Outbox drain over loopback; store ingest from concurrent kiosks (SQLite, PostgreSQL).")

    @Option(help: "Outbox events to drain.") var events = 10_000
    @Option(help: "Events per batch when draining.") var batch = 500
    @Option(help: "Concurrent kiosks for the ingest figure.") var kiosks = 50
    @Option(help: "Events each kiosk pushes in the ingest figure.") var perKiosk = 200
    @Option(help: "Events per request in the ingest figure.") var ingestBatch = 10
    @Option(help: "PostgreSQL server for the ingest figure: postgres://USER@HOST:PORT/DB (else KIOSK_STORE_TEST_POSTGRES).")
    var postgres: String?

    @Option(help: ArgumentHelp("Fault-test kiosk: its SQLite database.", visibility: .hidden)) var faultKiosk: String?
    @Option(help: ArgumentHelp("Fault-test kiosk: the store's URL.", visibility: .hidden)) var storeURL: String?
    @Option(help: ArgumentHelp("Fault-test kiosk: its bearer token.", visibility: .hidden)) var token: String?
    @Option(help: ArgumentHelp("Fault-test kiosk: its namespace.", visibility: .hidden)) var namespace = 0
    @Option(help: ArgumentHelp("Fault-test kiosk: sales and refills to make.", visibility: .hidden)) var operations = 200
    @Flag(help: ArgumentHelp("Fault-test kiosk: print its ledger and outbox as JSON and exit.", visibility: .hidden))
    var report = false

    func run() async throws {
        if let faultKiosk {
            guard let storeURL, let token else { throw ValidationError("--fault-kiosk needs --store-url and --token") }
            let kiosk = try FaultKiosk(path: faultKiosk, storeURL: storeURL, token: token, namespace: namespace)
            if report { return try await kiosk.printReport() }
            return try await kiosk.run(operations: operations)
        }
        try await benchDrain()
        try await benchIngest(name: "sqlite", database: .sqlite(path: Self.scratch("ingest.sqlite")))
        if let url = postgres ?? ProcessInfo.processInfo.environment["KIOSK_STORE_TEST_POSTGRES"], var settings = PostgresSettings(url: url) {
            let name = "bench_\(getpid())_\(Int(Date().timeIntervalSince1970))"
            try await PostgresStoreDatabase.createDatabase(name, using: settings, logger: Logger(label: "bench"))
            settings.database = name
            settings.poolSize = 16
            try await benchIngest(name: "postgres", database: .postgres(settings))
        } else {
            say("sync ingest postgres: skipped (give --postgres postgres://USER@HOST:PORT/DB)")
        }
    }

    static func scratch(_ file: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-sync-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(file).path
    }

    /// 10,000 sales in the kiosk's real outbox table, drained over loopback to an in-process store.
    private func benchDrain() async throws {
        let kioskPath = Self.scratch("kiosk.sqlite")
        let configuration = StoreConfiguration(port: 0, database: .sqlite(path: Self.scratch("drain-store.sqlite")),
                                               adminToken: Self.adminToken)
        try await Self.withStore(configuration) { port in
            let kiosk = try await Self.register(port: port)
            var rng = SystemRandomNumberGenerator()
            let namespace = KioskNamespace(number: kiosk.namespace)!
            try BenchOutboxSeed.seed((0..<events).map { index in
                let code = AccessCode.generate(namespace: namespace, using: &rng)
                return OutboxEntry(key: "sale-bench-\(index)", kind: "sale",
                                   payload: ["purchase_id": "bench-\(index)", "code": code.canonical, "plan_id": "internet-1h",
                                             "price_minor": "10000", "unit": "internet_minutes", "quantity": "60"],
                                   createdAt: Date())
            }, into: kioskPath)
            let outbox = try SQLiteKioskStore(path: kioskPath, currency: .rub)
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: kiosk.bearerToken),
                                         timeout: .seconds(60))
            let drainer = OutboxDrainer(outbox: outbox, client: client,
                                        mapper: OutboxEventMapper(currency: "RUB") { _ in nil }, batchSize: batch)
            let start = ContinuousClock.now
            let result = try await drainer.drain()
            let seconds = (ContinuousClock.now - start).seconds
            try await client.shutdown()
            say(String(format: "sync drain: %d outbox events (kiosk SQLite outbox → kiosk-store on SQLite, loopback HTTP, batches of %d): %.2f s, %.0f events/s; applied %d, left %d",
                         events, batch, seconds, Double(result.sent) / seconds, result.applied, try await outbox.outboxCounts().pending))
        }
    }

    /// `kiosks` kiosks push at once; each request's latency is recorded.
    private func benchIngest(name: String, database: StoreConfiguration.Database) async throws {
        let configuration = StoreConfiguration(port: 0, database: database, adminToken: Self.adminToken)
        try await Self.withStore(configuration) { port in
            var registered: [RegisterKioskResponse] = []
            for _ in 0..<kiosks { registered.append(try await Self.register(port: port)) }
            let perKiosk = self.perKiosk, ingestBatch = self.ingestBatch
            let start = ContinuousClock.now
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for kiosk in registered {
                    group.addTask {
                        let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)",
                                                                             kioskToken: kiosk.bearerToken), timeout: .seconds(60))
                        var rng = SystemRandomNumberGenerator()
                        let namespace = KioskNamespace(number: kiosk.namespace)!
                        var times: [Double] = []
                        var sent = 0
                        do {
                        while sent < perKiosk {
                            let events = (0..<min(ingestBatch, perKiosk - sent)).map { offset in
                                KioskEvent(id: "\(kiosk.kioskID.prefix(8))-\(sent + offset)", occurredAt: Date(), payload: .ticketSold(TicketSold(
                                    code: AccessCode.generate(namespace: namespace, using: &rng).canonical, planID: "internet-1h",
                                    sellMode: .now, price: WireMoney(minor: 10_000, currency: "RUB"),
                                    grant: WireGrant(unit: .internetMinutes, quantity: 60))))
                            }
                            let begin = ContinuousClock.now
                            let results = try await client.push(events)
                            times.append((ContinuousClock.now - begin).seconds * 1000)
                            guard results.allSatisfy({ $0.status == .applied }) else {
                                throw ValidationError("the store did not apply a bench event: \(results.first { $0.status != .applied }!)")
                            }
                            sent += events.count
                        }
                        } catch {
                            try? await client.shutdown()
                            throw error
                        }
                        try await client.shutdown()
                        return times
                    }
                }
                return try await group.reduce(into: [Double]()) { $0 += $1 }.sorted()
            }
            let seconds = (ContinuousClock.now - start).seconds
            let total = kiosks * perKiosk
            say(String(format: "sync ingest %@: %d kiosks × %d events in requests of %d: %d events in %.2f s = %.0f events/s; request latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                         name, kiosks, perKiosk, ingestBatch, total, seconds, Double(total) / seconds,
                         percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.last ?? 0))
        }
    }

    static let adminToken = "kiosk-bench-admin-token-0123456789"

    /// Unbuffered, so a figure is not lost if a later step fails.
    func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    /// Registers a kiosk, after uploading the catalog its sales follow from (the store checks them).
    static func register(port: Int) async throws -> RegisterKioskResponse {
        let admin = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)"))
        _ = try await admin.putCatalog(Catalog(currency: "RUB", siteTimeZone: "Europe/Moscow",
                                               plans: [CatalogPlan(FaultKiosk.plan)]), adminToken: adminToken)
        let registered = try await admin.register(adminToken: adminToken, name: "bench", site: "bench")
        try await admin.shutdown()
        return registered
    }

    /// Runs kiosk-store in this process on a loopback port for the length of `body`.
    static func withStore(_ configuration: StoreConfiguration, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        var logger = Logger(label: "bench-store")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await buildApplication(configuration, logger: logger) { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            do { try await body(port) } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

/// Fills a kiosk database's outbox directly, for the drain figure: 10,000 real sales would take
/// over a minute of fsyncs before the part being measured starts.
enum BenchOutboxSeed {
    static func seed(_ entries: [OutboxEntry], into path: String) throws {
        _ = try SQLiteKioskStore(path: path, currency: .rub)   // creates the schema
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for entry in entries {
                let payload = String(decoding: try JSONEncoder().encode(entry.payload), as: UTF8.self)
                try db.execute(sql: "INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES (?, ?, ?, ?)",
                               arguments: [entry.key, entry.kind, payload, Int64(entry.createdAt.timeIntervalSince1970 * 1000)])
            }
        }
    }
}

/// One kiosk of the fault test: real cash sales and refills through the kiosk's SQLite store
/// (ledger and outbox in one transaction each), drained by the real sync client. Killed at random
/// by the test; on restart it carries on from what its database holds.
struct FaultKiosk {
    let store: SQLiteKioskStore
    let client: StoreClient
    let namespace: KioskNamespace
    static let plan = PricePlan(id: "internet-1h", name: "Internet 1 hour", price: .major(100, .rub), grant: .minutes(60, .internet))
    static let refillPlan = PricePlan(id: "refill-30", name: "Refill 30 min", price: .major(50, .rub), grant: .minutes(30, .internet))

    init(path: String, storeURL: String, token: String, namespace: Int) throws {
        store = try SQLiteKioskStore(path: path, currency: .rub)
        client = try StoreClient(endpoint: StoreEndpoint(baseURL: storeURL, kioskToken: token), timeout: .seconds(5),
                                 connectTimeout: .seconds(1))
        self.namespace = KioskNamespace(number: namespace)!
    }

    func run(operations: Int) async throws {
        try await store.syncPlans([Self.plan, Self.refillPlan])
        var logger = Logger(label: "fault-kiosk-\(namespace)")
        logger.logLevel = .critical
        let drainer = OutboxDrainer(outbox: store, client: client, mapper: OutboxEventMapper(currency: "RUB") { id in
            [Self.plan, Self.refillPlan].first { $0.id == id }
        }, batchSize: 20, logger: logger)
        let sync = SyncService(drainer: drainer, backoff: SyncBackoff(base: .milliseconds(50), maximum: .seconds(1)),
                               interval: .milliseconds(100)) { _ in }
        let syncing = Task { await sync.run() }
        var rng = SystemRandomNumberGenerator()
        while try await store.outboxCounts().total < operations {
            let tickets = try await ownTickets()
            let id = UUID().uuidString.lowercased()
            if let target = tickets.randomElement(using: &rng), Int.random(in: 0..<10, using: &rng) < 4 {
                let product = Product.refill(Self.refillPlan, .ticket(target))
                try await store.beginPurchase(PurchaseRecord(id: id, product: product, startedAt: Date()))
                let note = try await store.recordEscrow(purchaseID: id, amount: Self.refillPlan.price, deviceRef: "fault")
                _ = try await store.recordStacked(noteID: note, paysPurchase: true)
                try await store.applyRefill(purchaseID: id, target: .ticket(target), grant: Self.refillPlan.grant, extendedUntil: nil)
            } else {
                try await store.beginPurchase(PurchaseRecord(id: id, product: .ticket(Self.plan), startedAt: Date()))
                let note = try await store.recordEscrow(purchaseID: id, amount: Self.plan.price, deviceRef: "fault")
                _ = try await store.recordStacked(noteID: note, paysPurchase: true)
                let ticket = Ticket(code: AccessCode.generate(namespace: namespace, using: &rng), planID: Self.plan.id,
                                    sellMode: .now, createdAt: Date())
                try await store.issueTicket(purchaseID: id, ticket: ticket, grant: Self.plan.grant, surplus: nil)
            }
            try await store.completePurchase(purchaseID: id)
            try await Task.sleep(for: .milliseconds(Int.random(in: 80...240, using: &rng)))
        }
        // All sold: wait until the store has acknowledged everything, then leave.
        while try await store.outboxCounts().pending > 0 { try await Task.sleep(for: .milliseconds(100)) }
        syncing.cancel()
        _ = await syncing.value
        try await client.shutdown()
        print("fault-kiosk \(namespace): done, \(try await store.outboxCounts().total) events acknowledged")
    }

    private func ownTickets() async throws -> [AccessCode] {
        try await store.allBalances().keys.compactMap { holder in
            holder.hasPrefix("ticket:") ? try? AccessCode.parse(String(holder.dropFirst(7))) : nil
        }
    }

    func printReport() async throws {
        let report: [String: AnyCodable] = [
            "events": .int(try await store.outboxCounts().total),
            "pending": .int(try await store.outboxCounts().pending),
            "balances": .balances(try await store.allBalances()),
        ]
        let data = try JSONEncoder().encode(report)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
        try await client.shutdown()
    }

    enum AnyCodable: Encodable {
        case int(Int)
        case balances([String: [String: Int64]])
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .balances(let value): try container.encode(value)
            }
        }
    }
}
