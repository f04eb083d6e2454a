import Foundation
import KioskDomain

/// `POST /v1/pc/sessions`: a PC logs in with a ticket code, or a username and password, for a zone.
public struct LoginRequest: Hashable, Sendable, Codable {
    public var zone: String
    public var pcID: String
    public var code: String?
    public var username: String?
    public var password: String?

    public init(zone: String, pcID: String, code: String? = nil, username: String? = nil, password: String? = nil) {
        self.zone = zone
        self.pcID = pcID
        self.code = code
        self.username = username
        self.password = password
    }
}

/// A PC session: the balance-timer. Each heartbeat charges the whole minutes elapsed since the
/// last charge; ending charges the started minute.
public struct SessionInfo: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable { case active, ended }
    public enum EndReason: String, Hashable, Sendable, Codable {
        case logout, usedUp = "used_up", expired
        /// Staff blocked the code while it was in use.
        case blocked
    }

    public var sessionID: String
    /// Only in the login response: the bearer token for this session's other requests.
    public var token: String?
    public var holder: String
    public var zone: String
    public var unit: BalanceUnit
    public var state: State
    public var endReason: EndReason?
    public var minutesLeft: Int64
    public var startedAt: Date
    public var expiresAt: Date?

    public init(sessionID: String, token: String? = nil, holder: String, zone: String, unit: BalanceUnit,
                state: State, endReason: EndReason? = nil, minutesLeft: Int64, startedAt: Date, expiresAt: Date? = nil) {
        self.sessionID = sessionID
        self.token = token
        self.holder = holder
        self.zone = zone
        self.unit = unit
        self.state = state
        self.endReason = endReason
        self.minutesLeft = minutesLeft
        self.startedAt = startedAt
        self.expiresAt = expiresAt
    }
}
