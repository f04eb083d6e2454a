import Foundation
import KioskCore
import KioskDomain
import KioskSync
import Logging
import StoreAPI
import StoreServer
import Synchronization
import Testing
import KioskTestSupport

/// An outbox kept in memory for the length of a test; it outlives drainers the way the kiosk's
/// SQLite outbox outlives a kiosk process.
actor MemoryOutbox: SyncOutbox {
    private(set) var entries: [OutboxEntry] = []
    private(set) var sent: Set<String> = []
    /// Fail this many markSent calls (a kiosk killed after the store answered, before it recorded it).
    var failMarks = 0

    init(_ entries: [OutboxEntry] = []) { self.entries = entries }

    func append(_ entry: OutboxEntry) { entries.append(entry) }
    func failNextMarks(_ count: Int) { failMarks = count }
    var pendingCount: Int { entries.filter { !sent.contains($0.key) }.count }

    func pendingEntries(limit: Int) async throws -> [OutboxEntry] {
        Array(entries.filter { !sent.contains($0.key) }.prefix(limit))
    }

    func markSent(_ keys: [String], at: Date) async throws {
        if failMarks > 0 {
            failMarks -= 1
            throw CancellationError()
        }
        sent.formUnion(keys)
    }

    private(set) var refused: [String: String] = [:]
    func markRefused(_ reasons: [String: String], at: Date) async throws { refused.merge(reasons) { $1 } }
}

enum SyncFixtures {
    static let plans = [PricePlan(id: "hour", name: "Hour", price: .major(100, .rub), grant: .minutes(60, .internet),
                                  zones: ["hall"], validity: Validity(daysFromSale: 30))]

    static func mapper() -> OutboxEventMapper {
        OutboxEventMapper(currency: "RUB") { id in plans.first { $0.id == id } }
    }

    static func sale(_ index: Int, namespace: Int) -> (OutboxEntry, AccessCode) {
        var rng = SeededRandom(seed: UInt64(index) &+ 1000 &* UInt64(namespace + 1))
        let code = AccessCode.generate(namespace: KioskNamespace(number: namespace)!, using: &rng)
        return (OutboxEntry(key: "sale-\(namespace)-\(index)", kind: "sale",
                            payload: ["purchase_id": "p\(index)", "code": code.canonical, "plan_id": "hour",
                                      "price_minor": "10000", "unit": "internet_minutes", "quantity": "60"],
                            createdAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(index))), code)
    }

    static func refill(_ index: Int, of code: AccessCode, namespace: Int) -> OutboxEntry {
        OutboxEntry(key: "refill-\(namespace)-\(index)", kind: "refill",
                    payload: ["purchase_id": "r\(index)", "target": "ticket:\(code.canonical)", "price_minor": "5000",
                              "unit": "internet_minutes", "quantity": "30", "surplus_minor": "0"],
                    createdAt: Date(timeIntervalSince1970: 1_780_000_000 + Double(index)))
    }

    /// The store's catalog: the fixtures' plan, and the refill the fixtures' refills pay for
    /// (they name no plan, as kiosks before plan ids in refill entries did).
    static let catalog = Catalog(currency: "RUB", siteTimeZone: "Europe/Moscow",
                                 plans: (plans + [PricePlan(id: "refill30", name: "Refill", price: .major(50, .rub),
                                                            grant: .minutes(30, .internet))]).map(CatalogPlan.init))

    /// Registers a kiosk, after uploading the catalog the store checks its events against.
    static func register(_ port: Int) async throws -> RegisterKioskResponse {
        let admin = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)"), connectTimeout: .seconds(1))
        _ = try await admin.putCatalog(catalog, adminToken: LiveStore.adminToken)
        let registered = try await admin.register(adminToken: LiveStore.adminToken, name: "k", site: "s")
        try await admin.shutdown()
        return registered
    }

    static func balances(_ port: Int) async throws -> BalancesReport {
        let admin = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)"), connectTimeout: .seconds(1))
        let report = try await admin.balances(adminToken: LiveStore.adminToken)
        try await admin.shutdown()
        return report
    }
}


@Suite("Sync client")
struct SyncClientTests {
    @Test("the outbox drains in batches; the store holds each event once and the balances match")
    func drains() async throws {
        try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in
            let kiosk = try await SyncFixtures.register(port)
            let outbox = MemoryOutbox()
            for index in 0..<150 {
                let (sale, code) = SyncFixtures.sale(index, namespace: kiosk.namespace)
                await outbox.append(sale)
                if index % 3 == 0 { await outbox.append(SyncFixtures.refill(index, of: code, namespace: kiosk.namespace)) }
            }
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: kiosk.bearerToken), connectTimeout: .seconds(1))
            let drainer = OutboxDrainer(outbox: outbox, client: client, mapper: SyncFixtures.mapper(), batchSize: 40)
            let report = try await drainer.drain()
            #expect(report.sent == 200)
            #expect(report.applied == 200)
            #expect(report.batches == 5)
            #expect(await outbox.pendingCount == 0)
            let balances = try await SyncFixtures.balances(port)
            #expect(balances.eventCount == 200)
            let (_, code0) = SyncFixtures.sale(0, namespace: kiosk.namespace)
            #expect(balances.holders["ticket:\(code0.canonical)"]?["internet_minutes"] == 90)
            #expect(balances.holders["cash:\(kiosk.kioskID)"]?["money"] == Int64(150 * 10_000 + 50 * 5_000))
            // The plan's validity travelled with the sale.
            let info = try #require(try await client.ticket(code0))
            #expect(info.validity.daysFromSale == 30)
            #expect(info.zones == ["hall"])
            try await client.shutdown()
        }
    }

    @Test("a kiosk killed after the store answered resends; the store replays, nothing is counted twice")
    func resendAfterCrash() async throws {
        try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in
            let kiosk = try await SyncFixtures.register(port)
            let outbox = MemoryOutbox()
            for index in 0..<30 { await outbox.append(SyncFixtures.sale(index, namespace: kiosk.namespace).0) }
            await outbox.failNextMarks(1)
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: kiosk.bearerToken), connectTimeout: .seconds(1))
            let first = OutboxDrainer(outbox: outbox, client: client, mapper: SyncFixtures.mapper(), batchSize: 20)
            await #expect(throws: CancellationError.self) { _ = try await first.drain() }
            // "Restart": a new drainer on the same durable outbox.
            let second = OutboxDrainer(outbox: outbox, client: client, mapper: SyncFixtures.mapper(), batchSize: 20)
            let report = try await second.drain()
            #expect(report.replayed == 20)
            #expect(report.applied == 10)
            #expect(try await SyncFixtures.balances(port).eventCount == 30)
            try await client.shutdown()
        }
    }

    @Test("while the store is down the sync loop backs off; when it is back the outbox drains")
    func storeDown() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-sync-down-\(UUID().uuidString).sqlite").path
        let configuration = LiveStore.sqliteConfiguration(path: path)
        let kiosk = try await LiveStore.run(configuration) { port in try await SyncFixtures.register(port) }
        let outbox = MemoryOutbox()
        for index in 0..<10 { await outbox.append(SyncFixtures.sale(index, namespace: kiosk.namespace).0) }

        // A port nobody listens on.
        let deadPort = try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in port }
        let deadClient = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(deadPort)", kioskToken: kiosk.bearerToken), connectTimeout: .seconds(1))
        let catalogs = Mutex(0)
        let down = SyncService(drainer: OutboxDrainer(outbox: outbox, client: deadClient, mapper: SyncFixtures.mapper()),
                               backoff: SyncBackoff(base: .milliseconds(100), maximum: .seconds(2))) { _ in catalogs.withLock { $0 += 1 } }
        var waits: [Duration] = []
        for _ in 0..<4 { waits.append(await down.round()) }
        #expect(waits.allSatisfy { $0 <= .seconds(2) })
        #expect(await outbox.pendingCount == 10)
        try await deadClient.shutdown()

        try await LiveStore.run(configuration) { port in
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: kiosk.bearerToken), connectTimeout: .seconds(1))
            let up = SyncService(drainer: OutboxDrainer(outbox: outbox, client: client, mapper: SyncFixtures.mapper()),
                                 interval: .seconds(5)) { _ in catalogs.withLock { $0 += 1 } }
            #expect(await up.round() == .seconds(5))
            #expect(await outbox.pendingCount == 0)
            #expect(await up.totals.applied == 10)
            try await client.shutdown()
        }
    }

    @Test("a refill target the kiosk does not know is looked up at the store")
    func refillLookup() async throws {
        try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in
            let seller = try await SyncFixtures.register(port)
            let other = try await SyncFixtures.register(port)
            let (sale, code) = SyncFixtures.sale(1, namespace: seller.namespace)
            let sellerClient = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: seller.bearerToken),
                                               connectTimeout: .seconds(1))
            _ = try await OutboxDrainer(outbox: MemoryOutbox([sale]), client: sellerClient, mapper: SyncFixtures.mapper()).drain()
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: other.bearerToken),
                                         connectTimeout: .seconds(1))
            let lookup = StoreRefillLookup(client: client)
            let found = try #require(try await lookup.find(.ticket(code)))
            #expect(found.info.state == "sold")
            #expect(found.info.balances[.internetMinutes] == 60)
            #expect(found.ticket?.code == code)
            #expect(try await lookup.find(.account("NOBODY")) == nil)
            try await client.shutdown()
            try await sellerClient.shutdown()
        }
    }

    @Test("the catalog is pulled once per version")
    func catalogPull() async throws {
        try await LiveStore.run(LiveStore.sqliteConfiguration()) { port in
            let kiosk = try await SyncFixtures.register(port)
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)", kioskToken: kiosk.bearerToken), connectTimeout: .seconds(1))
            let put = try await client.putCatalog(Catalog(currency: "RUB", siteTimeZone: "Europe/Moscow",
                                                          plans: SyncFixtures.plans.map(CatalogPlan.init)), adminToken: LiveStore.adminToken)
            let received = Mutex<[Int]>([])
            let service = SyncService(drainer: OutboxDrainer(outbox: MemoryOutbox(), client: client, mapper: SyncFixtures.mapper())) {
                catalog in received.withLock { $0.append(catalog.version) }
            }
            _ = await service.round()
            _ = await service.round()
            #expect(received.withLock { $0 } == [put.version])
            try await client.shutdown()
        }
    }
}

@Suite("Sync client parts")
struct SyncPartsTests {
    @Test("backoff doubles up to its maximum, and the jitter stays under the ceiling")
    func backoff() {
        let backoff = SyncBackoff(base: .milliseconds(500), maximum: .seconds(60))
        #expect(backoff.ceiling(afterFailures: 0) == .zero)
        #expect(backoff.ceiling(afterFailures: 1) == .milliseconds(500))
        #expect(backoff.ceiling(afterFailures: 4) == .seconds(4))
        #expect(backoff.ceiling(afterFailures: 40) == .seconds(60))
        var rng = SeededRandom(seed: 1)
        let delays = (0..<200).map { _ in backoff.delay(afterFailures: 5, using: &rng) }
        #expect(delays.allSatisfy { $0 >= .zero && $0 <= .seconds(8) })
        #expect(Set(delays).count > 50)
    }

    @Test("every kind the kiosk's outbox writes maps to an event; an unknown kind is an error")
    func mapping() async throws {
        let mapper = SyncFixtures.mapper()
        let (sale, code) = SyncFixtures.sale(1, namespace: 3)
        guard case .ticketSold(let sold) = try await mapper.event(for: sale).payload else { Issue.record("not a sale"); return }
        #expect(sold.code == code.canonical)
        #expect(sold.grant == WireGrant(unit: .internetMinutes, quantity: 60))
        let refill = try await mapper.event(for: SyncFixtures.refill(1, of: code, namespace: 3))
        guard case .refillApplied(let applied) = refill.payload else { Issue.record("not a refill"); return }
        #expect(applied.target == .ticket(code.canonical))
        let credit = OutboxEntry(key: "credit-1", kind: "customer_credit",
                                 payload: ["credit_id": "c1", "purchase_id": "p1", "amount_minor": "700"], createdAt: .now)
        #expect(try await mapper.event(for: credit).payload.type == "customer_credit")
        let collection = OutboxEntry(key: "collection-1", kind: "cash_collection",
                                     payload: ["sequence": "1", "collector": "anna", "seal": "s", "expected_minor": "100",
                                               "counted_minor": "100"], createdAt: .now)
        #expect(try await mapper.event(for: collection).payload.type == "cash_collected")
        let batch = OutboxEntry(key: "batch-1", kind: "voucher_batch",
                                payload: ["batch_id": "1", "kind": "ticket", "plan_id": "hour", "count": "5",
                                          "unit_price_minor": "100", "sell_mode": "now"], createdAt: .now)
        #expect(try await mapper.event(for: batch).payload.type == "voucher_batch_sold")
        // What the kiosk's store writes today: all money kept on a sale, a refill's surplus, a
        // batch's codes and accounts.
        var kept = sale
        kept.payload["paid_minor"] = "15000"
        kept.payload["quantity"] = "90"
        guard case .ticketSold(let keptSale) = try await mapper.event(for: kept).payload else { Issue.record("not a sale"); return }
        #expect(keptSale.price.minor == 15_000 && keptSale.grant.quantity == 90)
        var surplus = SyncFixtures.refill(2, of: code, namespace: 3)
        surplus.payload["surplus_minor"] = "5000"
        guard case .refillApplied(let withSurplus) = try await mapper.event(for: surplus).payload else { Issue.record("not a refill"); return }
        #expect(withSurplus.surplus?.minor == 5_000)
        var listed = batch
        listed.payload["codes"] = "\(code.canonical),\(code.canonical)"
        listed.payload["accounts"] = #"[{"username":"U1","password":"p","kind":"prepaid"}]"#
        listed.payload["unit"] = "internet_minutes"
        listed.payload["quantity"] = "60"
        guard case .voucherBatchSold(let sold) = try await mapper.event(for: listed).payload else { Issue.record("not a batch"); return }
        #expect(sold.codes?.count == 2)
        #expect(sold.accounts == [.init(username: "U1", password: "p", kind: .prepaid)])
        #expect(sold.grant == WireGrant(unit: .internetMinutes, quantity: 60))
        await #expect(throws: OutboxEventMapper.MappingError.unknownKind("teleport")) {
            _ = try await mapper.event(for: OutboxEntry(key: "x", kind: "teleport", payload: [:], createdAt: .now))
        }
    }
}
