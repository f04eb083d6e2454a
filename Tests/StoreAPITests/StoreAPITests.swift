import Foundation
import KioskDomain
@testable import StoreAPI
import Testing

@Suite("StoreAPI wire types")
struct StoreAPITests {
    static let instant = Date(timeIntervalSince1970: 1_780_000_000)

    static let events: [KioskEvent] = [
        KioskEvent(id: "e1", occurredAt: instant, payload: .ticketSold(TicketSold(
            code: "0012345678909", planID: "hour", sellMode: .now, price: WireMoney(minor: 10_000, currency: "RUB"),
            grant: WireGrant(unit: .internetMinutes, quantity: 60), validity: Validity(daysFromSale: 7), zones: ["hall"]))),
        KioskEvent(id: "e2", occurredAt: instant, payload: .refillApplied(RefillApplied(
            refillCode: nil, target: .account("USER11"), planID: "r", price: WireMoney(minor: 5_000, currency: "RUB"),
            grant: WireGrant(unit: .gameMinutes, quantity: 30)))),
        KioskEvent(id: "e3", occurredAt: instant, payload: .customerCredit(CustomerCreditRecorded(
            amount: WireMoney(minor: 1_000, currency: "RUB"), reason: "printer jammed", reference: "p-9"))),
        KioskEvent(id: "e4", occurredAt: instant, payload: .cashCollected(CashCollected(
            amount: WireMoney(minor: 15_000, currency: "RUB"), notes: [.init(denominationMinor: 5_000, count: 3)], staffID: "anna"))),
    ]

    @Test("every event type survives a round trip", arguments: events)
    func roundTrip(_ event: KioskEvent) throws {
        let data = try StoreJSON.encoder().encode(event)
        #expect(try StoreJSON.decoder().decode(KioskEvent.self, from: data) == event)
    }

    @Test("an event encodes to the documented shape: a type and the member it names, sorted keys")
    func shape() throws {
        let json = String(decoding: try StoreJSON.encoder().encode(Self.events[2]), as: UTF8.self)
        #expect(json == #"{"customerCredit":{"amount":{"currency":"RUB","minor":1000},"reason":"printer jammed","reference":"p-9"},"id":"e3","occurredAt":"2026-05-28T20:26:40Z","type":"customer_credit"}"#)
    }

    @Test("the same event always encodes to the same bytes (the store hashes them)")
    func canonical() throws {
        for event in Self.events {
            let once = try StoreJSON.encoder().encode(event)
            let decoded = try StoreJSON.decoder().decode(KioskEvent.self, from: once)
            #expect(try StoreJSON.encoder().encode(decoded) == once)
        }
    }

    @Test("an unknown event type is refused")
    func unknownType() {
        let json = #"{"id":"x","occurredAt":"2026-05-28T20:26:40Z","type":"free_money","freeMoney":{}}"#
        #expect(throws: DecodingError.self) { try StoreJSON.decoder().decode(KioskEvent.self, from: Data(json.utf8)) }
    }

    @Test("grants and plans map to the domain and back")
    func domainMapping() {
        let plan = PricePlan(id: "day", name: "Day", price: .major(300, .rub), grant: .minutes(600, .game),
                             zones: ["vip"], salesWindows: [SalesWindow(weekdays: [5, 6], startMinute: 1320, endMinute: 480)],
                             validity: Validity(daysFromSale: 1), maxBonusBasisPoints: 5000, discountBasisPoints: 1000)
        #expect(CatalogPlan(plan).pricePlan == plan)
        #expect(WireGrant(.dataMegabytes(500)).grant(currency: "RUB") == .dataMegabytes(500))
        #expect(WireGrant(unit: .bonus, quantity: 5).grant(currency: "RUB") == nil)
        #expect(WireMoney(minor: 5, currency: "XXX").money == nil)
        var bad = CatalogPlan(plan)
        bad.price.currency = "XXX"
        #expect(bad.pricePlan == nil)
    }

    @Test("the token a kiosk sends is its id and secret joined by a dot")
    func bearer() {
        #expect(RegisterKioskResponse(kioskID: "k", secret: "s", namespace: 3).bearerToken == "k.s")
        #expect(Catalog(version: 4, currency: "RUB", siteTimeZone: "UTC").etag == "\"4\"")
    }

    @Test("docs/openapi.yaml documents every route and every event type")
    func openAPIDocument() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let routes = [Routes.health, Routes.registerKiosk, Routes.adminCatalog, Routes.adminAccounts, Routes.adminStats,
                      Routes.adminBalances, Routes.catalog, Routes.events, Routes.eventsBatch, Routes.ticket("{code}"),
                      Routes.account("{username}"), Routes.kioskStatus, Routes.sessions, Routes.session("{id}"), Routes.heartbeat("{id}")]
        for route in routes { #expect(document.contains("\n  \(route):"), "\(route) is not in docs/openapi.yaml") }
        for event in Self.events { #expect(document.contains(event.payload.type)) }
        #expect(document.contains(Routes.idempotencyKeyHeader))
    }

    @Test("a status report carries the kiosk's software version; one from an older kiosk, without it, still decodes")
    func statusReportVersion() throws {
        let report = KioskStatusReport(printer: .init(.ok), cashAcceptor: .init(.fault, "jam"), disk: .init(.ok), outboxPending: 2,
                                       outOfService: true, reportedAt: Self.instant, softwareVersion: "0.17.0")
        let json = String(decoding: try StoreJSON.encoder().encode(report), as: UTF8.self)
        #expect(json.contains(#""softwareVersion":"0.17.0""#))
        #expect(try StoreJSON.decoder().decode(KioskStatusReport.self, from: Data(json.utf8)) == report)
        let older = #"{"cashAcceptor":{"state":"ok"},"disk":{"state":"ok"},"outOfService":false,"outboxPending":0,"printer":{"state":"ok"},"reportedAt":"2026-05-28T20:26:40Z"}"#
        #expect(try StoreJSON.decoder().decode(KioskStatusReport.self, from: Data(older.utf8)).softwareVersion == nil)
    }
}

@Suite("Software version")
struct SoftwareVersionTests {
    @Test("a build nobody stamped says dev; the stamp is the fixed-length literal scripts/package overwrites")
    func unstamped() {
        #expect(SoftwareVersion.current == "dev")
        #expect(SoftwareVersion.stamp.utf8.count == 96)
        #expect(SoftwareVersion.stamp.hasPrefix("@(#)kiosk-software-version="))
    }

    @Test("the version is what follows the marker, up to the padding", arguments: [
        ("@(#)kiosk-software-version=0.17.0                ", "0.17.0"),
        ("@(#)kiosk-software-version=1.2.3+git20261207~rc1\0\0\0", "1.2.3+git20261207~rc1"),
        ("@(#)kiosk-software-version=          ", "dev"),
        ("no marker at all", "dev"),
    ])
    func parse(_ stamp: String, _ version: String) {
        #expect(SoftwareVersion.parse(stamp) == version)
    }
}
