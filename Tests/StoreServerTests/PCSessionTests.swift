import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

@Suite("PC sessions: log in, balance-timer, end")
struct PCSessionTests {
    private func login(_ client: any TestClientProtocol, code: AccessCode, zone: String = "hall",
                       pc: String = "pc-1") async throws -> TestResponse {
        try await client.call(.post, Routes.sessions, json: LoginRequest(zone: zone, pcID: pc, code: code.grouped))
    }

    @Test("a heartbeat charges the whole minutes elapsed; ending charges the started one")
    func balanceTimer() async throws {
        let store = TestStore()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 1)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)

            let started = try await login(client, code: code)
            #expect(started.status == .created)
            let session = try started.decoded(SessionInfo.self)
            let token = try #require(session.token)
            #expect(session.minutesLeft == 60)
            #expect(session.unit == .internetMinutes)

            store.clock.advance(by: 10 * 60 + 30)
            let beat = try await client.call(.post, Routes.heartbeat(session.sessionID), token: token).decoded(SessionInfo.self)
            #expect(beat.minutesLeft == 50)
            #expect(beat.state == .active)
            store.clock.advance(by: 20)   // 10:50 in total: still inside minute 11
            let left = try await client.call(.get, Routes.session(session.sessionID), token: token).decoded(SessionInfo.self)
            #expect(left.minutesLeft == 50)
            let ended = try await client.call(.delete, Routes.session(session.sessionID), token: token).decoded(SessionInfo.self)
            #expect(ended.state == .ended)
            #expect(ended.endReason == .logout)
            #expect(ended.minutesLeft == 49)

            let info = try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).decoded(TicketInfo.self)
            #expect(info.state == .inUse)
            #expect(info.balances["internet_minutes"] == 49)
        }
    }

    @Test("one session per code: a second login is refused while the first runs")
    func oneSessionPerCode() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 2)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)
            let first = try await login(client, code: code).decoded(SessionInfo.self)
            let second = try await login(client, code: code, pc: "pc-2")
            #expect(second.status == .conflict)
            _ = try await client.call(.delete, Routes.session(first.sessionID), token: first.token)
            #expect(try await login(client, code: code, pc: "pc-2").status == .created)
        }
    }

    @Test("a sell-later ticket is sold by its first use")
    func sellLater() async throws {
        let store = TestStore()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 3)
            _ = try await client.push(Fixtures.sale(code, sellMode: .later, validity: Validity(daysFromSale: 1)), as: kiosk)
            let before = try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).decoded(TicketInfo.self)
            #expect(before.state == .generated)
            #expect(before.soldAt == nil)
            #expect(before.expiresAt == nil)
            store.clock.advance(by: 3 * 86_400)   // unsold tickets do not age
            #expect(try await login(client, code: code).status == .created)
            let after = try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).decoded(TicketInfo.self)
            #expect(after.state == .inUse)
            #expect(after.soldAt == store.clock.now())
            #expect(after.expiresAt == store.clock.now().addingTimeInterval(86_400))
        }
    }

    @Test("an expired ticket is refused with 410 and stays expired")
    func expired() async throws {
        let store = TestStore()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 4)
            _ = try await client.push(Fixtures.sale(code, validity: Validity(daysFromSale: 1)), as: kiosk)
            store.clock.advance(by: 2 * 86_400)
            let refused = try await login(client, code: code)
            #expect(refused.status == .gone)
            #expect(try refused.decoded(APIError.self).error == "expired")
            let info = try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).decoded(TicketInfo.self)
            #expect(info.state == .expired)
        }
    }

    @Test("a session ends used up when the balance runs out, and the code is refused after")
    func usedUp() async throws {
        let store = TestStore()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 5)
            _ = try await client.push(Fixtures.sale(code, minutes: 5), as: kiosk)
            let session = try await login(client, code: code).decoded(SessionInfo.self)
            store.clock.advance(by: 7 * 60)
            let beat = try await client.call(.post, Routes.heartbeat(session.sessionID), token: session.token).decoded(SessionInfo.self)
            #expect(beat.state == .ended)
            #expect(beat.endReason == .usedUp)
            #expect(beat.minutesLeft == 0)
            let again = try await login(client, code: code)
            #expect(again.status == .gone)
            #expect(try again.decoded(APIError.self).error == "used_up")
        }
    }

    @Test("zones: a ticket for one zone is refused in another; a game zone spends game minutes")
    func zones() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 6)
            _ = try await client.push(Fixtures.sale(code, zones: ["hall"]), as: kiosk)
            #expect(try await login(client, code: code, zone: "vip").status == .forbidden)
            #expect(try await login(client, code: code, zone: "attic").status == .unprocessableContent)
        }
    }

    @Test("an account logs in with username and password; a wrong password counts as a failed guess")
    func account() async throws {
        try await TestStore().run { client in
            _ = try await client.putCatalog()
            _ = try await client.call(.post, Routes.adminAccounts, token: TestStore.adminToken,
                                      json: CreateAccountRequest(username: "USER12", password: "s3cret-pass", kind: .prepaid,
                                                                 opening: [WireGrant(unit: .internetMinutes, quantity: 30)]))
            let wrong = try await client.call(.post, Routes.sessions,
                                              json: LoginRequest(zone: "hall", pcID: "pc-1", username: "USER12", password: "nope"))
            #expect(wrong.status == .unauthorized)
            let right = try await client.call(.post, Routes.sessions,
                                              json: LoginRequest(zone: "hall", pcID: "pc-1", username: "USER12", password: "s3cret-pass"))
            #expect(right.status == .created)
            #expect(try right.decoded(SessionInfo.self).minutesLeft == 30)
            #expect(try await client.stats().refusals["failed_guess"] == 1)
        }
    }
}
