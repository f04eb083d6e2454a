import Foundation
import KioskDomain
import StoreAPI

/// The PC side: log in with a code or an account, a balance-timer charged by heartbeats, and the
/// end of a session. Runs inside one write transaction per call.
public enum PCSessions {
    struct LoginContext: Sendable {
        var now: Date
        var siteTimeZone: TimeZone
        var unit: BalanceUnit
        var sessionID: String
        var tokenHash: String
        /// An account login's password, checked before the transaction; nil for a code.
        var password: PasswordCheck?
    }

    /// The outcome of an account password check made on the hashing pool before the transaction.
    struct PasswordCheck: Sendable {
        var verified: Bool
        /// The stored form that was checked (nil: no such account, checked against a decoy).
        var replacing: PasswordHashing.Stored?
        /// A current scrypt hash of the verified password, when the stored one is older.
        var rehashed: String?
    }

    /// A refusal that also names whether it counts as a failed guess for the rate limiter.
    public struct LoginRefusal: Error, Sendable {
        public var refusal: Refusal
        public var isFailedGuess: Bool
    }

    enum LoginOutcome: Sendable {
        case started(SessionInfo)
        /// Refused; returned rather than thrown so a state change (expired, used up) still commits.
        case refused(LoginRefusal)
        /// Not checked: a guess budget of the attempt is spent (`GuessBudget`).
        case limited
    }

    /// Refusals that tell a guesser the code or account exists: they count as failed guesses.
    static let revealingRefusals: Set<String> = ["blocked", "wrong_zone", "in_use", "expired", "used_up"]

    static func login(_ request: LoginRequest, context: LoginContext, _ tx: any SQLTransaction) throws -> LoginOutcome {
        do {
            if let typed = request.code {
                return .started(try loginTicket(typed, request: request, context: context, tx))
            }
            guard let username = request.username, let password = request.password else {
                return .refused(LoginRefusal(refusal: Refusal("invalid_input", "send a code, or a username and a password"),
                                             isFailedGuess: false))
            }
            return .started(try loginAccount(username, password: password, request: request, context: context, tx))
        } catch let refusal as Refusal {
            return .refused(LoginRefusal(refusal: refusal, isFailedGuess: revealingRefusals.contains(refusal.code)))
        } catch let refusal as LoginRefusal {
            return .refused(refusal)
        }
    }

    private static func loginTicket(_ typed: String, request: LoginRequest, context: LoginContext,
                                     _ tx: any SQLTransaction) throws -> SessionInfo {
        let code: AccessCode
        do { code = try InputRules.code(typed) } catch {
            throw LoginRefusal(refusal: error, isFailedGuess: true)
        }
        guard var record = try TicketRecord.find(code, tx) else {
            throw LoginRefusal(refusal: Refusal("unknown_code", "no ticket has this code; check what you typed"),
                               isFailedGuess: true)
        }
        if try BlockedCodes.reason(code, tx) != nil {   // staff blocked it at the console: lost, disputed or voided
            throw Refusal("blocked", "this code is blocked; ask staff at the counter")
        }
        guard record.zones.isEmpty || record.zones.contains(request.zone) else {
            throw Refusal("wrong_zone", "this code is not valid in zone \(request.zone)")
        }
        if let active = try SessionRecord.active(holder: record.holder, tx) {
            throw Refusal("in_use", "this code is already logged in on PC \(active.pcID); log out there first")
        }
        let balances = try LedgerEntry.balances(of: record.holder, tx)
        do {
            try record.ticket.use(at: context.now, validity: record.validity, siteTimeZone: context.siteTimeZone,
                                  hasBalance: balances[context.unit] > 0)
        } catch {
            try record.save(tx)   // expired / used up is a state worth keeping
            throw Refusal(error == .expired ? "expired" : "used_up", error.description)
        }
        try record.save(tx)
        return try start(holder: record.holder, prepaid: true, balance: balances[context.unit],
                         expiresAt: record.expiry(siteTimeZone: context.siteTimeZone), request: request,
                         context: context, tx)
    }

    private static func loginAccount(_ username: String, password: String, request: LoginRequest,
                                      context: LoginContext, _ tx: any SQLTransaction) throws -> SessionInfo {
        try InputRules.identifier(username, "username")
        // The password was checked against the row read before the transaction; the row must still hold that hash.
        guard let account = try AccountRecord.find(username, tx), let check = context.password, check.verified,
              check.replacing == account.storedPassword else {
            throw LoginRefusal(refusal: Refusal("bad_login", "wrong username or password"), isFailedGuess: true)
        }
        if let rehashed = check.rehashed {
            try AccountRecord.replaceHash(username, old: account.storedPassword, with: rehashed, tx)
        }
        guard account.zones.isEmpty || account.zones.contains(request.zone) else {
            throw Refusal("wrong_zone", "this account is not valid in zone \(request.zone)")
        }
        if let active = try SessionRecord.active(holder: account.holder, tx) {
            throw Refusal("in_use", "this account is already logged in on PC \(active.pcID); log out there first")
        }
        let balance = try LedgerEntry.balances(of: account.holder, tx)[context.unit]
        let prepaid = account.kind == .prepaid
        guard !prepaid || balance > 0 else { throw Refusal("used_up", TicketError.usedUp.description) }
        return try start(holder: account.holder, prepaid: prepaid, balance: balance, expiresAt: nil, request: request,
                         context: context, tx)
    }

    private static func start(holder: String, prepaid: Bool, balance: Int64, expiresAt: Date?, request: LoginRequest,
                              context: LoginContext, _ tx: any SQLTransaction) throws -> SessionInfo {
        let session = SessionRecord(id: context.sessionID, tokenHash: context.tokenHash, holder: holder,
                                    unit: context.unit, zone: request.zone, pcID: request.pcID, prepaid: prepaid,
                                    startedAt: context.now, chargedThrough: context.now)
        try session.insert(tx)
        return SessionInfo(sessionID: session.id, holder: holder, zone: request.zone, unit: context.unit,
                           state: .active, minutesLeft: balance, startedAt: context.now, expiresAt: expiresAt)
    }

    /// Charges the whole minutes since the last charge (a started minute too when `final`), and ends
    /// the session when the balance is spent or the ticket expired. Ended sessions are left as they are.
    static func charge(_ session: inout SessionRecord, now: Date, final: Bool, siteTimeZone: TimeZone,
                       _ tx: any SQLTransaction) throws -> SessionInfo {
        var ticket: TicketRecord?
        if session.holder.hasPrefix("ticket:"), let code = try? AccessCode.parse(String(session.holder.dropFirst(7))) {
            ticket = try TicketRecord.find(code, tx)
        }
        var balance = try LedgerEntry.balances(of: session.holder, tx)[session.unit]
        if session.isActive {
            let elapsed = max(0, now.timeIntervalSince(session.chargedThrough))
            var minutes = Int64(elapsed / 60)
            if final && elapsed > Double(minutes) * 60 { minutes += 1 }
            let charged = session.prepaid ? min(minutes, max(balance, 0)) : minutes
            try LedgerEntry.append([LedgerEntry(holder: session.holder, unit: session.unit, delta: -charged,
                                                reference: session.id)], at: now, tx)
            let (left, overflow) = balance.subtractingReportingOverflow(charged)
            guard !overflow else { throw LedgerOverflow(holder: session.holder) }
            balance = left
            session.chargedThrough = final ? now : session.chargedThrough.addingTimeInterval(Double(minutes) * 60)

            if var record = ticket, let expiry = record.expiry(siteTimeZone: siteTimeZone), expiry <= now {
                try? record.ticket.use(at: now, validity: record.validity, siteTimeZone: siteTimeZone, hasBalance: balance > 0)
                try record.save(tx)
                ticket = record
                session.endedAt = now
                session.endReason = .expired
            } else if session.prepaid && balance <= 0 {
                if var record = ticket {
                    record.ticket.markUsedUp()
                    try record.save(tx)
                    ticket = record
                }
                session.endedAt = now
                session.endReason = .usedUp
            } else if let record = ticket, try BlockedCodes.reason(record.ticket.code, tx) != nil {
                // Staff blocked the code at the console (lost, disputed, voided): the PC logs out now.
                session.endedAt = now
                session.endReason = .blocked
            } else if final {
                session.endedAt = now
                session.endReason = .logout
            }
            try session.update(tx)
        }
        return SessionInfo(sessionID: session.id, holder: session.holder, zone: session.zone, unit: session.unit,
                           state: session.isActive ? .active : .ended, endReason: session.endReason,
                           minutesLeft: balance, startedAt: session.startedAt,
                           expiresAt: ticket?.expiry(siteTimeZone: siteTimeZone))
    }
}
