import Foundation
import KioskDomain
import StoreAPI

/// What a staff member may do at the console. Owners do everything; cashiers run the counter
/// (batches, printing, blocking a code) and read reports and kiosk status (docs/console.md).
public enum StaffRole: String, Sendable, CaseIterable {
    case owner, cashier
}

/// The staff member behind a request, as the session cookie established it.
struct ConsoleStaff: Sendable, Hashable {
    var username: String
    var role: StaffRole
    /// The session's anti-forgery token: every form posts it back.
    var csrfToken: String

    var isOwner: Bool { role == .owner }
}

/// A `cash_collected` event as the console reports it: the kiosk's expectation and what was counted.
struct ConsoleCashCollection: Sendable, Hashable {
    var eventID: String
    var kioskID: String
    var staffID: String
    var expected: Int64
    var counted: Int64
    var notes: [CashCollected.NoteCount]
    var sequence: Int64?
    var bag: String?
    var collectedAt: Date

    func insert(_ tx: any SQLTransaction) throws {
        try tx.execute("""
            INSERT INTO cash_collections (event_id, kiosk_id, staff_id, expected, counted, notes, sequence, bag, collected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(eventID), .text(kioskID), .text(staffID), .int(expected), .int(counted),
                  .text(try JSONCoding.encode(notes)), sequence.map { .int($0) } ?? .null, .optionalText(bag),
                  .date(collectedAt)])
    }
}

/// One line of the console's audit trail: who did what, kept next to the data it changed.
enum ConsoleAudit {
    static func record(_ username: String, _ action: String, _ detail: String, at instant: Date,
                       _ tx: any SQLTransaction) throws {
        try tx.execute("INSERT INTO console_audit (username, action, detail, recorded_at) VALUES (?, ?, ?, ?)",
                       [.text(username), .text(action), .text(String(detail.prefix(500))), .date(instant)])
    }
}

/// Money as staff read it: "1250.00 RUB": plain figures with the currency code.
enum ConsoleMoney {
    static func text(_ minor: Int64, _ currency: String) -> String {
        Currency.known[currency] == nil ? "\(minor) \(currency) minor units" : "\(plain(minor, currency)) \(currency)"
    }

    /// A report's sum: "overflow" when it left Int64 (see `ReportSum`).
    static func text(_ sum: ReportSum, _ currency: String) -> String {
        sum.value.map { text($0, currency) } ?? "overflow"
    }

    static func plain(_ sum: ReportSum, _ currency: String) -> String {
        sum.value.map { plain($0, currency) } ?? "overflow"
    }

    /// The figure alone ("1250.00"), for tables whose heading names the currency.
    static func plain(_ minor: Int64, _ currency: String) -> String {
        guard let known = Currency.known[currency] else { return String(minor) }
        return MoneyFormatter.plain(Money(minorUnits: minor, currency: known))
    }

    /// Parses "250", "99.5" or "99.50" into minor units of `currency` (two decimals at most).
    static func parse(_ text: String, _ currency: String) -> Int64? {
        let perMajor = Currency.known[currency]?.minorPerMajor ?? 100
        let parts = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            .split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let major = Int64(parts[0]), major >= 0, major < 1_000_000_000 else { return nil }
        var minor = major * perMajor
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy(\.isNumber), let fraction = Int64(digits) else { return nil }
            minor += digits.count == 1 ? fraction * perMajor / 10 : fraction * perMajor / 100
        }
        return minor
    }
}
