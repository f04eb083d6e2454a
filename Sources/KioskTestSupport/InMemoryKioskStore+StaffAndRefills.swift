import Foundation
import KioskCore
import KioskDomain

extension InMemoryKioskStore: KioskStoreStaffAndRefills {
    public func findRefillTarget(_ target: RefillTarget) throws -> RefillTargetInfo? {
        let balances = balances[target.holder] ?? Balances()
        switch target {
        case .ticket(let code):
            guard let ticket = tickets[code.canonical] else { return nil }
            return RefillTargetInfo(target: target, planID: ticket.planID, state: ticket.state.rawValue, balances: balances,
                                    extendedUntil: ticket.extendedUntil)
        case .account(let username):
            guard let account = accounts[username] else { return nil }
            return RefillTargetInfo(target: target, planID: account.planID, state: account.kind.rawValue, balances: balances,
                                    extendedUntil: nil)
        }
    }

    public func ticket(_ code: AccessCode) throws -> Ticket? { tickets[code.canonical] }

    public func applyRefill(purchaseID: String, target: RefillTarget, grant: Grant, extendedUntil: Date?) throws {
        let purchase = try require(purchaseID, [.paid], "apply a refill")
        let holder = Self.holder(purchaseID)
        move(purchase.record.product.price?.minorUnits ?? 0, from: holder, to: Self.revenue)
        add(grant.quantity, grant.unit, to: target.holder)
        // Keep-and-credit on a refill: any surplus goes to the same account or ticket as money.
        move(money(holder), from: holder, to: target.holder)
        if case .ticket(let code) = target, let ticket = tickets[code.canonical] {
            let state: Ticket.State = switch ticket.state {
            case .usedUp, .expired: ticket.firstUsedAt == nil ? .sold : .inUse
            default: ticket.state
            }
            tickets[code.canonical] = Ticket(code: code, planID: ticket.planID, state: state, sellMode: ticket.sellMode,
                                             soldAt: ticket.soldAt, firstUsedAt: ticket.firstUsedAt, extendedUntil: extendedUntil)
        }
        purchases[purchaseID]!.state = .issued
    }

    public func cashBoxCounts() throws -> [Int64: Int] { cashBox.filter { $0.value > 0 } }

    public func collectCash(_ request: CashCollectionRequest) throws -> CashCollectionRecord {
        let expected = try cashBoxCounts()
        func total(_ counts: [Int64: Int]) -> Money {
            counts.reduce(.zero(currency)) { $0 + Money(minorUnits: $1.key, currency: currency).times(Int64($1.value)) }
        }
        for (denomination, count) in expected { collected[denomination, default: 0] += count }
        cashBox = [:]
        collections += 1
        return CashCollectionRecord(sequence: collections, expected: expected, counted: request.counted,
                                    expectedTotal: total(expected), countedTotal: total(request.counted))
    }

    /// Newest first, as the staff screen lists them.
    public func openCustomerCredits() throws -> [CustomerCredit] { credits.filter(\.open).map(\.credit).reversed() }

    public func redeemCustomerCredit(id: String, into purchaseID: String) throws -> Money {
        try require(purchaseID, [.awaitingPayment], "take a kept credit")
        guard let index = credits.firstIndex(where: { $0.credit.id == id && $0.open }) else {
            throw Refusal(description: "credit \(id) is not open")
        }
        credits[index].open = false
        let amount = credits[index].credit.amount
        move(amount.minorUnits, from: "credit:\(id)", to: Self.holder(purchaseID))
        purchases[purchaseID]!.carried = (purchases[purchaseID]!.carried ?? 0) + amount.minorUnits
        return amount
    }

    public func recordDispute(noteID: String, reason: String) throws {
        guard let note = notes[noteID] else { throw Refusal(description: "unknown note \(noteID)") }
        guard !disputes.contains(where: { $0.dispute.noteID == noteID }) else { return }
        disputes.append((dispute: NoteDispute(noteID: noteID, purchaseID: note.purchaseID,
                                              amount: Money(minorUnits: note.amount, currency: currency), reason: reason),
                         resolved: false))
    }

    public func openDisputes() throws -> [NoteDispute] { disputes.filter { !$0.resolved }.map(\.dispute) }

    public func resolveDispute(noteID: String, noteWasStacked: Bool, by staff: String) throws {
        if noteWasStacked {
            // Resolved after the kiosk settled the purchase: the note does not decide a payment.
            _ = try recordStacked(noteID: noteID, paysPurchase: false)
        } else {
            try recordReturned(noteID: noteID)
        }
        for index in disputes.indices where disputes[index].dispute.noteID == noteID { disputes[index].resolved = true }
    }
}

extension InMemoryKioskStore: StaffAttemptLog {
    public func recordStaffAttempt(_ attempt: StaffAttempt) throws { staffLog.append(attempt) }

    /// Oldest first, in the order recorded within one instant (as the SQLite store's `ORDER BY at, id`).
    public func staffAttempts(since: Date) throws -> [StaffAttempt] {
        staffLog.enumerated().filter { $0.element.at >= since }
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}
