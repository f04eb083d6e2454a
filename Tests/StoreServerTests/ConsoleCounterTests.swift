import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

@Suite("Staff console: batches, blocked codes, voids")
struct ConsoleCounterTests {
    private func pcLogin(_ client: any TestClientProtocol, _ code: String, pc: String = "pc-1") async throws -> TestResponse {
        try await client.call(.post, Routes.sessions, json: LoginRequest(zone: "hall", pcID: pc, code: code))
    }

    @Test("a blocked code is refused at PC login with 403; the block is audited", arguments: TestStore.backends)
    func blockedCode(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 11)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)

            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            try await cashier.get("/console/codes")
            let blocked = try await cashier.post("/console/codes/block", [("code", code.grouped.lowercased()),
                                                                           ("reason", "card lost <script>alert(1)</script>")])
            #expect(blocked.status == .seeOther)
            try await cashier.get(try #require(blocked.headers[.location]))
            #expect(cashier.lastPage.contains(code.grouped))
            // What staff type is shown as text, never as markup.
            #expect(cashier.lastPage.contains("card lost &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!cashier.lastPage.contains("<script>"))

            let refused = try await pcLogin(client, code.grouped)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("blocked"))
            // A code nobody sold cannot be blocked.
            try await cashier.get("/console/codes")
            let unknown = try await cashier.post("/console/codes/block", [("code", Fixtures.code(for: kiosk, seed: 12).grouped), ("reason", "x")])
            #expect(unknown.status == .notFound)
            // Only an owner lifts a block.
            try await cashier.get("/console/codes")
            #expect(try await cashier.post("/console/codes/unblock", [("code", code.canonical)]).status == .forbidden)
            let owner = ConsoleBrowser(client)
            try await owner.logIn("olga", TestStore.ownerPassword)
            try await owner.get("/console/codes")
            #expect(try await owner.post("/console/codes/unblock", [("code", code.canonical)]).status == .seeOther)
            #expect(try await pcLogin(client, code.grouped).status == .created)
        }
        let audit = try await store.rows("SELECT username, action FROM console_audit WHERE action LIKE 'code_%' ORDER BY id")
        #expect(audit.map { "\($0[0].text ?? ""):\($0[1].text ?? "")" } == ["carl:code_blocked", "olga:code_unblocked"])
    }

    @Test("blocking a code in use logs its PC out at the next heartbeat; kiosks are told it is blocked")
    func blockingEndsTheSession() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 21)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)
            let session = try await pcLogin(client, code.grouped).decoded(SessionInfo.self)
            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            try await cashier.get("/console/codes")
            #expect(try await cashier.post("/console/codes/block", [("code", code.canonical), ("reason", "disputed")]).status == .seeOther)
            store.clock.advance(by: 120)
            let beat = try await client.call(.post, Routes.heartbeat(session.sessionID), token: session.token).decoded(SessionInfo.self)
            #expect(beat.state == .ended)
            #expect(beat.endReason == .blocked)
            let info = try await client.call(.get, Routes.ticket(code.canonical), token: kiosk.bearerToken).decoded(TicketInfo.self)
            #expect(info.blockedReason == "disputed")
        }
    }

    @Test("a counter batch becomes tickets in namespace ZZ that log in at PCs; sell-now revenue goes to the cashier",
          arguments: TestStore.backends)
    func batchTickets(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        let codes = try await store.run { client -> [String] in
            _ = try await client.putCatalog()
            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            try await cashier.get("/console/batches")
            let created = try await cashier.post("/console/batches", [
                ("count", "5"), ("kind", "ticket"), ("plan", "hour"), ("sell", "now"), ("discount", "10"), ("code_length", "12")])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(try await cashier.get(location).status == .ok)
            #expect(cashier.lastPage.contains("Batch 1: 5 × ticket"))
            let pdf = try await cashier.get("/console/batches/1/vouchers.pdf")
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF-"))

            // Sell-later tickets are generated, not sold, until their first use.
            try await cashier.get("/console/batches")
            #expect(try await cashier.post("/console/batches", [("count", "2"), ("kind", "ticket"), ("plan", "day"),
                                                                ("sell", "later")]).status == .seeOther)
            // Accounts with every account option.
            try await cashier.get("/console/batches")
            #expect(try await cashier.post("/console/batches", [("count", "3"), ("kind", "user"), ("plan", "hour"), ("sell", "now"),
                                                                ("prefix", "CAFE"), ("start_number", "11"), ("password_length", "12"),
                                                                ("account_kind", "prepaid")]).status == .seeOther)
            try await cashier.get("/console/batches/3")
            #expect(cashier.lastPage.contains("CAFE11"))
            // Invalid options are refused with the domain's words.
            try await cashier.get("/console/batches")
            let bad = try await cashier.post("/console/batches", [("count", "0"), ("kind", "ticket"), ("plan", "hour")])
            #expect(bad.status == .badRequest)
            #expect(cashier.lastPage.contains("count must be 1"))

            let tickets = try await store.rows("SELECT code, state, kiosk_id FROM tickets ORDER BY code")
            #expect(tickets.count == 7)
            #expect(tickets.allSatisfy { $0[0].text?.hasPrefix("ZZ") == true && $0[2].text == "counter" })
            #expect(tickets.filter { $0[1].text == "generated" }.count == 2)
            let items = try await store.rows("SELECT login FROM voucher_items WHERE batch_id = 1").compactMap { $0[0].text }
            #expect(items.count == 5)
            #expect(items.allSatisfy { $0.count == 2 + 12 + 1 })
            let first = try #require(items.first)
            let session = try await pcLogin(client, first)
            #expect(session.status == .created)
            #expect(try session.decoded(SessionInfo.self).minutesLeft == 60)
            let later = try #require(try await store.rows("SELECT code FROM tickets WHERE state = 'generated'").first?[0].text)
            #expect(try await pcLogin(client, later, pc: "pc-2").status == .created)
            return items
        }
        #expect(codes.count == 5)
        let cash = try await store.rows("SELECT CAST(SUM(delta) AS BIGINT) FROM ledger WHERE holder = 'cash:counter:carl'")
        let expected: Int64 = 5 * 9_000 + 3 * 10_000   // 100.00 less 10 %, five times; three accounts at 100.00
        #expect(cash.first?[0] == .int(expected))
        let accounts = try await store.rows("SELECT username FROM accounts ORDER BY username").compactMap { $0[0].text }
        #expect(accounts == ["CAFE11", "CAFE12", "CAFE13"])
        #expect(try await store.rows("SELECT state FROM tickets WHERE sold_at IS NOT NULL").count == 6)
    }

    @Test("an owner voids a sale: reversing ledger rows, a void record, the code blocked; twice is refused",
          arguments: TestStore.backends)
    func void(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        let kioskID = try await store.run { client -> String in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 21)
            let sale = Fixtures.sale(code)
            _ = try await client.push(sale, as: kiosk)
            // The sales page names a kiosk's sale by kiosk id and event id (event ids are per kiosk).
            let reference = "\(kiosk.kioskID)/\(sale.id)"
            let owner = ConsoleBrowser(client)
            try await owner.logIn("olga", TestStore.ownerPassword)
            try await owner.get("/console/sales")
            #expect(owner.lastPage.contains(reference))
            #expect(try await owner.post("/console/sales/void", [("reference", reference), ("reason", "")]).status == .badRequest)
            try await owner.get("/console/sales")
            #expect(try await owner.post("/console/sales/void", [("reference", reference), ("reason", "paid twice")]).status == .seeOther)
            try await owner.get("/console/sales")
            #expect(owner.lastPage.contains("paid twice"))
            #expect(try await owner.post("/console/sales/void", [("reference", reference), ("reason", "again")]).status == .conflict)
            #expect(try await pcLogin(client, code.grouped).status == .forbidden)
            let report = try await client.call(.get, Routes.adminBalances, token: TestStore.adminToken).decoded(BalancesReport.self)
            #expect(report.holders["cash:\(kiosk.kioskID)"]?["money"] == 0)
            #expect(report.holders["ticket:\(code.canonical)"]?["internet_minutes"] == 0)
            return kiosk.kioskID
        }
        let voids = try await store.rows("SELECT kind, amount, reason, voided_by FROM voids")
        #expect(voids.count == 1)
        #expect(voids.first?.map(\.self) == [.text("ticket_sold"), .int(10_000), .text("paid twice"), .text("olga")])
        let reversal = try await store.rows("SELECT delta FROM ledger WHERE holder = ? AND reference LIKE 'void:%'", [.text("cash:\(kioskID)")])
        #expect(reversal.map { $0[0].int } == [-10_000])
    }

    @Test("voiding a counter batch takes its revenue back and blocks every code of it")
    func voidBatch() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            _ = try await client.putCatalog()
            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            try await cashier.get("/console/batches")
            #expect(try await cashier.post("/console/batches", [("count", "3"), ("kind", "ticket"), ("plan", "hour"), ("sell", "now")])
                .status == .seeOther)
            let owner = ConsoleBrowser(client)
            try await owner.logIn("olga", TestStore.ownerPassword)
            try await owner.get("/console/sales")
            #expect(owner.lastPage.contains("batch 1 (3 × ticket)"))
            #expect(try await owner.post("/console/sales/void", [("reference", "counter:batch:1"), ("reason", "printed on the wrong plan")])
                .status == .seeOther)
            for row in try await store.rows("SELECT login FROM voucher_items WHERE batch_id = 1") {
                #expect(try await pcLogin(client, row[0].text ?? "").status == .forbidden)
            }
        }
        let cash = try await store.rows("SELECT CAST(SUM(delta) AS BIGINT) FROM ledger WHERE holder = 'cash:counter:carl'")
        #expect(cash.first?[0] == .int(0))
        #expect(try await store.rows("SELECT amount, kind FROM voids").first.map { $0.map(\.self) } == [.int(30_000), .text("counter_batch")])
        #expect(try await store.rows("SELECT COUNT(*) FROM blocked_codes").first?[0] == .int(3))
    }
}
