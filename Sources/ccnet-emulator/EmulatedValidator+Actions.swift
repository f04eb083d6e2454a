import KioskCash

/// The physical side of the emulated validator: what a customer or a technician does to it.
/// Each action returns nil on success or a sentence saying why it cannot happen now.
extension EmulatedValidator {
    /// A customer pushes a note of `denomination` (major units) into the slot. Unknown
    /// denominations are drawn in and rejected as unrecognised, like a foreign note.
    mutating func insert(denomination: Int, now: Int64) -> String? {
        guard case .ready = phase, state == .idling || state == .disabled else {
            return "device is \(state), cannot take a note now"
        }
        if state == .disabled {
            phase = .rejecting(.inhibit, until: now + timing.rejectMilliseconds)
            return nil
        }
        let billType = table.entries.first { $0.minorUnits(minorPerMajor: 1) == Int64(denomination) }?.billType
        phase = .accepting(billType: billType, until: now + timing.acceptMilliseconds, genuine: true)
        return nil
    }

    /// A note that fails verification (a counterfeit): drawn in, then rejected.
    mutating func insertCounterfeit(now: Int64) -> String? {
        guard case .ready = phase, state == .idling else { return "device is \(state), cannot take a note now" }
        phase = .accepting(billType: nil, until: now + timing.acceptMilliseconds, genuine: false)
        return nil
    }

    /// The note in the mechanism sticks. While stacking it sticks in the cassette (DROP CASSETTE
    /// JAMMED, the note is not yet in the cassette); otherwise in the head (VALIDATOR JAMMED).
    mutating func jamNow() -> String? {
        switch phase {
        case let .stacking(billType, _):
            jam = (.dropCassetteJammed, billType)
        case let .accepting(billType?, _, _), let .escrow(billType, _), let .holding(billType, _), let .returning(billType, _):
            jam = (.validatorJammed, billType)
            phase = .returning(billType: billType, until: 0)
        default:
            jam = (.validatorJammed, nil)
        }
        return nil
    }

    /// A technician clears the jam (and any failure): a note stuck while stacking goes into the
    /// cassette, one stuck in the head comes back out.
    mutating func clear(now: Int64) -> String? {
        guard jam != nil || failure != nil else { return "nothing to clear" }
        jam = nil
        failure = nil
        switch phase {
        case let .stacking(billType, _):
            phase = .stacking(billType: billType, until: now + timing.stackMilliseconds)
        case let .returning(billType, _):
            phase = .returning(billType: billType, until: now + timing.returnMilliseconds)
        default:
            break
        }
        return nil
    }

    /// The cassette is pulled. A note being stacked waits in the stacker until it is back.
    mutating func removeCassette() -> String? {
        guard cassettePresent else { return "cassette already removed" }
        cassettePresent = false
        return nil
    }

    /// The cassette goes back in, emptied (a collection clears "full").
    mutating func insertCassette(now: Int64) -> String? {
        guard !cassettePresent else { return "cassette already in place" }
        cassettePresent = true
        cassetteFull = false
        if case let .stacking(billType, _) = phase {
            phase = .stacking(billType: billType, until: now + timing.stackMilliseconds)
        }
        return nil
    }

    mutating func fillCassette() -> String? {
        cassetteFull = true
        return nil
    }

    mutating func fail(code: UInt8) -> String? {
        failure = code
        return nil
    }

    mutating func makeBusy(milliseconds: Int64, now: Int64) -> String? {
        guard case .ready = phase else { return "device is \(state), cannot go busy now" }
        phase = .busy(until: now + milliseconds)
        return nil
    }

    /// Power goes off for `milliseconds` and comes back; where a note was decides what the device
    /// reports at power-up (see the type's documentation). Jams and failures clear; the cassette
    /// stays as it physically is.
    mutating func powerCycle(offMilliseconds: Int64, now: Int64) -> String? {
        var note: (billType: UInt8, place: Where)?
        switch phase {
        case let .accepting(billType?, _, _), let .escrow(billType, _), let .holding(billType, _), let .returning(billType, _):
            note = (billType, .validator)
        case let .stacking(billType, _):
            note = (billType, .stacker)
        case let .off(_, previous), let .poweredUp(previous):
            note = previous
        default:
            note = nil
        }
        jam = nil
        failure = nil
        enabledMask = 0
        escrowMask = 0
        phase = .off(until: now + offMilliseconds, note: note)
        return nil
    }

    /// One line for `status`: state, masks, counts, cassette.
    var statusLine: String {
        let mask = String(enabledMask, radix: 16)
        return "state=\(stateName) enabled=0x\(mask) stacked=\(stackedCount) returned=\(returnedCount) cassette=\(cassettePresent ? (cassetteFull ? "full" : "in") : "out")"
    }

    var stateName: String {
        if case .off = phase { return "off" }
        switch state {
        case .powerUp: return "power-up"
        case .powerUpWithBillInValidator: return "power-up-bill-in-validator"
        case .powerUpWithBillInStacker: return "power-up-bill-in-stacker"
        case .initialize: return "initialize"
        case .idling: return "idling"
        case .accepting: return "accepting"
        case .stacking: return "stacking"
        case .returning: return "returning"
        case .disabled: return "disabled"
        case .holding: return "holding"
        case .busy: return "busy"
        case let .rejecting(reason): return "rejecting-\(reason.code)"
        case .dropCassetteFull: return "cassette-full"
        case .dropCassetteOutOfPosition: return "cassette-out"
        case .validatorJammed: return "validator-jammed"
        case .dropCassetteJammed: return "cassette-jammed"
        case .cheated: return "cheated"
        case .pause: return "pause"
        case let .failure(failure): return "failure-\(failure.code)"
        case let .escrow(billType): return "escrow-\(billType)"
        case let .billStacked(billType): return "bill-stacked-\(billType)"
        case let .billReturned(billType): return "bill-returned-\(billType)"
        case .unknown: return "unknown"
        }
    }
}
