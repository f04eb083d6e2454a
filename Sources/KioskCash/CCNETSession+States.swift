import KioskCore
import KioskDomain
import KioskSystem

/// Turning POLL answers into events, and carrying out the kiosk's commands between polls.
extension CCNETSession {
    /// Reports `state` if it differs from the previous poll's, and moves the note's transaction on.
    /// States and codes: CCNET Interface Rev. 2.3.1 §5.4, POLL response table.
    func handle(_ state: CCNETState, _ link: CCNETLink) throws(CCNETLink.Failure) {
        defer { lastState = state }
        if case .billStacked = state {} else if stackedNote != nil, lastState != nil {
            // The device moved past BILL STACKED: our ACK got through.
            stackedNote = nil
            stackConfirmed = false
        }
        guard state != lastState else { return }
        switch state {
        case .powerUp, .powerUpWithBillInValidator, .powerUpWithBillInStacker:
            try powerUp(state, link)
        case .initialize:
            break
        case .idling:
            vanish("device is idle")
            if driver.shared.withLock({ $0.desired.isEmpty }) { deviceMask = nil }
            emit(.idle)
        case .disabled:
            vanish("device is disabled")
            if driver.shared.withLock({ !$0.desired.isEmpty }) { deviceMask = nil }
            emit(.disabled)
        case .accepting:
            _ = openTransaction()
            emit(.accepting)
        case let .escrow(billType):
            var current = openTransaction()
            // Back in escrow after HOLD: the same note, already reported.
            if current.escrowSince != nil && current.billType == billType { return }
            current.billType = billType
            current.escrowSince = MonotonicClock.milliseconds()
            current.lastHold = MonotonicClock.milliseconds()
            transaction = current
            if let amount = amount(ofBillType: billType) {
                emit(.escrow(amount: amount, note: current.note))
            } else {
                log("note of unknown bill type \(billType) in escrow: returning it")
                transaction?.decided = true
                try expectAck(.returnBill, link)
            }
        case .holding:
            emit(.holding(note: openTransaction().note))
        case .stacking:
            emit(.stacking(note: openTransaction().note))
        case .returning:
            emit(.returning(note: openTransaction().note))
        case let .billStacked(billType):
            let note = transaction?.note ?? newNote(recovered: true)
            transaction = nil
            stackedNote = note
            stackConfirmed = false
            if let amount = amount(ofBillType: billType) {
                log("note \(note) of \(amount) stacked")
                emit(.stacked(amount: amount, note: note))
            } else {
                log("note \(note) of unknown bill type \(billType) stacked: count the cassette by hand")
                emit(.fault(.failure(code: Int(billType), detail: "stacked a note of unknown bill type \(billType)")))
            }
        case let .billReturned(billType):
            let note = transaction?.note
            transaction = nil
            emit(.returned(amount: amount(ofBillType: billType), note: note))
        case let .rejecting(reason):
            transaction = nil
            emit(.rejected(NoteRejectReason(reason)))
        case .busy, .pause:
            emit(.busy)
        case .dropCassetteFull:
            emit(.fault(.cassetteFull))
        case .dropCassetteOutOfPosition:
            emit(.fault(.cassetteRemoved))
        case .validatorJammed:
            emit(.fault(.jammed))
        case .dropCassetteJammed:
            emit(.fault(.cassetteJammed))
        case .cheated:
            emit(.fault(.cheated))
        case let .failure(failure):
            emit(.fault(.failure(code: Int(failure.code), detail: failure.description)))
        case let .unknown(bytes):
            log("unknown state \(bytes.map { String($0, radix: 16) })")
        }
    }

    /// CCNET Interface Rev. 2.3.1 §7.1 "Power Up & Reset sequence": a validator that reports
    /// POWER UP waits for RESET. A note caught by the power cut keeps its transaction: the device
    /// reports it stacked or returned once it has initialised, and that report carries the note's
    /// original reference when this process saw it before the cut.
    func powerUp(_ state: CCNETState, _ link: CCNETLink) throws(CCNETLink.Failure) {
        let inside: PowerUpNote
        switch state {
        case .powerUpWithBillInValidator: inside = .inValidator
        case .powerUpWithBillInStacker: inside = .inStacker
        default: inside = .none
        }
        if inside == .none {
            vanish("device powered up empty")
        } else if transaction == nil {
            transaction = Transaction(note: newNote(recovered: true))
        }
        transaction?.decided = true
        log("powered up, note inside: \(inside)")
        emit(.poweredUp(noteInside: inside))
        deviceMask = nil
        try expectAck(.reset, link)
    }

    /// A note we were following is gone without a stacked/returned report (missed while away).
    func vanish(_ why: String) {
        if let transaction {
            log("note \(transaction.note) no longer reported (\(why))")
        }
        transaction = nil
    }

    func openTransaction() -> Transaction {
        if let transaction { return transaction }
        let opened = Transaction(note: newNote(recovered: false))
        transaction = opened
        return opened
    }

    func expectAck(_ command: CCNETCommand, _ link: CCNETLink) throws(CCNETLink.Failure) {
        let answer = try link.send(command)
        guard answer == [0x00] else { throw .badResponse(command: command.code, data: answer) }
    }

    // MARK: Commands from the kiosk

    func runPendingRequests(_ link: CCNETLink) throws(CCNETLink.Failure) {
        let pending = driver.shared.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
        for (index, item) in pending.enumerated() {
            do throws(CCNETLink.Failure) {
                item.complete(try perform(item.request, link))
            } catch {
                // The link failed mid-command: this one and the rest cannot complete.
                pending[index...].forEach { $0.complete(.failure(.notConnected)) }
                throw error
            }
        }
    }

    func perform(_ request: CCNETDriver.Request, _ link: CCNETLink) throws(CCNETLink.Failure) -> Result<Void, CashAcceptorError> {
        switch request {
        case .applyEnable:
            deviceMask = nil
            return try reconcileEnable(link, force: true)
        case let .stack(note), let .returnNote(note):
            guard let current = transaction, current.note == note, current.escrowSince != nil else {
                return .failure(.noteNotInEscrow(note))
            }
            switch lastState {
            case .escrow?, .holding?: break
            default: return .failure(.noteNotInEscrow(note))
            }
            let command: CCNETCommand
            if case .stack = request { command = .stack } else { command = .returnBill }
            let answer = try link.send(command)
            guard answer == [0x00] else {
                return .failure(.refused(command: "\(command)", state: "\(lastState.map { "\($0)" } ?? "unknown")"))
            }
            transaction?.decided = true
            return .success(())
        case .reset:
            try expectAck(.reset, link)
            deviceMask = nil
            return .success(())
        case let .confirmStacked(note):
            if stackedNote == note { stackConfirmed = true }
            return .success(())
        }
    }

    /// Whether to ACK a POLL answer now: everything except a BILL STACKED not yet confirmed.
    func shouldAcknowledge(_ data: [UInt8]) -> Bool {
        guard case .billStacked = CCNETState(data: data) else { return true }
        return stackConfirmed
    }

    /// Brings the device's enabled bill types in line with what the kiosk wants (§7.2 Enable,
    /// §7.3 Disable). Runs every cycle, so a device that restarted disabled is re-enabled; a
    /// failing attempt is retried at most once a second.
    @discardableResult
    func reconcileEnable(_ link: CCNETLink, force: Bool = false) throws(CCNETLink.Failure) -> Result<Void, CashAcceptorError> {
        let desired = driver.shared.withLock { $0.desired }
        var mask: UInt32 = 0
        for money in desired {
            guard let billType = accepted.first(where: { $0.amount == money })?.billType else {
                return .failure(.unknownDenomination(money))
            }
            mask |= CCNETBillMask.mask([billType])
        }
        if deviceMask == mask && !force { return .success(()) }
        let now = MonotonicClock.milliseconds()
        if !force, let last = lastEnableAttempt, now - last < 1_000 { return .success(()) }
        lastEnableAttempt = now
        let answer = try link.send(.enableBillTypes(enabled: mask, escrow: mask))
        guard answer == [0x00] else {
            return .failure(.refused(command: "ENABLE BILL TYPES", state: "\(lastState.map { "\($0)" } ?? "unknown")"))
        }
        deviceMask = mask
        return .success(())
    }

    /// A note in escrow that nobody has decided about is kept with HOLD (§5.4 HOLD: 10 s each),
    /// and given back after `maximumEscrowMilliseconds` so a customer is never left waiting.
    func keepEscrow(_ link: CCNETLink) throws(CCNETLink.Failure) {
        guard var current = transaction, !current.decided, let since = current.escrowSince else { return }
        switch lastState {
        case .escrow?, .holding?: break
        default: return
        }
        let now = MonotonicClock.milliseconds()
        if now - since >= Int64(configuration.maximumEscrowMilliseconds) {
            log("note \(current.note) undecided for \(now - since) ms: returning it")
            current.decided = true
            transaction = current
            try expectAck(.returnBill, link)
        } else if now - current.lastHold >= Int64(configuration.holdEveryMilliseconds) {
            current.lastHold = now
            transaction = current
            _ = try link.send(.hold)
        }
    }
}

extension NoteRejectReason {
    init(_ reason: CCNETRejectReason) {
        switch reason {
        case .inhibit: self = .inhibited
        case .magnetic, .identification, .verification, .optic, .capacity: self = .unrecognised
        case .insertion, .multiplying, .conveying, .length, .remainedInHead: self = .handling
        case .operation: self = .other(code: Int(reason.code))
        case let .other(code): self = .other(code: Int(code))
        }
    }
}
