import Foundation
import KioskDomain

/// A refill target as the central store knows it: a ticket sold at another kiosk or an account
/// made at the counter. For a ticket, its state and validity, so the refill rules are checked
/// before any money is taken, exactly as for a ticket this kiosk sold.
public struct RemoteRefillTarget: Sendable, Hashable {
    public var info: RefillTargetInfo
    public var ticket: Ticket?
    public var validity: Validity
    /// Staff blocked it at the store: no money may be taken for it.
    public var blocked: Bool

    public init(info: RefillTargetInfo, ticket: Ticket?, validity: Validity, blocked: Bool = false) {
        self.info = info
        self.ticket = ticket
        self.validity = validity
        self.blocked = blocked
    }
}

/// Where the kiosk asks about targets it does not know (KioskSync's `StoreRefillLookup`). Throws
/// when the store cannot be asked: then the refill waits, and no money is taken.
public protocol RemoteRefillTargets: Sendable {
    func find(_ target: RefillTarget) async throws -> RemoteRefillTarget?
}
