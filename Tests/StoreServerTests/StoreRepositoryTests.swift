import Foundation
import KioskDomain
import Logging
import StoreAPI
import StoreServer
import Testing

/// The repository straight, on SQLite and (under Tests/system/store-postgres.sh) PostgreSQL:
/// the rules must hold when many kiosks hit the same rows at once.
@Suite("Store repository on each database")
struct StoreRepositoryTests {
    private func open(_ backend: TestStore.Backend) async throws -> (StoreRepository, any StoreDatabase) {
        let store = try await TestStore.make(backend)
        let database: any StoreDatabase = switch store.configuration.database {
        case .sqlite(let path): try SQLiteStoreDatabase(path: path)
        case .postgres(let settings): try await PostgresStoreDatabase(settings: settings, logger: Logger(label: "test"))
        }
        let repository = StoreRepository(database: database)
        _ = try await repository.saveCatalog(Fixtures.catalog, now: TestStore.start)
        return (repository, database)
    }

    @Test("a database dropped without close (a caller that failed half-way) does not stop the process", arguments: TestStore.backends)
    func droppedWithoutClose(_ backend: TestStore.Backend) async throws {
        do {
            let (repository, _) = try await open(backend)   // the catalog's write leaves an idle connection
            _ = try await repository.registerKiosk(name: "k", site: "s", now: TestStore.start)
        }
        try await Task.sleep(for: .milliseconds(200))   // the idle connections close behind it
    }

    @Test("50 kiosks registering at once get 50 distinct namespaces", arguments: TestStore.backends)
    func concurrentRegistration(_ backend: TestStore.Backend) async throws {
        let (repository, database) = try await open(backend)
        let namespaces = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<50 {
                group.addTask { try await repository.registerKiosk(name: "k\(index)", site: "s", now: TestStore.start).namespace }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(Set(namespaces) == Set(0..<50))
        try await database.close()
    }

    @Test("the same event pushed 20 times at once is applied exactly once", arguments: TestStore.backends)
    func concurrentReplay(_ backend: TestStore.Backend) async throws {
        let (repository, database) = try await open(backend)
        let registered = try await repository.registerKiosk(name: "k", site: "s", now: TestStore.start)
        let kiosk = KioskIdentity(id: registered.kioskID, namespace: KioskNamespace(number: registered.namespace)!)
        let event = Fixtures.sale(Fixtures.code(for: registered, seed: 1))
        let statuses = try await withThrowingTaskGroup(of: EventResult.Status.self) { group in
            for _ in 0..<20 { group.addTask { try await repository.push(event, from: kiosk, now: TestStore.start).status } }
            return try await group.reduce(into: [EventResult.Status]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == .applied }.count == 1)
        #expect(statuses.filter { $0 == .replayed }.count == 19)
        let report = try await repository.balancesReport()
        #expect(report.eventCount == 1)
        #expect(report.holders["ticket:\(event.ticketCode)"]?["internet_minutes"] == 60)
        try await database.close()
    }

    @Test("refills of one ticket from 10 kiosks at once all count", arguments: TestStore.backends)
    func concurrentRefills(_ backend: TestStore.Backend) async throws {
        let (repository, database) = try await open(backend)
        var kiosks: [KioskIdentity] = []
        var first: RegisterKioskResponse?
        for index in 0..<10 {
            let registered = try await repository.registerKiosk(name: "k\(index)", site: "s", now: TestStore.start)
            first = first ?? registered
            kiosks.append(KioskIdentity(id: registered.kioskID, namespace: KioskNamespace(number: registered.namespace)!))
        }
        let code = Fixtures.code(for: first!, seed: 5)
        _ = try await repository.push(Fixtures.sale(code), from: kiosks[0], now: TestStore.start)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, kiosk) in kiosks.enumerated() {
                group.addTask {
                    for round in 0..<5 {
                        let result = try await repository.push(Fixtures.refill(.ticket(code.canonical), id: "r-\(index)-\(round)", minutes: 10),
                                                               from: kiosk, now: TestStore.start)
                        #expect(result.status == .applied)
                    }
                }
            }
            try await group.waitForAll()
        }
        let info = try #require(try await repository.ticketInfo(code))
        let minutes: Int64? = info.balances["internet_minutes"]
        #expect(minutes == Int64(560))   // 60 sold + 10 kiosks × 5 refills × 10
        try await database.close()
    }

    @Test("two PCs logging in with one code at once: exactly one session starts", arguments: TestStore.backends)
    func concurrentLogin(_ backend: TestStore.Backend) async throws {
        let (repository, database) = try await open(backend)
        let registered = try await repository.registerKiosk(name: "k", site: "s", now: TestStore.start)
        let kiosk = KioskIdentity(id: registered.kioskID, namespace: KioskNamespace(number: registered.namespace)!)
        let code = Fixtures.code(for: registered, seed: 8)
        _ = try await repository.push(Fixtures.sale(code), from: kiosk, now: TestStore.start)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for pc in 0..<8 {
                group.addTask {
                    do {
                        _ = try await repository.login(LoginRequest(zone: "hall", pcID: "pc-\(pc)", code: code.canonical),
                                                       source: "192.0.2.\(pc)", now: TestStore.start)
                        return true
                    } catch let refused as PCSessions.LoginRefusal {
                        #expect(refused.refusal.code == "in_use")
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        try await database.close()
    }
}

extension KioskEvent {
    var ticketCode: String {
        if case .ticketSold(let sale) = payload { return sale.code }
        return ""
    }
}
