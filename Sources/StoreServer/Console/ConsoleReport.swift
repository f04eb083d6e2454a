import Foundation
import KioskDomain
import StoreAPI

/// Sales, refills, credits, voids and cash collections over a period, grouped by day (the site's
/// wall clock), kiosk or staff member, from the ledger, the events and `cash_collections`.
///
/// Money into a cash holder is classified by what caused it: a kiosk event's type, or a counter
/// batch. Kiosk sales have no staff member ("self-service"); counter sales and collections do.
/// Expected is what the kiosk's ledger said the box held; collected is what staff counted.
/// Every figure is a `ReportSum`: a total that leaves Int64 shows as "overflow", never a trap.
struct ConsoleReport: Sendable, Hashable {
    enum Grouping: String, Sendable, CaseIterable { case day, kiosk, staff }

    struct Line: Sendable, Hashable {
        var key: String
        var items: ReportSum = 0
        var sales: ReportSum = 0
        var refills: ReportSum = 0
        var credits: ReportSum = 0
        var voids: ReportSum = 0
        var expected: ReportSum = 0
        var collected: ReportSum = 0

        var difference: ReportSum { collected - expected }
        var net: ReportSum { sales + refills + credits - voids }

        mutating func add(_ other: Line) {
            items += other.items; sales += other.sales; refills += other.refills; credits += other.credits
            voids += other.voids; expected += other.expected; collected += other.collected
        }
    }

    struct Collection: Sendable, Hashable {
        var at: Date
        var kiosk: String
        var staff: String
        var bag: String
        var expected: Int64
        var counted: Int64

        var difference: ReportSum { ReportSum(counted) - ReportSum(expected) }
    }

    var grouping: Grouping
    var from: Date
    var until: Date
    var lines: [Line]
    var total: Line
    var collections: [Collection]
}

extension ConsoleStore {
    /// The report for [from, until), grouped by `grouping`.
    func report(from: Date, until: Date, grouping: ConsoleReport.Grouping, timeZone: TimeZone) async throws -> ConsoleReport {
        try await database.read { tx in
            let kiosks = try Self.kioskNames(tx)
            var batchCounts: [String: Int64] = [:]
            for row in try tx.rows("SELECT id, item_count FROM voucher_batches", []) {
                if let id = row[0].int { batchCounts[CounterVouchers.reference(batchID: id)] = row[1].int ?? 0 }
            }

            var lines: [String: ConsoleReport.Line] = [:]
            func key(_ at: Date, place: String, staff: String) -> String {
                switch grouping {
                case .day: Self.dayText(at, timeZone)
                case .kiosk: place
                case .staff: staff
                }
            }
            let money = try tx.rows("""
                SELECT l.holder, l.delta, l.reference, l.recorded_at, e.type
                FROM ledger l LEFT JOIN events e ON e.id = l.reference
                WHERE l.unit = '\(BalanceUnit.money.rawValue)' AND l.holder LIKE 'cash:%' AND l.recorded_at >= ? AND l.recorded_at < ?
                """, [.date(from), .date(until)])
            for row in money {
                guard let holder = row[0].text, let value = row[1].int, let reference = row[2].text, let at = row[3].date else { continue }
                let delta = ReportSum(value)
                let place = Self.place(of: holder, kiosks)
                let staff = holder.hasPrefix("cash:counter:") ? String(holder.dropFirst("cash:counter:".count)) : "self-service"
                var line = ConsoleReport.Line(key: key(at, place: place, staff: staff))
                if reference.hasPrefix("void:") {
                    line.voids = -delta
                } else if reference.hasPrefix("counter:batch:") {
                    line.sales = delta
                    line.items = ReportSum(batchCounts[reference] ?? 0)
                } else {
                    switch row[4].text {
                    case "ticket_sold": line.sales = delta; line.items = 1
                    case "voucher_batch_sold": line.sales = delta
                    case "refill_applied": line.refills = delta
                    case "customer_credit": line.credits = delta
                    default: continue   // cash_collected: reported from cash_collections below
                    }
                }
                lines[line.key, default: ConsoleReport.Line(key: line.key)].add(line)
            }
            var collections: [ConsoleReport.Collection] = []
            for row in try tx.rows("""
                SELECT collected_at, kiosk_id, staff_id, bag, expected, counted FROM cash_collections
                WHERE collected_at >= ? AND collected_at < ? ORDER BY collected_at
                """, [.date(from), .date(until)]) {
                let at = row[0].date ?? .distantPast
                let place = kiosks[row[1].text ?? ""] ?? (row[1].text ?? "")
                let collection = ConsoleReport.Collection(at: at, kiosk: place, staff: row[2].text ?? "", bag: row[3].text ?? "",
                                                          expected: row[4].int ?? 0, counted: row[5].int ?? 0)
                collections.append(collection)
                var line = ConsoleReport.Line(key: key(at, place: place, staff: collection.staff))
                line.expected = ReportSum(collection.expected)
                line.collected = ReportSum(collection.counted)
                lines[line.key, default: ConsoleReport.Line(key: line.key)].add(line)
            }
            let sorted = lines.values.sorted { $0.key < $1.key }
            var total = ConsoleReport.Line(key: "Total")
            for line in sorted { total.add(line) }
            return ConsoleReport(grouping: grouping, from: from, until: until, lines: sorted, total: total, collections: collections)
        }
    }

    static func dayText(_ date: Date, _ timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Midnight of "YYYY-MM-DD" on the site's wall clock.
    static func day(_ text: String, _ timeZone: TimeZone) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}
