import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import StoreAPI
import StoreServer
import Testing

@Suite("Registration and authentication")
struct RegistrationAndAuthTests {
    @Test("registration hands out distinct namespaces and a secret the store keeps only as a hash")
    func registration() async throws {
        let store = TestStore()
        let kiosks = try await store.run { client in
            [try await client.registerKiosk("a"), try await client.registerKiosk("b"), try await client.registerKiosk("c")]
        }
        #expect(kiosks.map(\.namespace) == [0, 1, 2])
        #expect(Set(kiosks.map(\.secret)).count == 3)
        guard case .sqlite(let path) = store.configuration.database else { return }
        let database = try SQLiteStoreDatabase(path: path)
        let stored = try await database.read { tx in try tx.rows("SELECT secret_hash FROM kiosks", []).compactMap { $0[0].text } }
        try await database.close()
        #expect(stored.count == 3)
        for kiosk in kiosks {
            #expect(!stored.contains(kiosk.secret))
            #expect(stored.allSatisfy { !$0.contains(kiosk.secret) })
        }
    }

    @Test("registration needs the admin token")
    func registrationNeedsAdmin() async throws {
        let store = TestStore()
        try await store.run { client in
            let body = RegisterKioskRequest(name: "x", site: "y")
            #expect(try await client.call(.post, Routes.registerKiosk, json: body).status == .unauthorized)
            #expect(try await client.call(.post, Routes.registerKiosk, token: "guess-guess-guess-guess", json: body).status == .unauthorized)
            let stats = try await client.stats()
            #expect(stats.refusals["auth_missing"] == 1)
            #expect(stats.refusals["auth_forged"] == 1)
        }
        #expect(store.recorder.count(containing: "refused request") == 2)
    }

    @Test("kiosk routes refuse a missing token, a forged one, and another kiosk's secret")
    func kioskAuth() async throws {
        let store = TestStore()
        try await store.run { client in
            let a = try await client.registerKiosk("a")
            let b = try await client.registerKiosk("b")
            _ = try await client.putCatalog()
            #expect(try await client.call(.get, Routes.catalog, token: a.bearerToken).status == .ok)
            #expect(try await client.call(.get, Routes.catalog).status == .unauthorized)
            #expect(try await client.call(.get, Routes.catalog, headers: [.authorization: "Basic abc"]).status == .unauthorized)
            #expect(try await client.call(.get, Routes.catalog, token: "\(a.kioskID).forged").status == .unauthorized)
            #expect(try await client.call(.get, Routes.catalog, token: "\(a.kioskID).\(b.secret)").status == .unauthorized)
            #expect(try await client.call(.get, Routes.catalog, token: "nodot").status == .unauthorized)
            let event = Fixtures.sale(Fixtures.code(for: a, seed: 1))
            let forged = try await client.call(.post, Routes.events, token: "\(a.kioskID).\(b.secret)",
                                               headers: [HTTPField.Name(Routes.idempotencyKeyHeader)!: event.id], json: event)
            #expect(forged.status == .unauthorized)
            let stats = try await client.stats()
            #expect(stats.refusals["auth_missing"] == 1)
            #expect(stats.refusals["auth_malformed"] == 1)
            #expect(stats.refusals["auth_forged"] == 4)
        }
        #expect(store.recorder.count(containing: "reason=auth_forged") == 4)
    }

    @Test("the catalog carries a version: If-None-Match of the current one gets 304")
    func catalogVersion() async throws {
        let store = TestStore(catalog: nil)
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            #expect(try await client.call(.get, Routes.catalog, token: kiosk.bearerToken).status == .notFound)
            let first = try await client.putCatalog()
            #expect(first.version == 1)
            let pulled = try await client.call(.get, Routes.catalog, token: kiosk.bearerToken)
            #expect(pulled.headers[.eTag] == "\"1\"")
            let catalog = try pulled.decoded(Catalog.self)
            #expect(catalog.plans.count == Fixtures.catalog.plans.count)
            #expect(catalog.plans[1].pricePlan?.validity.daysFromSale == 1)
            // The uploaded catalog names a staff member; no kiosk receives the PIN hash.
            #expect(Fixtures.catalog.staff.isEmpty == false)
            #expect(catalog.staff.isEmpty)
            let unchanged = try await client.call(.get, Routes.catalog, token: kiosk.bearerToken, headers: [.ifNoneMatch: "\"1\""])
            #expect(unchanged.status == .notModified)
            #expect(try await client.putCatalog().version == 2)
            let changed = try await client.call(.get, Routes.catalog, token: kiosk.bearerToken, headers: [.ifNoneMatch: "\"1\""])
            #expect(changed.status == .ok)
            #expect(try changed.decoded(Catalog.self).version == 2)
        }
    }
}
