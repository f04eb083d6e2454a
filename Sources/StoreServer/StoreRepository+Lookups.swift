import Foundation
import KioskDomain
import StoreAPI

/// A kiosk's look-ups of refill targets it does not know. A token holder could otherwise test
/// codes and usernames at will, so a miss spends a guess budget like a failed PC login
/// (`GuessBudget`): the kiosk's own (it is authenticated, so its id is its source) and the
/// target's, checked and spent in the look-up's own transaction. A code the kiosk may refill is
/// no miss; one of another site is (it reads as unknown).
extension StoreRepository {
    public func lookUpTicket(_ code: AccessCode, for kiosk: KioskIdentity, now: Date) async throws -> TicketInfo? {
        let zone = try await siteTimeZone()
        let budget = guessBudget
        let buckets = GuessBudget.buckets(source: "kiosk:\(kiosk.id)", code: code.canonical, username: nil)
        return try await database.write { tx in
            if try budget.isSpent(buckets, now: now, tx) { throw GuessLimited() }
            guard let record = try TicketRecord.find(code, tx), try RefillTargetChecks.visible(record, to: kiosk, tx) else {
                try budget.spend(buckets, now: now, tx)
                return nil
            }
            var info = record.info(balances: try LedgerEntry.balances(of: record.holder, tx), siteTimeZone: zone)
            info.blockedReason = try BlockedCodes.reason(code, tx)
            return info
        }
    }

    public func lookUpAccount(_ username: String, for kiosk: KioskIdentity, now: Date) async throws -> AccountInfo? {
        try InputRules.identifier(username, "username")
        let budget = guessBudget
        let buckets = GuessBudget.buckets(source: "kiosk:\(kiosk.id)", code: nil, username: username)
        return try await database.write { tx in
            if try budget.isSpent(buckets, now: now, tx) { throw GuessLimited() }
            guard let record = try AccountRecord.find(username, tx) else {
                try budget.spend(buckets, now: now, tx)
                return nil
            }
            return record.info(balances: try LedgerEntry.balances(of: record.holder, tx))
        }
    }
}
