import Foundation

/// One printed voucher: a code, or a username and password, for a plan.
public struct VoucherCard: Sendable, Hashable, Codable {
    public enum Credential: Sendable, Hashable, Codable {
        case code(AccessCode)
        case account(username: String, password: String)
    }
    public var planName: String
    public var credential: Credential
    public var qrPayload: String?
    public var validUntil: Date?
    public var price: Money?

    public init(planName: String, credential: Credential, qrPayload: String?, validUntil: Date? = nil, price: Money? = nil) {
        self.planName = planName
        self.credential = credential
        self.qrPayload = qrPayload
        self.validUntil = validUntil
        self.price = price
    }
}
