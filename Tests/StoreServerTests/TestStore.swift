import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import KioskCrypto
import KioskDomain
import Logging
import StoreAPI
import StoreServer
import Synchronization
import Testing
import KioskTestSupport

/// Log lines a test can read back ("refused request" lines prove refusals are logged).
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
    func count(containing text: String) -> Int { all.filter { $0.contains(text) }.count }
}

struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        recorder.append("\(event.level) \(event.message) \(rendered)")
    }
}

/// One store under test: a temp SQLite file (or PostgreSQL when asked), a manual clock, a log recorder.
struct TestStore {
    static let adminToken = "test-admin-token-0123456789"
    static let start = Date(timeIntervalSince1970: 1_780_000_000)   // 2026-05-28, a Thursday

    let clock = ManualStoreClock(TestStore.start)
    let recorder = LogRecorder()
    let configuration: StoreConfiguration
    /// The catalog uploaded when the store first runs: the store checks kiosks' events against
    /// its catalog, so the fixtures' sales and refills need their plans there.
    let seed: CatalogSeed

    init(database: StoreConfiguration.Database? = nil, maxFailedGuesses: Int = 10, catalog: Catalog? = Fixtures.catalog) {
        seed = CatalogSeed(catalog)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiosk-store-test-\(UUID().uuidString).sqlite").path
        configuration = StoreConfiguration(host: "127.0.0.1", port: 0, database: database ?? .sqlite(path: path),
                                           adminToken: Self.adminToken, maxFailedGuesses: maxFailedGuesses)
    }

    /// The databases the repository tests run on: SQLite always, PostgreSQL when
    /// Tests/system/store-postgres.sh (or a developer) sets KIOSK_STORE_TEST_POSTGRES to
    /// postgres://USER@HOST:PORT/DATABASE of a server the tests may create databases on.
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["KIOSK_STORE_TEST_POSTGRES"] }
    static var backends: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A store on a fresh database of `backend` (a new PostgreSQL database per test).
    static func make(_ backend: Backend, maxFailedGuesses: Int = 10, catalog: Catalog? = Fixtures.catalog) async throws -> TestStore {
        switch backend {
        case .sqlite:
            return TestStore(maxFailedGuesses: maxFailedGuesses, catalog: catalog)
        case .postgres:
            let url = try #require(postgresURL, "KIOSK_STORE_TEST_POSTGRES is not set")
            let server = try #require(PostgresSettings(url: url), "KIOSK_STORE_TEST_POSTGRES must be postgres://USER@HOST:PORT/DB")
            let name = "store_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await PostgresStoreDatabase.createDatabase(name, using: server, logger: Logger(label: "test"))
            var settings = server
            settings.database = name
            return TestStore(database: .postgres(settings), maxFailedGuesses: maxFailedGuesses, catalog: catalog)
        }
    }

    var logger: Logger {
        let recorder = self.recorder
        return Logger(label: "kiosk-store-test") { _ in RecordingLogHandler(recorder: recorder) }
    }

    func run<T>(_ mode: TestingSetup = .router, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T)
        async throws -> T {
        let app = try await buildApplication(configuration, clock: clock,
                                             console: ConsoleSettings(passwordHasher: Self.cheapHasher), logger: logger)
        let seed = self.seed
        return try await app.test(mode) { client in
            try await seed.plant(client)
            return try await body(client)
        }
    }
}

/// A catalog uploaded once per test store, on its first run.
final class CatalogSeed: Sendable {
    let catalog: Catalog?
    private let planted = Mutex(false)

    init(_ catalog: Catalog?) { self.catalog = catalog }

    func plant(_ client: any TestClientProtocol) async throws {
        guard let catalog, !planted.withLock({ $0 }) else { return }
        _ = try await client.putCatalog(catalog)
        planted.withLock { $0 = true }
    }
}

extension TestClientProtocol {
    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, headers: HTTPFields = [:],
              json: (any Encodable)? = nil, raw: String? = nil) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try StoreJSON.encoder().encode(json))
            fields[.contentType] = "application/json"
        } else if let raw {
            body = ByteBuffer(string: raw)
            fields[.contentType] = "application/json"
        }
        return try await execute(uri: uri, method: method, headers: fields, body: body)
    }

    func registerKiosk(_ name: String = "kiosk", site: String = "main street") async throws -> RegisterKioskResponse {
        let response = try await call(.post, Routes.registerKiosk, token: TestStore.adminToken,
                                      json: RegisterKioskRequest(name: name, site: site))
        #expect(response.status == .created)
        return try response.decoded(RegisterKioskResponse.self)
    }

    func putCatalog(_ catalog: Catalog = Fixtures.catalog) async throws -> Catalog {
        let response = try await call(.put, Routes.adminCatalog, token: TestStore.adminToken, json: catalog)
        #expect(response.status == .ok)
        return try response.decoded(Catalog.self)
    }

    func push(_ event: KioskEvent, as kiosk: RegisterKioskResponse) async throws -> TestResponse {
        try await call(.post, Routes.events, token: kiosk.bearerToken,
                       headers: [HTTPField.Name(Routes.idempotencyKeyHeader)!: event.id], json: event)
    }

    func stats() async throws -> SecurityStats {
        try await call(.get, Routes.adminStats, token: TestStore.adminToken).decoded(SecurityStats.self)
    }
}

extension TestResponse {
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try StoreJSON.decoder().decode(type, from: Data(buffer: body))
    }

    var text: String { String(buffer: body) }
}

/// Plans, codes and events the tests share.
enum Fixtures {
    static let catalog = Catalog(
        currency: "RUB", siteTimeZone: "Europe/Moscow",
        zones: [CatalogZone(id: "hall", name: "Hall", minuteCategory: .internet),
                CatalogZone(id: "vip", name: "VIP", minuteCategory: .game)],
        plans: [CatalogPlan(PricePlan(id: "hour", name: "1 hour", price: .major(100, .rub), grant: .minutes(60, .internet))),
                CatalogPlan(PricePlan(id: "day", name: "Day pass", price: .major(300, .rub), grant: .minutes(600, .internet),
                                      validity: Validity(daysFromSale: 1)))]
            // The plans the fixtures' sales and refills name (`salePlanID`, `refill`).
            + [(5, Validity.unlimited, [String]()), (20, .unlimited, []), (60, Validity(daysFromSale: 1), []), (60, .unlimited, ["hall"])]
                .map { minutes, validity, zones in
                    CatalogPlan(PricePlan(id: salePlanID(minutes: minutes, validity: validity, zones: zones), name: "Sale",
                                          price: .major(100, .rub), grant: .minutes(minutes, .internet), zones: zones, validity: validity))
                }
            + [10, 30, 120].map { minutes in
                CatalogPlan(PricePlan(id: "refill\(minutes)", name: "Refill", price: .major(50, .rub), grant: .minutes(minutes, .internet)))
            },
        staff: [StaffMember(id: "anna", name: "Anna", pinHash: "scrypt$salt$hash")])

    static func code(for kiosk: RegisterKioskResponse, seed: UInt64) -> AccessCode {
        var rng = SeededRandom(seed: seed)
        return AccessCode.generate(namespace: KioskNamespace(number: kiosk.namespace)!, using: &rng)
    }

    static func sale(_ code: AccessCode, id: String = UUID().uuidString, minutes: Int64 = 60, sellMode: SellMode = .now,
                     validity: Validity = .unlimited, zones: [String] = [], at: Date = TestStore.start) -> KioskEvent {
        KioskEvent(id: id, occurredAt: at, payload: .ticketSold(TicketSold(
            code: code.canonical, planID: salePlanID(minutes: minutes, validity: validity, zones: zones), sellMode: sellMode, price: WireMoney(minor: 10_000, currency: "RUB"),
            grant: WireGrant(unit: .internetMinutes, quantity: minutes), validity: validity, zones: zones)))
    }

    /// The fixture catalog's plan for a sale of 100 RUB: "hour" for an hour with no limits.
    static func salePlanID(minutes: Int64, validity: Validity, zones: [String]) -> String {
        if minutes == 60 && validity == .unlimited && zones.isEmpty { return "hour" }
        return "sale\(minutes)" + (validity.daysFromSale.map { "-d\($0)" } ?? "") + zones.map { "-\($0)" }.joined()
    }

    static func refill(_ target: WireTarget, id: String = UUID().uuidString, minutes: Int64 = 30,
                       at: Date = TestStore.start) -> KioskEvent {
        KioskEvent(id: id, occurredAt: at, payload: .refillApplied(RefillApplied(
            target: target, planID: "refill\(minutes)", price: WireMoney(minor: 5_000, currency: "RUB"),
            grant: WireGrant(unit: .internetMinutes, quantity: minutes))))
    }
}

