import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

@Suite("Event push with idempotency keys")
struct EventPushTests {
    @Test("a sale is applied once; a replay returns the first result")
    func replay() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 7)
            let sale = Fixtures.sale(code)
            let first = try await client.push(sale, as: kiosk)
            #expect(first.status == .created)
            let applied = try first.decoded(EventResult.self)
            #expect(applied.status == .applied)
            #expect(applied.holder == "ticket:\(code.canonical)")
            #expect(applied.balances?["internet_minutes"] == 60)

            let again = try await client.push(sale, as: kiosk)
            #expect(again.status == .ok)
            let replayed = try again.decoded(EventResult.self)
            #expect(replayed.status == .replayed)
            #expect(replayed.balances == applied.balances)

            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.eventCount == 1)
            #expect(report.holders["ticket:\(code.canonical)"]?["internet_minutes"] == 60)
            #expect(report.holders["cash:\(kiosk.kioskID)"]?["money"] == 10_000)
        }
    }

    @Test("the same key with a different body is refused with 409 and counted; another kiosk's same key is its own event")
    func conflict() async throws {
        let store = TestStore()
        try await store.run { client in
            let a = try await client.registerKiosk("a")
            let b = try await client.registerKiosk("b")
            let sale = Fixtures.sale(Fixtures.code(for: a, seed: 1), id: "evt-1")
            #expect(try await client.push(sale, as: a).status == .created)
            var altered = sale
            altered.occurredAt = sale.occurredAt.addingTimeInterval(60)
            let refused = try await client.push(altered, as: a)
            #expect(refused.status == .conflict)
            #expect(try refused.decoded(EventResult.self).status == .conflict)
            // Keys are per kiosk: b's "evt-1" is b's own event, judged on its merits (a's code is foreign to b).
            let fromB = try await client.push(sale, as: b)
            #expect(fromB.status == .unprocessableContent)
            #expect(try fromB.decoded(EventResult.self).message?.contains("namespace") == true)

            // In a batch the conflicting event is marked, the others go through.
            let other = Fixtures.sale(Fixtures.code(for: a, seed: 2), id: "evt-2")
            let batch = try await client.call(.post, Routes.eventsBatch, token: a.bearerToken,
                                              json: EventBatch(events: [altered, other, sale]))
            #expect(batch.status == .ok)
            let results = try batch.decoded(EventBatchResult.self).results
            #expect(results.map(\.status) == [.conflict, .applied, .replayed])
            #expect(try await client.stats().refusals["idempotency_conflict"] == 2)
            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.eventCount == 3)   // evt-1 and evt-2 of a, b's rejected evt-1
        }
        #expect(store.recorder.count(containing: "reason=idempotency_conflict") == 2)
    }

    @Test("the single-event route needs the Idempotency-Key header to name the event")
    func headerRequired() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            let sale = Fixtures.sale(Fixtures.code(for: kiosk, seed: 3))
            #expect(try await client.call(.post, Routes.events, token: kiosk.bearerToken, json: sale).status == .badRequest)
            let wrong = try await client.call(.post, Routes.events, token: kiosk.bearerToken,
                                              headers: [HTTPField.Name(Routes.idempotencyKeyHeader)!: "other"], json: sale)
            #expect(wrong.status == .badRequest)
        }
    }

    @Test("a kiosk can only sell codes of its own namespace; a code sold twice is rejected")
    func namespaces() async throws {
        try await TestStore().run { client in
            let a = try await client.registerKiosk("a")
            let b = try await client.registerKiosk("b")
            let foreign = try await client.push(Fixtures.sale(Fixtures.code(for: b, seed: 1)), as: a)
            #expect(foreign.status == .unprocessableContent)
            #expect(try foreign.decoded(EventResult.self).status == .rejected)
            let code = Fixtures.code(for: a, seed: 9)
            #expect(try await client.push(Fixtures.sale(code), as: a).status == .created)
            #expect(try await client.push(Fixtures.sale(code), as: a).status == .unprocessableContent)
        }
    }

    @Test("refills: a known ticket and a prepaid account get time; an unknown target is rejected")
    func refills() async throws {
        try await TestStore().run { client in
            let a = try await client.registerKiosk("a")
            let b = try await client.registerKiosk("b")
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: a, seed: 4)
            #expect(try await client.push(Fixtures.sale(code), as: a).status == .created)

            // Kiosk b never saw the ticket: it looks it up, then refills it.
            let lookup = try await client.call(.get, Routes.ticket(code.grouped), token: b.bearerToken)
            #expect(lookup.status == .ok)
            #expect(try lookup.decoded(TicketInfo.self).balances["internet_minutes"] == 60)
            let refill = try await client.push(Fixtures.refill(.ticket(code.canonical)), as: b)
            #expect(refill.status == .created)
            #expect(try refill.decoded(EventResult.self).balances?["internet_minutes"] == 90)

            let created = try await client.call(.post, Routes.adminAccounts, token: TestStore.adminToken,
                                                json: CreateAccountRequest(username: "USER11", password: "pw-123456",
                                                                           kind: .prepaid))
            #expect(created.status == .created)
            let account = try await client.call(.get, Routes.account("USER11"), token: b.bearerToken)
            #expect(try account.decoded(AccountInfo.self).acceptsRefills)
            let toAccount = try await client.push(Fixtures.refill(.account("USER11"), minutes: 120), as: b)
            #expect(try toAccount.decoded(EventResult.self).balances?["internet_minutes"] == 120)

            let unknown = try await client.push(Fixtures.refill(.account("NOBODY")), as: b)
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.decoded(EventResult.self).message == RefillError.unknownTarget.description)
            #expect(try await client.call(.get, Routes.account("NOBODY"), token: b.bearerToken).status == .notFound)
            #expect(try await client.call(.get, Routes.ticket("K7AB-CDEF-GHJK-M"), token: b.bearerToken).status == .badRequest)
        }
    }

    @Test("credits and cash collections land in the kiosk's cash ledger")
    func cash() async throws {
        try await TestStore().run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let credit = KioskEvent(id: "c1", occurredAt: TestStore.start, payload: .customerCredit(
                CustomerCreditRecorded(amount: WireMoney(minor: 5_000, currency: "RUB"), reason: "printer jammed", reference: "p-1")))
            #expect(try await client.push(credit, as: kiosk).status == .created)
            let collection = KioskEvent(id: "cc1", occurredAt: TestStore.start, payload: .cashCollected(
                CashCollected(amount: WireMoney(minor: 5_000, currency: "RUB"),
                              notes: [.init(denominationMinor: 5_000, count: 1)], staffID: "anna")))
            #expect(try await client.push(collection, as: kiosk).status == .created)
            let wrongSum = KioskEvent(id: "cc2", occurredAt: TestStore.start, payload: .cashCollected(
                CashCollected(amount: WireMoney(minor: 7_000, currency: "RUB"),
                              notes: [.init(denominationMinor: 5_000, count: 1)], staffID: "anna")))
            #expect(try await client.push(wrongSum, as: kiosk).status == .unprocessableContent)
            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.holders["cash:\(kiosk.kioskID)"]?["money"] == 0)
            #expect(report.holders["credit:\(kiosk.kioskID):p-1"]?["money"] == 5_000)
        }
    }
}
