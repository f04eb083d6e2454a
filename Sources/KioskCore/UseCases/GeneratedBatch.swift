import Foundation
import KioskDomain

/// A voucher batch with its generated items, ready to be saved in one transaction.
public struct GeneratedBatch: Sendable, Hashable {
    public let options: VoucherBatch
    public let plan: PricePlan
    public let unitPrice: Money
    public let createdAt: Date
    public let items: [VoucherItem]

    public init(options: VoucherBatch, plan: PricePlan, unitPrice: Money, createdAt: Date, items: [VoucherItem]) {
        self.options = options
        self.plan = plan
        self.unitPrice = unitPrice
        self.createdAt = createdAt
        self.items = items
    }
}

/// One printed voucher.
public enum VoucherItem: Sendable, Hashable {
    case ticket(AccessCode)
    case refill(AccessCode)
    case account(username: String, password: String)

    /// The text staff or customers type: the grouped code, or the username.
    public var login: String {
        switch self {
        case .ticket(let code), .refill(let code): code.grouped
        case .account(let username, _): username
        }
    }

    public var password: String? {
        if case .account(_, let password) = self { return password }
        return nil
    }

    public var code: AccessCode? {
        switch self {
        case .ticket(let code), .refill(let code): code
        case .account: nil
        }
    }
}

public struct SavedBatch: Sendable, Hashable {
    public let batchID: Int64
    public let items: [VoucherItem]

    public init(batchID: Int64, items: [VoucherItem]) {
        self.batchID = batchID
        self.items = items
    }
}

/// A code the store already holds: the generator draws another.
public struct DuplicateCodes: Error, Sendable {
    public let codes: Set<String>
    public init(codes: Set<String>) { self.codes = codes }
}
