import KioskCash

/// A CashCode bill validator as seen from its serial port: the device model of the emulator.
///
/// It answers CCNET commands the way CCNET Interface Rev. 2.3.1 §5 describes a bill validator, and
/// moves through its states on a clock (accepting, stacking and returning take time, as the motor
/// does). A technician (or a test) drives the physical side: insert a note, jam it, pull the
/// cassette, cut the power. Not thread-safe: the emulator keeps it behind one lock.
///
/// Chosen power-cut behaviour (documented in docs/cash.md): a note in the transport path (being
/// accepted, in escrow, held or being returned) makes the device report POWER UP WITH BILL IN
/// VALIDATOR and, after RESET, give the note back (BILL RETURNED); a note that was being stacked
/// makes it report POWER UP WITH BILL IN STACKER and, after RESET, finish stacking it (BILL
/// STACKED). Each is written to the note log at the moment it happens.
struct EmulatedValidator {
    struct Timing: Sendable {
        var acceptMilliseconds: Int64 = 300
        var stackMilliseconds: Int64 = 400
        var returnMilliseconds: Int64 = 300
        var rejectMilliseconds: Int64 = 300
        var initializeMilliseconds: Int64 = 300
        /// A note left in escrow without STACK, RETURN or HOLD is returned after this long; HOLD
        /// restarts it (§5.4 HOLD: 10 s).
        var escrowTimeoutMilliseconds: Int64 = 10_000
    }

    enum Where: String { case validator, stacker }

    /// What the device is doing. Event states (stacked, returned) are held until the controller ACKs them.
    enum Phase {
        case off(until: Int64, note: (billType: UInt8, place: Where)?)
        case poweredUp(note: (billType: UInt8, place: Where)?)
        case initializing(until: Int64, then: CCNETState?)
        case ready
        case accepting(billType: UInt8?, until: Int64, genuine: Bool)
        case escrow(billType: UInt8, until: Int64)
        case holding(billType: UInt8, until: Int64)
        case stacking(billType: UInt8, until: Int64)
        case returning(billType: UInt8, until: Int64)
        case rejecting(CCNETRejectReason, until: Int64)
        case event(CCNETState)
        case busy(until: Int64)

    }

    let table: CCNETBillTable
    let identification: CCNETIdentification
    let timing: Timing
    let log: NoteLog

    var phase: Phase = .poweredUp(note: nil)
    var enabledMask: UInt32 = 0
    var escrowMask: UInt32 = 0
    var cassettePresent = true
    var cassetteFull = false
    /// A jam with the note it holds, if any. Clearing it finishes stacking or returns the note.
    var jam: (state: CCNETState, note: UInt8?)?
    var failure: UInt8?
    var stackedCount = 0
    var returnedCount = 0
    /// The last answer, repeated when the controller sends NAK.
    var lastAnswer: [UInt8] = [0x00]

    init(table: CCNETBillTable, identification: CCNETIdentification, timing: Timing, log: NoteLog) {
        self.table = table
        self.identification = identification
        self.timing = timing
        self.log = log
    }

    // MARK: What POLL reports

    /// The state a POLL sees now. Faults that the mechanism is in override the motion.
    var state: CCNETState {
        switch phase {
        case .off: return .unknown([])
        case let .poweredUp(note):
            switch note?.place {
            case nil: return .powerUp
            case .validator?: return .powerUpWithBillInValidator
            case .stacker?: return .powerUpWithBillInStacker
            }
        case .initializing: return .initialize
        case .ready:
            if let jam { return jam.state }
            if let failure { return .failure(CCNETFailure(code: failure)) }
            if !cassettePresent { return .dropCassetteOutOfPosition }
            if cassetteFull { return .dropCassetteFull }
            return enabledMask == 0 ? .disabled : .idling
        case .accepting: return jam?.state ?? .accepting
        case let .escrow(billType, _): return .escrow(billType: billType)
        case .holding: return .holding
        case .stacking:
            if let jam { return jam.state }
            if !cassettePresent { return .dropCassetteOutOfPosition }
            return .stacking
        case .returning: return jam?.state ?? .returning
        case let .rejecting(reason, _): return .rejecting(reason)
        case let .event(state): return state
        case .busy: return .busy(nil)
        }
    }

    var isOff: Bool {
        if case .off = phase { return true }
        return false
    }

    // MARK: Time

    /// Moves timed phases on. Called often by the serial thread.
    mutating func tick(now: Int64) {
        switch phase {
        case let .off(until, note) where now >= until:
            phase = .poweredUp(note: note)
        case let .initializing(until, then) where now >= until:
            phase = then.map { .event($0) } ?? .ready
        case let .accepting(billType, until, genuine) where now >= until && jam == nil:
            guard genuine, let billType, table.entry(billType: billType) != nil else {
                phase = .rejecting(genuine ? .identification : .verification, until: now + timing.rejectMilliseconds)
                return
            }
            let bit = UInt32(1) << UInt32(billType)
            if enabledMask & bit == 0 {
                phase = .rejecting(.inhibit, until: now + timing.rejectMilliseconds)
            } else if escrowMask & bit != 0 {
                phase = .escrow(billType: billType, until: now + timing.escrowTimeoutMilliseconds)
            } else {
                phase = .stacking(billType: billType, until: now + timing.stackMilliseconds)
            }
        case let .escrow(billType, until) where now >= until:
            phase = .returning(billType: billType, until: now + timing.returnMilliseconds)
        case let .holding(billType, until) where now >= until:
            phase = .escrow(billType: billType, until: now + timing.escrowTimeoutMilliseconds)
        case let .stacking(billType, until) where now >= until && jam == nil && cassettePresent:
            finishStacking(billType)
        case let .returning(billType, until) where now >= until && jam == nil:
            finishReturning(billType)
        case let .rejecting(_, until) where now >= until:
            phase = .ready
        case let .busy(until) where now >= until:
            phase = .ready
        default:
            break
        }
    }

    mutating func finishStacking(_ billType: UInt8) {
        stackedCount += 1
        log.record("stacked", billType: billType, table: table)
        phase = .event(.billStacked(billType: billType))
    }

    mutating func finishReturning(_ billType: UInt8) {
        returnedCount += 1
        log.record("returned", billType: billType, table: table)
        phase = .event(.billReturned(billType: billType))
    }

    // MARK: Commands from the controller

    /// The answer DATA to one request, or nil to stay silent (power off).
    mutating func answer(_ request: [UInt8], now: Int64) -> [UInt8]? {
        if isOff { return nil }
        if request == [0xFF] { return lastAnswer }
        if request == [0x00] {
            // ACK of an event state the controller was actually told about moves the device on
            // (§2.5). An ACK of an earlier answer (say STACKING, while the motor finished in the
            // meantime) must not swallow a BILL STACKED nobody has seen yet.
            if case let .event(event) = phase, lastAnswer == event.data { phase = .ready }
            return nil
        }
        let answer = respond(to: CCNETCommand(data: request), now: now)
        lastAnswer = answer
        return answer
    }

    private mutating func respond(to command: CCNETCommand?, now: Int64) -> [UInt8] {
        let ack: [UInt8] = [0x00]
        let illegal: [UInt8] = [0x30]
        guard let command else { return illegal }
        switch command {
        case .poll:
            return state.data
        case .reset:
            reset(now: now)
            return ack
        case .getStatus:
            return CCNETCommand.mask24(enabledMask) + [0, 0, 0]
        case .getBillTable:
            return table.data
        case .identification:
            return identification.data
        case let .enableBillTypes(enabled, escrow):
            if case .poweredUp = phase { return illegal }
            enabledMask = enabled & 0xFF_FFFF
            escrowMask = escrow & 0xFF_FFFF
            return ack
        case .stack:
            switch phase {
            case let .escrow(billType, _), let .holding(billType, _):
                phase = .stacking(billType: billType, until: now + timing.stackMilliseconds)
                return ack
            default:
                return illegal
            }
        case .returnBill:
            switch phase {
            case let .escrow(billType, _), let .holding(billType, _):
                phase = .returning(billType: billType, until: now + timing.returnMilliseconds)
                return ack
            default:
                return illegal
            }
        case .hold:
            switch phase {
            case let .escrow(billType, _), let .holding(billType, _):
                phase = .holding(billType: billType, until: now + timing.escrowTimeoutMilliseconds)
                return ack
            default:
                return illegal
            }
        }
    }

    /// RESET (§5.4): the device restarts disabled. A note in the path is dealt with first, the way
    /// the power-up rules above say, and reported once initialising is over.
    private mutating func reset(now: Int64) {
        var then: CCNETState?
        switch phase {
        case let .poweredUp(note?):
            if note.place == .stacker {
                stackedCount += 1
                log.record("stacked", billType: note.billType, table: table)
                then = .billStacked(billType: note.billType)
            } else {
                returnedCount += 1
                log.record("returned", billType: note.billType, table: table)
                then = .billReturned(billType: note.billType)
            }
        case let .escrow(billType, _), let .holding(billType, _), let .returning(billType, _):
            returnedCount += 1
            log.record("returned", billType: billType, table: table)
            then = .billReturned(billType: billType)
        case let .accepting(billType?, _, _):
            returnedCount += 1
            log.record("returned", billType: billType, table: table)
            then = .billReturned(billType: billType)
        case let .stacking(billType, _) where jam == nil && cassettePresent:
            stackedCount += 1
            log.record("stacked", billType: billType, table: table)
            then = .billStacked(billType: billType)
        case .stacking:
            return  // the mechanism is stuck: RESET cannot move the note; the fault stays
        default:
            break
        }
        enabledMask = 0
        escrowMask = 0
        failure = nil
        phase = .initializing(until: now + timing.initializeMilliseconds, then: then)
    }
}
