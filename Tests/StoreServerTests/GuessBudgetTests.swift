import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskDomain
import StoreAPI
import KioskTestSupport
@testable import StoreServer
import Testing

/// Failed guesses are counted in the database with the attempt: concurrency, restarts and the
/// many addresses of one IPv6 host do not buy more guesses.
@Suite("Durable failed-guess budget")
struct GuessBudgetTests {
    @Test("an IPv6 address counts by its /64; IPv4 and IPv4-mapped addresses whole")
    func sourceKeys() {
        #expect(SourceKey.of("2001:db8:1:2::1") == SourceKey.of("2001:db8:1:2:ffff:ffff:ffff:9"))
        #expect(SourceKey.of("fd00:0:0:7::a") == SourceKey.of("fd00::7:1:2:3:4"))
        #expect(SourceKey.of("2001:db8:1:2::1") != SourceKey.of("2001:db8:1:3::1"))
        #expect(SourceKey.of("2001:db8:1:2::1") == "2001:db8:1:2::/64")
        #expect(SourceKey.of("192.0.2.7") == "192.0.2.7")
        #expect(SourceKey.of("::ffff:192.0.2.7") == "192.0.2.7")
        #expect(SourceKey.of("unknown") == "unknown")
        let a = GuessBudget.buckets(source: "2001:db8:1:2::1", code: "0012-3456-7890-9", username: nil)
        let b = GuessBudget.buckets(source: "2001:db8:1:2::abcd", code: "0012-XXXX", username: nil)
        #expect(a == b)
        #expect(GuessBudget.buckets(source: "192.0.2.7", code: nil, username: "USER11").target == "account:USER11")
    }

    static func wrongCode(_ index: Int) -> LoginRequest {
        var rng = SeededRandom(seed: UInt64(index) &+ 77)
        return LoginRequest(zone: "hall", pcID: "pc-evil", code: AccessCode.generate(namespace: KioskNamespace(number: 900)!, using: &rng).grouped)
    }

    @Test("300 wrong codes sent 100 at a time get at most 10 answers that are not 429", arguments: TestStore.backends)
    func concurrentGuesses(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.run { client in
            var statuses: [Int: Int] = [:]
            for wave in 0..<3 {
                let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            try await client.call(.post, Routes.sessions, json: Self.wrongCode(wave * 100 + index)).status.code
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for code in codes { statuses[code, default: 0] += 1 }
            }
            #expect(statuses.values.reduce(0, +) == 300)
            #expect(300 - statuses[429, default: 0] <= 10, "\(statuses)")
            #expect(statuses[201] == nil)
        }
    }

    @Test("a restart keeps the count", arguments: TestStore.backends)
    func restartKeepsCount(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        let before = try await store.run { client -> [HTTPResponse.Status] in
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<10 { statuses.append(try await client.call(.post, Routes.sessions, json: Self.wrongCode(index)).status) }
            return statuses
        }
        #expect(before == Array(repeating: .notFound, count: 10))
        let after = try await store.run { client -> HTTPResponse.Status in
            try await client.call(.post, Routes.sessions, json: Self.wrongCode(10)).status
        }
        #expect(after == .tooManyRequests)
    }

    @Test("a refusal that tells a code exists (wrong zone, blocked, in use, expired) is a failed guess")
    func revealingRefusalsCount() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            let code = Fixtures.code(for: kiosk, seed: 1)
            #expect(try await client.push(Fixtures.sale(code, zones: ["hall"]), as: kiosk).status == .created)
            for _ in 0..<10 {
                let response = try await client.call(.post, Routes.sessions, json: LoginRequest(zone: "vip", pcID: "pc-1", code: code.grouped))
                #expect(response.status != .tooManyRequests)
            }
            let eleventh = try await client.call(.post, Routes.sessions, json: LoginRequest(zone: "vip", pcID: "pc-1", code: code.grouped))
            #expect(eleventh.status == .tooManyRequests)
            #expect(try await client.stats().refusals["failed_guess"] == 10)
        }
    }
}

@Suite("Durable failed-guess budget: kiosk look-ups")
struct LookupBudgetTests {
    @Test("a kiosk's look-ups of unknown codes and accounts spend its budget; known ones do not")
    func lookupsSpend() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            let other = try await client.registerKiosk("other")
            let code = Fixtures.code(for: kiosk, seed: 1)
            #expect(try await client.push(Fixtures.sale(code), as: kiosk).status == .created)
            for _ in 0..<12 {
                #expect(try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).status == .ok)
            }
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<10 {
                let unknown = Fixtures.code(for: kiosk, seed: 100 + UInt64(index))
                statuses.append(try await client.call(.get, Routes.ticket(unknown.canonical), token: kiosk.bearerToken).status)
            }
            #expect(statuses == Array(repeating: .notFound, count: 10))
            #expect(try await client.call(.get, Routes.account("NOBODY"), token: kiosk.bearerToken).status == .tooManyRequests)
            #expect(try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).status == .tooManyRequests)
            // Another kiosk has a budget of its own.
            #expect(try await client.call(.get, Routes.ticket(code.canonical), token: other.bearerToken).status == .ok)
        }
    }
}
