import KioskDomain

/// The largest values the store takes in, checked where they enter (`InputRules`). Each limit is
/// far above anything a cafe sells, and low enough that every sum the store and the console make
/// of such values stays inside Int64 (9.2 × 10^18): a kiosk, a staff member or a bug can send
/// nonsense, and the answer must be a refusal, never a trap that stops kiosk-store for every site.
enum InputLimits {
    /// One amount of money in minor units (a price, surplus, credit, note, collection): 10^11 is a
    /// billion major units of a two-decimal currency. 9 × 10^7 such amounts still fit one sum.
    static let maxAmountMinor: Int64 = 100_000_000_000

    /// What one grant puts on a ticket or account (minutes, megabytes, minor units): 10^8
    /// minutes is 190 years of play.
    static let maxGrantQuantity: Int64 = 100_000_000

    /// Vouchers in one batch, the domain's own limit: unit price × count stays ≤ 10^16.
    static let maxBatchCount = VoucherBatch.maximumCount

    /// Notes of one denomination in one collection: the largest cash boxes stack a few thousand.
    static let maxNotesPerDenomination = 100_000

    /// Denominations listed in one collection: a currency has a dozen; this leaves room for coins.
    static let maxDenominations = 64

    /// Discounts and bonus shares are basis points: 0 … 10 000 is 0 … 100 %. More than 100 % off
    /// would make a negative price, which `Money.discounted` refuses with a trap.
    static let basisPoints = Money.basisPoints

    /// Day counts of a validity (from sale, from first use): ten years, the console's own limit.
    /// A calendar cannot add Int.max days to a date.
    static let validityDays = 1...3650

    /// Zones a plan, ticket or account names: a cafe has a few rooms.
    static let maxZones = 100

    /// Sales windows of one plan.
    static let maxSalesWindows = 100
}
