import Foundation
import KioskDomain

/// A refill bought at the kiosk: the code or username is looked up and every refill rule checked
/// *before* any money is taken, then after payment the grant and the expiry extension are applied.
public struct RefillAtKiosk: Sendable {
    public let store: any KioskStore & KioskStoreStaffAndRefills
    public let clock: any WallClock
    public let siteTimeZone: TimeZone
    /// The central store, for targets this kiosk does not know; nil on a standalone kiosk.
    public let remote: (any RemoteRefillTargets)?

    public init(store: any KioskStore & KioskStoreStaffAndRefills, clock: any WallClock, siteTimeZone: TimeZone,
                remote: (any RemoteRefillTargets)? = nil) {
        self.store = store
        self.clock = clock
        self.siteTimeZone = siteTimeZone
        self.remote = remote
    }

    /// Parses what the customer typed: a ticket code (check symbol validated) or a username.
    public static func target(from typed: String) -> RefillTarget {
        if let code = try? AccessCode.parse(typed) { return .ticket(code) }
        return .account(typed.trimmingCharacters(in: .whitespaces))
    }

    /// Checks that `refillPlan` may be applied to `target` now; returns what will change.
    public func check(_ refillPlan: PricePlan, on target: RefillTarget) async throws -> RefillQuote {
        let found = try await resolve(target)
        guard !found.blocked else { throw SaleError.refill(.targetBlocked) }
        switch target {
        case .account:
            guard found.info.state == Account.Kind.prepaid.rawValue else { throw SaleError.refill(.accountNotPrepaid) }
            return RefillQuote(target: found.info, extendedUntil: nil)
        case .ticket:
            guard var ticket = found.ticket else { throw SaleError.unknownTarget }
            // The rules read only the ticket plan's validity.
            let ticketPlan = PricePlan(id: ticket.planID, name: ticket.planID, price: .zero(refillPlan.price.currency),
                                       grant: refillPlan.grant, validity: found.validity)
            do {
                _ = try RefillApplication.apply(refillPlan, to: &ticket, ticketPlan: ticketPlan, at: clock.now(),
                                                siteTimeZone: siteTimeZone)
            } catch {
                throw SaleError.refill(error)
            }
            return RefillQuote(target: found.info, extendedUntil: ticket.extendedUntil)
        }
    }

    /// The target as this kiosk knows it, else as the central store does (one shape for both, so
    /// the same rules run on either). A store that cannot be asked throws, so the customer is told
    /// before paying.
    private func resolve(_ target: RefillTarget) async throws -> RemoteRefillTarget {
        if let info = try await store.findRefillTarget(target) {
            switch target {
            case .account:
                return RemoteRefillTarget(info: info, ticket: nil, validity: .unlimited)
            case .ticket(let code):
                guard let planID = info.planID, let ticketPlan = try await store.plan(id: planID),
                      let ticket = try await store.ticket(code) else { throw SaleError.unknownTarget }
                return RemoteRefillTarget(info: info, ticket: ticket, validity: ticketPlan.validity)
            }
        }
        guard let remote, let found = try await remote.find(target) else { throw SaleError.unknownTarget }
        return found
    }

    /// Applies the refill for a paid purchase (checked again: time has passed since the quote).
    public func apply(_ purchase: Purchase) async throws -> RefillTargetInfo {
        guard purchase.state == .paid, case .refill(let plan, let target)? = purchase.product else {
            throw SaleError.notPaid(purchase.state)
        }
        let quote = try await check(plan, on: target)
        try await store.applyRefill(purchaseID: purchase.id, target: target, grant: plan.grant, extendedUntil: quote.extendedUntil)
        if let after = try await store.findRefillTarget(target) { return after }
        // A target of the central store's: the refill is in the outbox; show the balance it will have.
        var balances = quote.target.balances
        balances.add(plan.grant)
        return RefillTargetInfo(target: target, planID: quote.target.planID, state: quote.target.state, balances: balances,
                                extendedUntil: quote.extendedUntil ?? quote.target.extendedUntil)
    }
}

public struct RefillQuote: Sendable, Hashable {
    public let target: RefillTargetInfo
    public let extendedUntil: Date?
}
