/// A sum of money or counts for a report that cannot trap. Input limits keep new sums far inside
/// Int64, but the ledger keeps whatever it was given before those limits existed; an overflow
/// turns the sum into `overflow` for good, and the page shows the word instead of stopping.
struct ReportSum: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// The exact sum, or nil once any step overflowed.
    let value: Int64?

    init(_ value: Int64?) { self.value = value }
    init(integerLiteral value: Int64) { self.value = value }

    static let overflow = ReportSum(nil)

    var isOverflow: Bool { value == nil }

    static func + (lhs: ReportSum, rhs: ReportSum) -> ReportSum {
        guard let a = lhs.value, let b = rhs.value else { return .overflow }
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .overflow : ReportSum(sum)
    }

    static prefix func - (operand: ReportSum) -> ReportSum {
        guard let value = operand.value, value != .min else { return .overflow }
        return ReportSum(-value)
    }

    static func - (lhs: ReportSum, rhs: ReportSum) -> ReportSum { lhs + -rhs }

    static func += (lhs: inout ReportSum, rhs: ReportSum) { lhs = lhs + rhs }

    /// Negative, positive or zero, for a report's colour classes; an overflow is none of them.
    var sign: Int { value.map { $0 < 0 ? -1 : $0 > 0 ? 1 : 0 } ?? 0 }

    var description: String { value.map(String.init) ?? "overflow" }
}

/// Ledger sums in SQL that cannot overflow in SQL either. SQLite's SUM() fails with "integer
/// overflow" and PostgreSQL's CAST(SUM(...) AS BIGINT) with "bigint out of range" once a total
/// leaves Int64, which would fail the whole page. Each delta is split into a high and a low part
/// (delta / 2^32 and delta % 2^32, both truncating toward zero in both databases, so
/// high × 2^32 + low = delta exactly); summing the parts needs 2^32 rows of extreme deltas to
/// overflow, and Swift puts them back together with checked arithmetic.
enum LedgerSum {
    /// Two aggregate columns for `column`, read back with `value(_:_:)`.
    static func sql(_ column: String) -> String {
        "CAST(SUM(\(column) / 4294967296) AS BIGINT), CAST(SUM(\(column) % 4294967296) AS BIGINT)"
    }

    /// The exact sum from the two parts of `sql(_:)`; NULL parts (no rows) make 0.
    static func value(_ high: SQLValue, _ low: SQLValue) -> ReportSum {
        let (scaled, overflow) = (high.int ?? 0).multipliedReportingOverflow(by: 1 << 32)
        return overflow ? .overflow : ReportSum(scaled) + ReportSum(low.int ?? 0)
    }
}
