import Foundation
import KioskDomain
import KioskGraphics
@testable import KioskUI

/// The shipped font, loaded once for all tests.
enum TestFonts {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let font: Font = try! Font(path: repoRoot.appendingPathComponent("Assets/fonts/DejaVuSans.ttf").path)
}

/// The kiosk's own encoder: KioskGraphics' QR code.
typealias LibQREncoder = GraphicsQREncoder

/// The three panels the kiosk supports, with the DPI of a typical panel of that size.
struct Resolution: Sendable, CustomStringConvertible {
    let width: Int
    let height: Int
    let dpi: Double
    var description: String { "\(width)x\(height)" }
    var theme: Theme { Theme(size: Size(width: width, height: height), dpi: dpi) }

    /// The supported panels' (see `Panel.supported`, where their DPIs are written down).
    static let all = Panel.supported.map(\.resolution)
}

/// Sample data: a café selling three tickets in rubles.
enum Sample {
    static let rub = Currency.rub
    static func rubles(_ n: Int64) -> Money { .major(n, rub) }
    static let timeZone = TimeZone(identifier: "Europe/Moscow")!
    /// Wednesday 2026-11-18 14:30 Moscow time.
    static let now = Date(timeIntervalSince1970: 1_795_001_400)

    static let hour = PricePlan(id: "hour", name: "1 hour", price: rubles(100), grant: .minutes(60, .internet))
    static let threeHours = PricePlan(id: "3h", name: "3 hours", price: rubles(250), grant: .minutes(180, .internet),
                                      validity: Validity(daysFromSale: 30))
    static let night = PricePlan(id: "night", name: "Night", price: rubles(300), grant: .minutes(600, .game),
                                 zones: ["VIP"], salesWindows: [SalesWindow(weekdays: SalesWindow.everyDay, startMinute: 22 * 60, endMinute: 8 * 60)])
    static let workday = PricePlan(id: "day", name: "Workday", price: rubles(200), grant: .minutes(300, .game),
                                   salesWindows: [SalesWindow(weekdays: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 18 * 60)])
    static let refill200 = PricePlan(id: "r200", name: "Top-up 200", price: rubles(200), grant: .minutes(120, .internet))
    static let refill500 = PricePlan(id: "r500", name: "Top-up 500", price: rubles(500), grant: .minutes(360, .internet))
    static let rate = RatePlan(id: "rate", name: "Time for any amount", hourlyPrice: rubles(120), category: .internet,
                               minimumAmount: rubles(50))
    static let notes = [rubles(50), rubles(100), rubles(200), rubles(500), rubles(1000)]

    static let catalog = ScreenCatalog(plans: [hour, threeHours, workday, night], ratePlan: rate, refillPlans: [refill200, refill500],
                                 acceptedNotes: notes, zone: "Main", siteTimeZone: timeZone, currency: rub)

    static let code: AccessCode = {
        let body = "01K7ABCDEFGH"
        return try! AccessCode.parse(body + String(Crockford.checkSymbol(for: body)))
    }()

    static func model(_ screen: KioskScreen = .idle, language: MoneyFormatter.Language = .en) -> KioskScreenModel {
        var m = KioskScreenModel(language: language, catalog: catalog, supportPhone: "+7 900 123-45-67", now: now,
                                 staff: StaffData(credits: [.init(id: "CR-0007", amount: rubles(150), createdAt: now.addingTimeInterval(-3600)),
                                                            .init(id: "CR-0008", amount: rubles(50), createdAt: now.addingTimeInterval(-600))],
                                                  cashBox: [5000: 12, 10000: 30, 50000: 4, 100000: 2],
                                                  hasLastReceipt: true))
        m.screen = screen
        return m
    }

    static func payment(inserted: Int64 = 0, notes: [Int64] = [], message: PaymentState.Message? = nil) -> PaymentState {
        PaymentState(product: .ticket(planID: "3h"), productName: "3 hours", price: rubles(250), inserted: rubles(inserted),
                     notes: notes.map(rubles), acceptedNotes: Self.notes, message: message)
    }

    static let sale = SaleResult(code: code, qrPayload: "https://wifi.example/login?code=\(code.canonical)", productName: "3 hours",
                                 grant: .minutes(180, .internet), validUntil: now.addingTimeInterval(30 * 86400), receipt: .printed)
    /// A collection where the collector counted one 100 note fewer than the kiosk.
    static let collection: CollectionForm = {
        var form = CollectionForm(currency: .rub, expected: [5000: 12, 10000: 30, 50000: 4, 100000: 2])
        form.counted[10000] = 29
        form.collector = "Anna K."
        form.bag = "B-001245"
        return form
    }()
    static let account = RefillAccount(query: .username("ivan.petrov"),
                                       balances: Balances([.internetMinutes: 45, .gameMinutes: 120]))
}
