/// A login with username and password, for regular clients.
public struct Account: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Pays in advance; spends its balances.
        case prepaid
        /// Uses first, pays at the counter later.
        case postpaid
        /// Starts at zero; usage is counted up and billed at intervals.
        case usageBased = "usage_based"
    }

    public let username: String
    public let password: String
    public let kind: Kind
    public let planID: String?

    public init(username: String, password: String, kind: Kind, planID: String?) {
        self.username = username
        self.password = password
        self.kind = kind
        self.planID = planID
    }

    /// Only prepaid accounts can be refilled: the others are billed after use.
    public var acceptsRefills: Bool { kind == .prepaid }

    /// `prefix` + number, e.g. USER11, USER12 for prefix "USER" and start number 11.
    public static func usernames(prefix: String, startNumber: Int, count: Int) -> [String] {
        (0..<count).map { prefix + String(startNumber + $0) }
    }
}

/// The balances a ticket or account holds, one integer per unit.
public struct Balances: Hashable, Sendable, Codable {
    public private(set) var amounts: [BalanceUnit: Int64]

    public init(_ amounts: [BalanceUnit: Int64] = [:]) { self.amounts = amounts }

    public subscript(unit: BalanceUnit) -> Int64 { amounts[unit] ?? 0 }

    public mutating func add(_ quantity: Int64, to unit: BalanceUnit) {
        let (sum, overflow) = self[unit].addingReportingOverflow(quantity)
        precondition(!overflow, "balance overflow in \(unit)")
        amounts[unit] = sum
    }

    public mutating func add(_ grant: Grant) { add(grant.quantity, to: grant.unit) }

    /// Whether anything is left to spend.
    public var hasAnything: Bool { amounts.values.contains { $0 > 0 } }
}
