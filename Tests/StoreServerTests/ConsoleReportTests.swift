import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

@Suite("Staff console: reports and cash collections")
struct ConsoleReportTests {
    private static func collection(_ expected: Int64, counted: Int64?, id: String = UUID().uuidString,
                                   notes: [CashCollected.NoteCount] = []) -> KioskEvent {
        KioskEvent(id: id, occurredAt: TestStore.start, payload: .cashCollected(CashCollected(
            amount: WireMoney(minor: expected, currency: "RUB"), notes: notes, staffID: "anna",
            counted: counted.map { WireMoney(minor: $0, currency: "RUB") }, sequence: 7, bag: "B-1042")))
    }

    /// The report's table as "key|items|sales|refills|credits|voids|net|expected|collected|difference" lines.
    private static func table(_ html: String) -> [String] {
        guard let start = html.range(of: "<table id=\"report\">"), let end = html[start.upperBound...].range(of: "</table>") else { return [] }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "</tr>").compactMap { row in
            let cells = row.components(separatedBy: "<td").dropFirst().map { cell in
                String(cell.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
            }
            return cells.isEmpty ? nil : cells.joined(separator: "|")
        }
    }

    @Test("sales, refills, credits, voids and expected against collected, by kiosk, staff and day", arguments: TestStore.backends)
    func report(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk("Hall kiosk")
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 31)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)                                    // 100.00
            let voided = Fixtures.sale(Fixtures.code(for: kiosk, seed: 32))
            _ = try await client.push(voided, as: kiosk)                                                 // 100.00, voided
            _ = try await client.push(Fixtures.refill(.ticket(code.canonical)), as: kiosk)              // 50.00
            _ = try await client.push(KioskEvent(id: "credit-1", occurredAt: TestStore.start, payload: .customerCredit(
                CustomerCreditRecorded(amount: WireMoney(minor: 2_000, currency: "RUB"), reason: "printer jam", reference: "r-1"))), as: kiosk)
            // Expected 270.00 (100 + 100 + 50 + 20), counted 260.00 in notes.
            let counted = try await client.push(Self.collection(27_000, counted: 26_000,
                                                                notes: [.init(denominationMinor: 10_000, count: 2),
                                                                        .init(denominationMinor: 5_000, count: 1),
                                                                        .init(denominationMinor: 1_000, count: 1)]), as: kiosk)
            #expect(counted.status == .created)
            // Notes that do not add up to what was counted are refused.
            let wrong = try await client.push(Self.collection(1_000, counted: 900, notes: [.init(denominationMinor: 1_000, count: 1)]), as: kiosk)
            #expect(wrong.status == .unprocessableContent)

            let owner = ConsoleBrowser(client)
            try await owner.logIn("olga", TestStore.ownerPassword)
            try await owner.get("/console/sales")
            #expect(try await owner.post("/console/sales/void", [("reference", "\(kiosk.kioskID)/\(voided.id)"), ("reason", "test sale")]).status == .seeOther)
            try await owner.get("/console/batches")
            #expect(try await owner.post("/console/batches", [("count", "4"), ("kind", "ticket"), ("plan", "hour"), ("sell", "now")]).status == .seeOther)

            #expect(try await owner.get("/console/reports?from=2026-05-28&to=2026-05-28&by=kiosk").status == .ok)
            #expect(Self.table(owner.lastPage) == [
                "Counter (olga)|4|400.00|0.00|0.00|0.00|400.00|0.00|0.00|0.00",
                "Hall kiosk|2|200.00|50.00|20.00|100.00|170.00|270.00|260.00|-10.00",
                "Total|6|600.00|50.00|20.00|100.00|570.00|270.00|260.00|-10.00",
            ])
            #expect(owner.lastPage.contains("B-1042"))

            #expect(try await owner.get("/console/reports?from=2026-05-28&to=2026-05-28&by=staff").status == .ok)
            #expect(Self.table(owner.lastPage).first == "anna|0|0.00|0.00|0.00|0.00|0.00|270.00|260.00|-10.00")
            #expect(Self.table(owner.lastPage).contains { $0.hasPrefix("self-service|2|200.00") })

            // 2026-05-28 is the day in Moscow; nothing falls on the day before.
            #expect(try await owner.get("/console/reports?from=2026-05-27&to=2026-05-27&by=day").status == .ok)
            #expect(Self.table(owner.lastPage) == ["Total|0|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00"])
            #expect(try await owner.get("/console/reports?from=2026-05-22&to=2026-05-28&by=day").status == .ok)
            #expect(Self.table(owner.lastPage).first?.hasPrefix("2026-05-28|6|600.00") == true)

            try await owner.get("/console/kiosks")
            #expect(owner.lastPage.contains("Hall kiosk"))
            #expect(owner.lastPage.contains("20.00"))   // the credit still owed
        }
        let rows = try await store.rows("SELECT expected, counted, sequence, bag, staff_id FROM cash_collections")
        #expect(rows.map { $0.map(\.self) } == [[.int(27_000), .int(26_000), .int(7), .text("B-1042"), .text("anna")]])
    }

    @Test("a cash_collected body from an older kiosk (no counted, sequence or bag) still applies: counted = expected")
    func oldCollectionBody() async throws {
        let store = TestStore()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let body = """
            {"id":"old-1","occurredAt":"2026-05-28T10:00:00Z","type":"cash_collected",
             "cashCollected":{"amount":{"minor":5000,"currency":"RUB"},"notes":[{"denominationMinor":5000,"count":1}],"staffID":"anna"}}
            """
            let response = try await client.call(.post, Routes.events, token: kiosk.bearerToken,
                                                 headers: [HTTPField.Name(Routes.idempotencyKeyHeader)!: "old-1"], raw: body)
            #expect(response.status == .created)
        }
        let rows = try await store.rows("SELECT expected, counted, sequence, bag FROM cash_collections")
        #expect(rows.map { $0.map(\.self) } == [[.int(5_000), .int(5_000), .null, .null]])
    }
}

@Suite("Kiosk device reports")
struct KioskStatusReportTests {
    @Test("a kiosk's status report shows on the console's status page, with its software version; a forged token cannot send one")
    func reportShows() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk("Hall kiosk")
            let report = KioskStatusReport(printer: .init(.fault, "paper out"), cashAcceptor: .init(.ok),
                                           disk: .init(.warning, "150 MB free"), outboxPending: 3, outOfService: false,
                                           reportedAt: TestStore.start, softwareVersion: "0.17.0+2")
            #expect(try await client.call(.put, Routes.kioskStatus, token: kiosk.bearerToken, json: report).status == .noContent)
            #expect(try await client.call(.put, Routes.kioskStatus, token: "\(kiosk.kioskID).forged", json: report).status
                    == .unauthorized)
            let browser = ConsoleBrowser(client)
            try await browser.logIn("carl", TestStore.cashierPassword)
            let page = String(buffer: try await browser.get("/console/kiosks").body)
            #expect(page.contains("printer: fault: paper out"))
            #expect(page.contains("disk: warning: 150 MB free"))
            #expect(page.contains("badge bad"))
            #expect(page.contains("software: 0.17.0+2"))
            var hostile = report
            hostile.softwareVersion = "1.0\u{1B}[2J"
            #expect(try await client.call(.put, Routes.kioskStatus, token: kiosk.bearerToken, json: hostile).status == .badRequest)
        }
    }
}
