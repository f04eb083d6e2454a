import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

/// Requests that once stopped kiosk-store (an overflow trap, a Double→Int conversion, a discount
/// over 100 %). Each one must now be refused with a 4xx, and the store must keep answering: the
/// health check, and the console home page, which sums every cash box and today's takings.
@Suite("Hostile amounts are refused and never stop the store")
struct HostileInputTests {
    private static func rub(_ minor: Int64) -> WireMoney { WireMoney(minor: minor, currency: "RUB") }

    /// The store still serves the API and the console (logged in as the cashier).
    private static func expectStillServing(_ client: any TestClientProtocol) async throws {
        #expect(try await client.call(.get, Routes.health).status == .ok)
        let cashier = ConsoleBrowser(client)
        try await cashier.logIn("carl", TestStore.cashierPassword)
        #expect(try await cashier.get("/console").status == .ok)
        #expect(try await cashier.get("/console/reports").status == .ok)
        #expect(try await cashier.get("/console/kiosks").status == .ok)
        #expect(try await cashier.get("/console/batches").status == .ok)
    }

    /// `TestStore.start` as the store's timestamp columns hold it (milliseconds since 1970).
    private static let start = SQLValue.int(Int64(TestStore.start.timeIntervalSince1970 * 1000))

    private static func store() async throws -> TestStore {
        let store = TestStore()
        try await store.addStaff()
        return store
    }

    /// A kiosk attacks: on a store with staff and the catalog, `send` pushes its events as a
    /// registered kiosk; afterwards the store must still serve.
    private static func kioskAttack(_ send: @escaping @Sendable (any TestClientProtocol, RegisterKioskResponse) async throws -> Void)
        async throws {
        try await store().run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            try await send(client, kiosk)
            try await expectStillServing(client)
        }
    }

    @Test("a voucher batch whose unit price × count overflows is refused")
    func voucherBatchOverflow() async throws {
        try await Self.kioskAttack { client, kiosk in
            let batch = KioskEvent(id: "batch-huge", occurredAt: TestStore.start, payload: .voucherBatchSold(VoucherBatchSold(
                batchID: "1", kind: "ticket", planID: "hour", count: 4, unitPrice: Self.rub(Int64.max / 2),
                sellMode: .now)))
            let response = try await client.push(batch, as: kiosk)
            #expect((400..<500).contains(response.status.code))
            #expect(try response.decoded(EventResult.self).message?.contains("unitPrice") == true)
        }
    }

    @Test("a refill whose price + surplus overflows is refused")
    func refillSurplusOverflow() async throws {
        try await Self.kioskAttack { client, kiosk in
            let code = Fixtures.code(for: kiosk, seed: 5)
            #expect(try await client.push(Fixtures.sale(code), as: kiosk).status == .created)
            let refill = KioskEvent(id: "refill-huge", occurredAt: TestStore.start, payload: .refillApplied(RefillApplied(
                target: .ticket(code.canonical), planID: "refill30", price: Self.rub(Int64.max - 10),
                grant: WireGrant(unit: .internetMinutes, quantity: 30), surplus: Self.rub(Int64.max - 10))))
            let response = try await client.push(refill, as: kiosk)
            #expect((400..<500).contains(response.status.code))
            #expect(try response.decoded(EventResult.self).status == .rejected)
        }
    }

    /// Each sale alone fits an Int64; their sum in today's report and the cash box does not.
    @Test("two sales of 2^62 are refused, so the day's report and the cash box still add up")
    func twoHugeSales() async throws {
        try await Self.kioskAttack { client, kiosk in
            for seed in [UInt64(1), 2] {
                var sale = Fixtures.sale(Fixtures.code(for: kiosk, seed: seed))
                guard case .ticketSold(var body) = sale.payload else { Issue.record("not a sale"); return }
                body.price = Self.rub(1 << 62)
                sale.payload = .ticketSold(body)
                let response = try await client.push(sale, as: kiosk)
                #expect((400..<500).contains(response.status.code))
                #expect(try response.decoded(EventResult.self).message?.contains("price") == true)
            }
        }
    }

    /// A validity of Int.max days has no end date a calendar can compute.
    @Test("a sale valid for Int.max days is refused, so looking the ticket up still works")
    func endlessValidity() async throws {
        try await Self.kioskAttack { client, kiosk in
            let code = Fixtures.code(for: kiosk, seed: 3)
            var sale = Fixtures.sale(code)
            guard case .ticketSold(var body) = sale.payload else { Issue.record("not a sale"); return }
            body.validity.daysFromSale = Int.max
            sale.payload = .ticketSold(body)
            let response = try await client.push(sale, as: kiosk)
            #expect((400..<500).contains(response.status.code))
            #expect(try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).status == .notFound)
        }
    }

    /// Notes of 2^62 × 4 wrap to 0 in Int64: the collection must not "add up" to an amount of 0.
    @Test("a cash collection whose notes add up only by wrapping around is refused")
    func wrappingNoteCount() async throws {
        try await Self.kioskAttack { client, kiosk in
            let collection = KioskEvent(id: "cc-wrap", occurredAt: TestStore.start, payload: .cashCollected(CashCollected(
                amount: Self.rub(0), notes: [.init(denominationMinor: 1 << 62, count: 4)], staffID: "anna")))
            let response = try await client.push(collection, as: kiosk)
            #expect((400..<500).contains(response.status.code))
            #expect(try response.decoded(EventResult.self).status == .rejected)
        }
    }

    @Test("a counter batch with a discount of 1e300 % is refused", arguments: ["1e300", "nan", "-1", "100.5"])
    func hugeCounterDiscount(_ discount: String) async throws {
        try await Self.store().run { client in
            _ = try await client.putCatalog()
            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            try await cashier.get("/console/batches")
            let response = try await cashier.post("/console/batches", [
                ("count", "5"), ("kind", "ticket"), ("plan", "hour"), ("sell", "now"), ("discount", discount)])
            #expect(response.status == .badRequest)
            #expect(cashier.lastPage.contains("discount must be 0…100"))
            try await Self.expectStillServing(client)
        }
    }

    @Test("the admin catalog refuses a plan discount of 200 % and a bonus share over 100 %")
    func catalogDiscountOver100() async throws {
        try await Self.store().run { client in
            for (discount, bonus) in [(20_000, 0), (0, 1_000_000_000_000)] {
                var catalog = Fixtures.catalog
                catalog.plans[0].discountBasisPoints = discount
                catalog.plans[0].maxBonusBasisPoints = bonus
                let response = try await client.call(.put, Routes.adminCatalog, token: TestStore.adminToken, json: catalog)
                #expect(response.status == .badRequest)
                #expect(response.text.contains("0…10000"))
            }
            try await Self.expectStillServing(client)
        }
    }

    @Test("the admin catalog refuses a price over the limit, a validity of Int.max days and a bad sales window")
    func catalogOtherBounds() async throws {
        try await Self.store().run { client in
            var price = Fixtures.catalog
            price.plans[0].price = Self.rub(100_000_000_001)   // one over the single-amount limit, 10^11
            var days = Fixtures.catalog
            days.plans[0].validity.daysFromSale = Int.max
            let window = #"{"weekdays":[9],"startMinute":-5,"endMinute":99999}"#
            var json = String(decoding: try StoreJSON.encoder().encode(Fixtures.catalog), as: UTF8.self)
            json = json.replacingOccurrences(of: #""salesWindows":[]"#, with: #""salesWindows":[\#(window)]"#)
            #expect(json.contains(window))
            for body in [try Self.text(price), try Self.text(days), json] {
                let response = try await client.call(.put, Routes.adminCatalog, token: TestStore.adminToken, raw: body)
                #expect(response.status == .badRequest)
            }
            try await Self.expectStillServing(client)
        }
    }

    /// Rows a store took before it had input limits: the console and the reports must still load,
    /// showing "overflow" where a total leaves Int64, and the admin balances say which holder.
    @Test("a ledger that already sums past Int64 shows as overflow, never a trap", arguments: TestStore.backends)
    func legacyOverflowInTheLedger(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let database = try await store.openDatabase()
            try await database.write { tx in
                for id in ["old-sale-1", "old-sale-2"] {
                    try tx.execute("""
                        INSERT INTO events (id, kiosk_id, kiosk_event_id, body_hash, type, result, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, [.text(id), .text(kiosk.kioskID), .text(id), .text("x"), .text("ticket_sold"), .text("{}"), Self.start])
                    try tx.execute("INSERT INTO ledger (holder, unit, delta, reference, recorded_at) VALUES (?, ?, ?, ?, ?)",
                                   [.text("cash:\(kiosk.kioskID)"), .text("money"), .int(1 << 62), .text(id), Self.start])
                }
            }
            try await database.close()

            try await Self.expectStillServing(client)
            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            #expect(try await cashier.get("/console").status == .ok)
            #expect(cashier.lastPage.contains("overflow"))
            #expect(try await cashier.get("/console/reports").status == .ok)
            #expect(cashier.lastPage.contains("overflow"))
            let balances = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken)
            #expect(balances.status == .unprocessableContent)
            #expect(balances.text.contains("cash:\(kiosk.kioskID)"))
        }
    }

    /// The split sum (high and low 32-bit parts) must give the exact total for negative deltas and
    /// deltas across the 2^32 boundary, on both databases.
    @Test("ledger sums are exact for large and negative deltas", arguments: TestStore.backends)
    func exactLedgerSums(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.run { client in
            _ = try await client.registerKiosk()
            let deltas: [Int64] = [-(1 << 40) - 5, (1 << 33) + 7, -3, 1 << 62, -(1 << 32), 4_294_967_295, Int64.min / 2]
            let database = try await store.openDatabase()
            try await database.write { tx in
                for delta in deltas {
                    try tx.execute("INSERT INTO ledger (holder, unit, delta, reference, recorded_at) VALUES (?, ?, ?, ?, ?)",
                                   [.text("account:EXACT"), .text("money"), .int(delta), .text("seed"), Self.start])
                }
            }
            try await database.close()
            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.holders["account:EXACT"]?["money"] == deltas.reduce(0, +))
        }
    }

    private static func text(_ value: some Encodable) throws -> String {
        String(decoding: try StoreJSON.encoder().encode(value), as: UTF8.self)
    }
}
