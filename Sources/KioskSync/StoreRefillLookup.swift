import Foundation
import KioskCore
import KioskDomain
import StoreAPI

/// Asks the store about a refill target the kiosk does not know (a ticket sold at another kiosk,
/// an account made at the counter). The kiosk refills what it knows offline; for anything else it
/// needs this answer first, so a refill of an unknown target waits for the store.
public struct StoreRefillLookup: RemoteRefillTargets {
    public let client: StoreClient

    public init(client: StoreClient) { self.client = client }

    /// The target as the store has it, in the kiosk's own terms; nil when the store knows no such
    /// target. Throws `StoreClientError` when the store cannot be asked (then the refill waits).
    public func find(_ target: RefillTarget) async throws -> RemoteRefillTarget? {
        switch target {
        case .ticket(let code):
            guard let info = try await client.ticket(code) else { return nil }
            let ticket = Ticket(code: code, planID: info.planID, state: info.state, sellMode: info.sellMode, soldAt: info.soldAt,
                                firstUsedAt: info.firstUsedAt, extendedUntil: info.extendedUntil)
            return RemoteRefillTarget(info: RefillTargetInfo(target: target, planID: info.planID, state: info.state.rawValue,
                                                             balances: Self.balances(info.balances),
                                                             extendedUntil: info.extendedUntil),
                                      ticket: ticket, validity: info.validity, blocked: info.blockedReason != nil)
        case .account(let username):
            guard let info = try await client.account(username) else { return nil }
            return RemoteRefillTarget(info: RefillTargetInfo(target: target, planID: info.planID, state: info.kind.rawValue,
                                                             balances: Self.balances(info.balances), extendedUntil: nil),
                                      ticket: nil, validity: .unlimited)
        }
    }

    static func balances(_ wire: WireBalances) -> Balances {
        var balances = Balances()
        for (unit, amount) in wire {
            if let unit = BalanceUnit(rawValue: unit) { balances.add(amount, to: unit) }
        }
        return balances
    }
}
