import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

@Suite("End to end")
struct EndToEndTests {
    /// A code bought at kiosk A logs in at a PC, counts down on the store's clock, is refilled at
    /// kiosk B (which never saw it), and ends used up.
    static func scenario(_ store: TestStore, _ client: any TestClientProtocol) async throws {
        let a = try await client.registerKiosk("a")
        let b = try await client.registerKiosk("b")
        _ = try await client.putCatalog()
        let code = Fixtures.code(for: a, seed: 42)
        #expect(try await client.push(Fixtures.sale(code, minutes: 20), as: a).status == .created)

        let session = try await client.call(.post, Routes.sessions,
                                            json: LoginRequest(zone: "hall", pcID: "pc-7", code: code.grouped)).decoded(SessionInfo.self)
        #expect(session.minutesLeft == 20)
        var left: [Int64] = []
        for _ in 0..<3 {
            store.clock.advance(by: 5 * 60)
            left.append(try await client.call(.post, Routes.heartbeat(session.sessionID), token: session.token)
                .decoded(SessionInfo.self).minutesLeft)
        }
        #expect(left == [15, 10, 5])

        let info = try await client.call(.get, Routes.ticket(code.canonical), token: b.bearerToken).decoded(TicketInfo.self)
        #expect(info.balances["internet_minutes"] == 5)
        let refill = Fixtures.refill(.ticket(info.code), minutes: 10, at: store.clock.now())
        #expect(try await client.push(refill, as: b).decoded(EventResult.self).balances?["internet_minutes"] == 15)

        store.clock.advance(by: 60)
        let afterRefill = try await client.call(.post, Routes.heartbeat(session.sessionID), token: session.token).decoded(SessionInfo.self)
        #expect(afterRefill.minutesLeft == 14)
        store.clock.advance(by: 14 * 60 + 5)
        let end = try await client.call(.post, Routes.heartbeat(session.sessionID), token: session.token).decoded(SessionInfo.self)
        #expect(end.state == .ended)
        #expect(end.endReason == .usedUp)
        let final = try await client.call(.get, Routes.ticket(code.canonical), token: a.bearerToken).decoded(TicketInfo.self)
        #expect(final.state == .usedUp)
        #expect(final.balances["internet_minutes"] == 0)
        let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
        #expect(report.holders["cash:\(a.kioskID)"]?["money"] == 10_000)
        #expect(report.holders["cash:\(b.kioskID)"]?["money"] == 5_000)
    }

    @Test("through the router", arguments: TestStore.backends)
    func router(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.run(.router) { client in try await Self.scenario(store, client) }
    }

    @Test("over a live server on loopback")
    func live() async throws {
        let store = TestStore()
        try await store.run(.live) { client in try await Self.scenario(store, client) }
    }
}
