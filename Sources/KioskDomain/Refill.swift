import Foundation

/// A refill code adds time, quota or money to an existing prepaid account or ticket. It is not a
/// login: it is spent once, on one target.
public struct Refill: Hashable, Sendable, Codable {
    public let code: AccessCode
    public let planID: String
    public private(set) var appliedTo: RefillTarget?
    public private(set) var appliedAt: Date?

    public init(code: AccessCode, planID: String) {
        self.code = code
        self.planID = planID
    }

    public var isSpent: Bool { appliedTo != nil }

    mutating func markApplied(to target: RefillTarget, at instant: Date) {
        appliedTo = target
        appliedAt = instant
    }
}

public enum RefillTarget: Hashable, Sendable, Codable, CustomStringConvertible {
    case ticket(AccessCode)
    case account(String)

    /// The ledger's name for this holder of balances.
    public var holder: String {
        switch self {
        case .ticket(let code): "ticket:\(code.canonical)"
        case .account(let username): "account:\(username)"
        }
    }

    public var description: String { holder }
}

/// What a refill does to expiry. Users of other systems complain most about refills that vanish
/// with an expiry they did not expect, so the rule is one function with a test matrix:
///
/// 1. A refill always adds its grant to the balance.
/// 2. A refill whose plan has no validity leaves expiry as it is.
/// 3. A refill whose plan has validity extends expiry to the *later* of the current expiry and
///    "refill time + the refill plan's validity" — it never shortens what the customer had.
///    A target with no expiry keeps none.
/// 4. A fixed end date on the target's plan (a season card) is a hard cap no refill passes.
/// 5. A refill that would leave the target expired at the moment of the refill is refused before
///    any money is taken: an expired target can only be revived by a refill with validity, and
///    never past its hard cap.
/// 6. Unsold (sell-later, never used) tickets and non-prepaid accounts cannot be refilled.
/// 7. A used-up or revived-expired ticket comes back to use; its old balance comes back with it.
public enum RefillExpiryRule {
    /// The target's expiry given the plan's own and any extension from refills.
    public static func effectiveExpiry(planExpiry: Date?, extendedUntil: Date?, hardCap: Date?) -> Date? {
        guard let planExpiry else { return nil }   // rule 3: "never" beats any extension
        var end = max(planExpiry, extendedUntil ?? planExpiry)
        if let hardCap { end = min(end, hardCap) }
        return end
    }

    /// The new `extendedUntil` after a refill at `instant`, or an error if the refill must be refused.
    public static func extendedUntil(currentExpiry: Date?, currentExtendedUntil: Date?, hardCap: Date?,
                                     refillValidity: Validity, at instant: Date,
                                     siteTimeZone: TimeZone) throws(RefillError) -> Date? {
        guard let currentExpiry else { return currentExtendedUntil }   // never expires: nothing to extend
        var extended = currentExtendedUntil
        // The refill's own validity, counted from the refill (a first-use limit counts from now too:
        // the refilled balance is usable at once).
        if let refillEnd = refillValidity.expiry(soldAt: instant, firstUsedAt: instant, siteTimeZone: siteTimeZone) {
            extended = max(extended ?? refillEnd, refillEnd)
        }
        var newExpiry = max(currentExpiry, extended ?? currentExpiry)
        if let hardCap { newExpiry = min(newExpiry, hardCap) }
        guard newExpiry > instant else {
            throw currentExpiry <= instant ? .targetExpired : .wouldExpireImmediately
        }
        return extended
    }
}

public enum RefillError: Error, Hashable, Sendable, CustomStringConvertible {
    case targetExpired, wouldExpireImmediately, targetNotSold, accountNotPrepaid, refillAlreadySpent, unknownTarget
    /// Staff blocked the code (lost, disputed, voided).
    case targetBlocked
    case grantNotAllowed(BalanceUnit)

    public var description: String {
        switch self {
        case .targetExpired: "the code has expired and this refill cannot extend it"
        case .wouldExpireImmediately: "the code's validity ends now and cannot be extended past its end date"
        case .targetNotSold: "the code has not been activated yet"
        case .targetBlocked: "this code is blocked; please ask staff at the counter"
        case .accountNotPrepaid: "only prepaid accounts can be refilled"
        case .refillAlreadySpent: "this refill code has already been used"
        case .unknownTarget: "no ticket or account with that code or name"
        case .grantNotAllowed(let unit): "this code cannot hold \(unit.rawValue)"
        }
    }
}

/// Applies a refill to a ticket, enforcing every rule above. Returns the grant that the caller
/// records in the ledger in the same transaction.
public enum RefillApplication {
    public static func apply(_ refillPlan: PricePlan, to ticket: inout Ticket, ticketPlan: PricePlan,
                             at instant: Date, siteTimeZone: TimeZone) throws(RefillError) -> Grant {
        guard ticket.state != .generated else { throw .targetNotSold }
        let currentExpiry = ticket.expiry(validity: ticketPlan.validity, siteTimeZone: siteTimeZone)
        let extended = try RefillExpiryRule.extendedUntil(
            currentExpiry: currentExpiry, currentExtendedUntil: ticket.extendedUntil,
            hardCap: ticketPlan.validity.fixedUntil, refillValidity: refillPlan.validity,
            at: instant, siteTimeZone: siteTimeZone)
        ticket.applyRefill(newExtendedUntil: extended)
        return refillPlan.grant
    }

    public static func apply(_ refillPlan: PricePlan, to account: Account) throws(RefillError) -> Grant {
        guard account.acceptsRefills else { throw .accountNotPrepaid }
        return refillPlan.grant
    }
}
