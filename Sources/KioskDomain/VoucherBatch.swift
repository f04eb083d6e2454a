/// A batch of vouchers generated at once for the counter or the kiosk: user accounts, tickets,
/// refills or free accounts, with the options operators know from existing cafe systems.
public struct VoucherBatch: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case userAccount = "user"
        case ticket
        case refill
        /// Given away: never in sales reports, no money recorded.
        case free
    }

    public var count: Int
    public var kind: Kind
    public var planID: String
    public var discountBasisPoints: Int
    /// Account usernames: prefix + start number (USER11, USER12 …).
    public var prefix: String
    public var startNumber: Int
    public var passwordLength: Int
    public var accountKind: Account.Kind
    /// Random symbols in each ticket or refill code (10 = 50 bits).
    public var codeLength: Int
    public var sellMode: SellMode

    public init(count: Int, kind: Kind, planID: String, discountBasisPoints: Int = 0, prefix: String = "USER",
                startNumber: Int = 1, passwordLength: Int = PasswordGenerator.minimumLength, accountKind: Account.Kind = .prepaid,
                codeLength: Int = AccessCode.defaultRandomLength, sellMode: SellMode = .now) {
        self.count = count
        self.kind = kind
        self.planID = planID
        self.discountBasisPoints = discountBasisPoints
        self.prefix = prefix
        self.startNumber = startNumber
        self.passwordLength = passwordLength
        self.accountKind = accountKind
        self.codeLength = codeLength
        self.sellMode = sellMode
    }

    public static let maximumCount = 100_000

    /// Every rule a batch must satisfy, as messages a person can act on.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(1...Self.maximumCount).contains(count) { problems.append("count must be 1…\(Self.maximumCount), got \(count)") }
        if !Money.basisPoints.contains(discountBasisPoints) { problems.append("discount must be 0…100 %") }
        if !(AccessCode.minimumRandomLength...AccessCode.maximumRandomLength).contains(codeLength) {
            problems.append("code length must be \(AccessCode.minimumRandomLength)…\(AccessCode.maximumRandomLength) (10 symbols = 50 random bits; fewer can be guessed at a PC login)")
        }
        if kind == .userAccount || kind == .free {
            if prefix.isEmpty || prefix.count > 16 || !prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                problems.append("prefix must be 1…16 ASCII letters or digits, got '\(prefix)'")
            }
            if startNumber < 0 || startNumber > 1_000_000_000 { problems.append("start number must be 0…1000000000") }
            if !(PasswordGenerator.minimumLength...64).contains(passwordLength) {
                problems.append("password length must be \(PasswordGenerator.minimumLength)…64 (10 symbols are 57 bits)")
            }
        }
        if kind == .free && sellMode == .later { problems.append("free accounts are never sold: sell mode 'later' does not apply") }
        return problems
    }

    /// The price of one voucher of this batch, after the plan's own discount and the batch discount.
    public func unitPrice(of plan: PricePlan) -> Money {
        if kind == .free || plan.isFree { return .zero(plan.price.currency) }
        return plan.effectivePrice.discounted(byBasisPoints: discountBasisPoints)
    }
}
