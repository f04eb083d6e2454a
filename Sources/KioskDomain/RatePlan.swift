/// Buying time for an amount: the customer pays any amount and gets minutes at an hourly rate.
///
/// Rounding rule: minutes = ⌈amount × 60 / hourly price⌉ — a started minute is given in full, so
/// the customer is never short of anything they paid for (the café gives away less than one
/// minute per sale). Amounts below `minimumAmount` are not sold.
public struct RatePlan: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var hourlyPrice: Money
    public var category: MinuteCategory
    public var minimumAmount: Money
    public var validity: Validity

    public init(id: String, name: String, hourlyPrice: Money, category: MinuteCategory,
                minimumAmount: Money, validity: Validity = .unlimited) {
        precondition(hourlyPrice.isPositive, "an hourly price must be positive")
        self.id = id
        self.name = name
        self.hourlyPrice = hourlyPrice
        self.category = category
        self.minimumAmount = minimumAmount
        self.validity = validity
    }

    /// Minutes granted for `amount`, or nil when the amount is below the minimum.
    public func minutes(for amount: Money) -> Int64? {
        guard amount >= minimumAmount, amount.isPositive else { return nil }
        let (high, low) = amount.minorUnits.multipliedFullWidth(by: 60)
        let (quotient, remainder) = hourlyPrice.minorUnits.dividingFullWidth((high, low))
        return remainder == 0 ? quotient : quotient + 1
    }

    /// The grant for `amount`, if it can be sold.
    public func grant(for amount: Money) -> Grant? {
        minutes(for: amount).map { .minutes($0, category) }
    }
}
