/// The notes in the cassette since the last collection, counted per denomination.
public struct CashBox: Hashable, Sendable, Codable {
    public let currency: Currency
    /// Denomination in minor units → number of notes.
    public private(set) var counts: [Int64: Int]

    public init(currency: Currency, counts: [Int64: Int] = [:]) {
        self.currency = currency
        self.counts = counts
    }

    public mutating func stack(_ note: Money) {
        precondition(note.currency == currency && note.isPositive, "a note must be a positive amount in \(currency.code)")
        counts[note.minorUnits, default: 0] += 1
    }

    public var noteCount: Int { counts.values.reduce(0, +) }

    public var total: Money {
        counts.reduce(Money.zero(currency)) { $0 + Money(minorUnits: $1.key, currency: currency).times(Int64($1.value)) }
    }

    /// A collection empties the box; what was in it is the expected amount staff count against.
    public mutating func collect() -> [Int64: Int] {
        defer { counts = [:] }
        return counts
    }
}
