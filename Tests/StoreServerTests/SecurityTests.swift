import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing
import KioskTestSupport

@Suite("Security: refused, counted, logged")
struct SecurityTests {
    @Test("10,000 guessed codes are all refused, counted and logged; the limiter stops checking after 10")
    func guessedCodes() async throws {
        let store = TestStore()
        let real = try await store.run { client -> AccessCode in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 1)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)

            var rng = SeededRandom(seed: 99)
            var statuses: [Int: Int] = [:]
            for index in 0..<10_000 {
                // Half the guesses carry a valid check symbol (a careful attacker), half are random strings.
                let guess = index % 2 == 0
                    ? AccessCode.generate(namespace: KioskNamespace(number: 0)!, using: &rng).grouped
                    : String((0..<13).map { _ in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".randomElement(using: &rng)! })
                let response = try await client.call(.post, Routes.sessions,
                                                     json: LoginRequest(zone: "hall", pcID: "pc-evil", code: guess))
                statuses[response.status.code, default: 0] += 1
            }
            #expect(statuses[201] == nil)
            #expect(statuses.values.reduce(0, +) == 10_000)
            #expect(statuses[429] == 10_000 - 10)
            let refusals = try await client.stats().refusals
            #expect(refusals["failed_guess", default: 0] + refusals["guess_rate_limited", default: 0] == 10_000)
            #expect(refusals["failed_guess"] == 10)

            // The real code is refused too while this source is blocked…
            let blocked = try await client.call(.post, Routes.sessions, json: LoginRequest(zone: "hall", pcID: "pc-evil", code: code.grouped))
            #expect(blocked.status == .tooManyRequests)
            return code
        }
        #expect(store.recorder.count(containing: "refused request") >= 10_001)
        #expect(store.recorder.count(containing: "reason=guess_rate_limited") >= 9_990)
        // …and the window passes: after it the real code logs in (a fresh store process forgets too).
        store.clock.advance(by: 301)
        try await store.run { client in
            let ok = try await client.call(.post, Routes.sessions, json: LoginRequest(zone: "hall", pcID: "pc-1", code: real.grouped))
            #expect(ok.status == .created)
        }
    }

    @Test("injection-shaped input is refused and leaves the tables intact", arguments: [
        "x' OR '1'='1", "'; DROP TABLE tickets; --", "USER\u{0}1", "../../etc/passwd", "<script>alert(1)</script>",
        String(repeating: "A", count: 300),
    ])
    func injection(_ hostile: String) async throws {
        let store = TestStore()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 2)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)

            let login = try await client.call(.post, Routes.sessions,
                                              json: LoginRequest(zone: "hall", pcID: "pc-1", username: hostile, password: hostile))
            #expect(login.status == .badRequest)
            let zoned = try await client.call(.post, Routes.sessions, json: LoginRequest(zone: hostile, pcID: "pc-1", code: code.grouped))
            #expect(zoned.status == .badRequest)
            let coded = try await client.call(.post, Routes.sessions, json: LoginRequest(zone: "hall", pcID: "pc-1", code: hostile))
            #expect(coded.status == .badRequest)
            let account = try await client.call(.get, Routes.account(hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!),
                                                token: kiosk.bearerToken)
            #expect(account.status == .badRequest)

            var sale = Fixtures.sale(Fixtures.code(for: kiosk, seed: 3))
            if case .ticketSold(var body) = sale.payload { body.planID = hostile; sale.payload = .ticketSold(body) }
            let pushed = try await client.push(sale, as: kiosk)
            #expect(pushed.status == .unprocessableContent)
            let badID = Fixtures.sale(Fixtures.code(for: kiosk, seed: 4), id: "evt " + hostile.prefix(50))
            let response = try await client.call(.post, Routes.eventsBatch, token: kiosk.bearerToken, json: EventBatch(events: [badID]))
            #expect(try response.decoded(EventBatchResult.self).results.first?.status == .rejected)
            #expect(try await client.call(.post, Routes.eventsBatch, token: kiosk.bearerToken, raw: "{\"events\": [\(hostile)]}").status
                    == .badRequest)

            // The store still answers and its tables are whole.
            let info = try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken)
            #expect(info.status == .ok)
            let stats = try await client.stats()
            #expect(stats.refusals["invalid_input", default: 0] >= 4)
        }
        #expect(store.recorder.count(containing: "reason=invalid_input") >= 4)
    }
}
