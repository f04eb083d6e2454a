import Foundation
import KioskDomain

/// `GET /v1/tickets/{code}`: what a kiosk needs to refill a ticket sold elsewhere.
public struct TicketInfo: Hashable, Sendable, Codable {
    public var code: String
    public var planID: String
    public var state: Ticket.State
    public var sellMode: SellMode
    public var validity: Validity
    public var zones: [String]
    public var soldAt: Date?
    public var firstUsedAt: Date?
    public var extendedUntil: Date?
    public var expiresAt: Date?
    public var balances: WireBalances
    /// Why staff blocked this code at the console (lost, disputed, voided); nil when it is not
    /// blocked. A kiosk takes no money for a blocked code.
    public var blockedReason: String?

    public init(code: String, planID: String, state: Ticket.State, sellMode: SellMode, validity: Validity,
                zones: [String], soldAt: Date?, firstUsedAt: Date?, extendedUntil: Date?, expiresAt: Date?,
                balances: WireBalances, blockedReason: String? = nil) {
        self.blockedReason = blockedReason
        self.code = code
        self.planID = planID
        self.state = state
        self.sellMode = sellMode
        self.validity = validity
        self.zones = zones
        self.soldAt = soldAt
        self.firstUsedAt = firstUsedAt
        self.extendedUntil = extendedUntil
        self.expiresAt = expiresAt
        self.balances = balances
    }
}

/// `GET /v1/accounts/{username}`: a regular client's account, for refills at the kiosk.
public struct AccountInfo: Hashable, Sendable, Codable {
    public var username: String
    public var kind: Account.Kind
    public var planID: String?
    public var zones: [String]
    public var acceptsRefills: Bool
    public var balances: WireBalances

    public init(username: String, kind: Account.Kind, planID: String?, zones: [String], acceptsRefills: Bool,
                balances: WireBalances) {
        self.username = username
        self.kind = kind
        self.planID = planID
        self.zones = zones
        self.acceptsRefills = acceptsRefills
        self.balances = balances
    }
}

/// `POST /v1/admin/accounts`: creates a login for a regular client.
public struct CreateAccountRequest: Hashable, Sendable, Codable {
    public var username: String
    public var password: String
    public var kind: Account.Kind
    public var planID: String?
    public var zones: [String]
    /// Opening balance (e.g. minutes bought at the counter), recorded in the ledger.
    public var opening: [WireGrant]

    public init(username: String, password: String, kind: Account.Kind, planID: String? = nil,
                zones: [String] = [], opening: [WireGrant] = []) {
        self.username = username
        self.password = password
        self.kind = kind
        self.planID = planID
        self.zones = zones
        self.opening = opening
    }
}

/// `GET /v1/admin/balances`: every holder's balances, derived from the ledger (for reconciliation).
public struct BalancesReport: Hashable, Sendable, Codable {
    public var holders: [String: WireBalances]
    public var eventCount: Int
    public init(holders: [String: WireBalances], eventCount: Int) {
        self.holders = holders
        self.eventCount = eventCount
    }
}

/// `GET /v1/admin/stats`: refusals counted by reason ("auth_missing", "code_guess", …).
public struct SecurityStats: Hashable, Sendable, Codable {
    public var refusals: [String: Int]
    public init(refusals: [String: Int]) { self.refusals = refusals }
}
