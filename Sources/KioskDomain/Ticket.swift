import Foundation

/// A prepaid access code that logs in at a PC and spends the time or quota it holds.
///
/// Lifecycle: generated → sold → inUse → usedUp | expired. A "sell later" ticket stays generated
/// (printed, handed out, not yet in sales) until its first use, which sells it.
public struct Ticket: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        case generated, sold, inUse = "in_use", usedUp = "used_up", expired
    }

    public let code: AccessCode
    public let planID: String
    public private(set) var state: State
    public let sellMode: SellMode
    public private(set) var soldAt: Date?
    public private(set) var firstUsedAt: Date?
    /// Set by refills that extend validity beyond what the plan gives (see `RefillExpiryRule`).
    public private(set) var extendedUntil: Date?

    public init(code: AccessCode, planID: String, sellMode: SellMode, createdAt: Date) {
        self.code = code
        self.planID = planID
        self.sellMode = sellMode
        self.state = sellMode == .now ? .sold : .generated
        self.soldAt = sellMode == .now ? createdAt : nil
    }

    /// Restores a ticket read back from storage.
    public init(code: AccessCode, planID: String, state: State, sellMode: SellMode, soldAt: Date?,
                firstUsedAt: Date?, extendedUntil: Date?) {
        self.code = code
        self.planID = planID
        self.state = state
        self.sellMode = sellMode
        self.soldAt = soldAt
        self.firstUsedAt = firstUsedAt
        self.extendedUntil = extendedUntil
    }

    /// The moment the ticket stops being usable, or nil for never.
    public func expiry(validity: Validity, siteTimeZone: TimeZone) -> Date? {
        RefillExpiryRule.effectiveExpiry(planExpiry: validity.expiry(soldAt: soldAt, firstUsedAt: firstUsedAt,
                                                                     siteTimeZone: siteTimeZone),
                                         extendedUntil: extendedUntil, hardCap: validity.fixedUntil)
    }

    /// A kiosk sale: only a generated (sell-later) ticket can be sold; a sold one is an error.
    public mutating func sell(at instant: Date) throws(TicketError) {
        guard state == .generated else { throw .notForSale(state) }
        state = .sold
        soldAt = instant
    }

    /// A login at a PC. A sell-later ticket counts as sold at this moment.
    public mutating func use(at instant: Date, validity: Validity, siteTimeZone: TimeZone,
                             hasBalance: Bool) throws(TicketError) {
        if let end = expiry(validity: validity, siteTimeZone: siteTimeZone), end <= instant {
            state = .expired
            throw .expired
        }
        switch state {
        case .generated:
            state = .sold
            soldAt = instant
        case .sold, .inUse:
            break
        case .usedUp:
            guard hasBalance else { throw .usedUp }
        case .expired:
            throw .expired
        }
        guard hasBalance else {
            state = .usedUp
            throw .usedUp
        }
        if firstUsedAt == nil { firstUsedAt = instant }
        state = .inUse
    }

    /// Balance ran out while in use.
    public mutating func markUsedUp() { if state == .inUse || state == .sold { state = .usedUp } }

    /// A refill was applied; it may extend validity and bring a used-up ticket back.
    mutating func applyRefill(newExtendedUntil: Date?) {
        extendedUntil = newExtendedUntil
        if state == .usedUp || state == .expired { state = firstUsedAt == nil ? .sold : .inUse }
    }
}

public enum SellMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Saved, counted in sales and ready for use at once.
    case now
    /// Saved and printed; counted as sold on first use (or when staff sell it).
    case later
}

public enum TicketError: Error, Hashable, Sendable, CustomStringConvertible {
    case notForSale(Ticket.State), expired, usedUp

    public var description: String {
        switch self {
        case .notForSale(let state): "the ticket cannot be sold: it is \(state.rawValue)"
        case .expired: "the ticket has expired"
        case .usedUp: "the ticket has no time or quota left"
        }
    }
}
