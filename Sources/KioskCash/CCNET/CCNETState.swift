/// What a bill validator answers to POLL: its state, and for some states one more byte.
///
/// CCNET Interface Rev. 2.3.1 §5.4, POLL response table (bill validator). The state codes were
/// cross-read against public drivers (a C# CCRSProtocol, a Python parking-meter driver, a C ATVM
/// driver); where they name states differently, the protocol description's names are used here.
public enum CCNETState: Equatable, Sendable {
    /// 0x10 POWER UP: the validator was just powered and waits for RESET.
    case powerUp
    /// 0x11 POWER UP WITH BILL IN VALIDATOR: power came back with a note in the transport path.
    case powerUpWithBillInValidator
    /// 0x12 POWER UP WITH BILL IN STACKER: power came back with a note in the stacker mechanism.
    case powerUpWithBillInStacker
    /// 0x13 INITIALIZE: running its self test after RESET.
    case initialize
    /// 0x14 IDLING: enabled, waiting for a note.
    case idling
    /// 0x15 ACCEPTING: drawing a note in and validating it.
    case accepting
    /// 0x17 STACKING: moving a note to the cassette.
    case stacking
    /// 0x18 RETURNING: giving a note back.
    case returning
    /// 0x19 UNIT DISABLED: no bill type is enabled (after RESET, or ENABLE BILL TYPES with zeros).
    case disabled
    /// 0x1A HOLDING: a note is kept in escrow after HOLD.
    case holding
    /// 0x1B DEVICE BUSY: cannot answer commands for a moment; the byte, if any, is in 100 ms units.
    case busy(UInt8?)
    /// 0x1C REJECTING: the note was refused and is going back; the byte says why.
    case rejecting(CCNETRejectReason)
    /// 0x41 DROP CASSETTE FULL.
    case dropCassetteFull
    /// 0x42 DROP CASSETTE OUT OF POSITION: the cassette is removed or not seated.
    case dropCassetteOutOfPosition
    /// 0x43 VALIDATOR JAMMED: a note is stuck in the validator head.
    case validatorJammed
    /// 0x44 DROP CASSETTE JAMMED: a note is stuck in the cassette mechanism.
    case dropCassetteJammed
    /// 0x45 CHEATED: the validator saw a fishing attempt.
    case cheated
    /// 0x46 PAUSE: a second note was pushed in while the first is being processed.
    case pause
    /// 0x47 GENERIC FAILURE: the byte names the failed part (see `CCNETFailure`).
    case failure(CCNETFailure)
    /// 0x80 ESCROW POSITION: a note of this bill type waits for STACK or RETURN.
    case escrow(billType: UInt8)
    /// 0x81 BILL STACKED: the note of this bill type is in the cassette (an event: reported until ACKed).
    case billStacked(billType: UInt8)
    /// 0x82 BILL RETURNED: the note of this bill type was given back (an event: reported until ACKed).
    case billReturned(billType: UInt8)
    /// A code this driver does not know; kept so it can be logged.
    case unknown([UInt8])

    public init(data: [UInt8]) {
        guard let code = data.first else {
            self = .unknown(data)
            return
        }
        let extra = data.count > 1 ? data[1] : nil
        switch (code, extra) {
        case (0x10, _): self = .powerUp
        case (0x11, _): self = .powerUpWithBillInValidator
        case (0x12, _): self = .powerUpWithBillInStacker
        case (0x13, _): self = .initialize
        case (0x14, _): self = .idling
        case (0x15, _): self = .accepting
        case (0x17, _): self = .stacking
        case (0x18, _): self = .returning
        case (0x19, _): self = .disabled
        case (0x1A, _): self = .holding
        case (0x1B, let byte): self = .busy(byte)
        case (0x1C, let byte?): self = .rejecting(CCNETRejectReason(code: byte))
        case (0x41, _): self = .dropCassetteFull
        case (0x42, _): self = .dropCassetteOutOfPosition
        case (0x43, _): self = .validatorJammed
        case (0x44, _): self = .dropCassetteJammed
        case (0x45, _): self = .cheated
        case (0x46, _): self = .pause
        case (0x47, let byte?): self = .failure(CCNETFailure(code: byte))
        case (0x80, let byte?): self = .escrow(billType: byte)
        case (0x81, let byte?): self = .billStacked(billType: byte)
        case (0x82, let byte?): self = .billReturned(billType: byte)
        default: self = .unknown(data)
        }
    }

    /// The POLL response DATA for this state (the emulator's side).
    public var data: [UInt8] {
        switch self {
        case .powerUp: return [0x10]
        case .powerUpWithBillInValidator: return [0x11]
        case .powerUpWithBillInStacker: return [0x12]
        case .initialize: return [0x13]
        case .idling: return [0x14]
        case .accepting: return [0x15]
        case .stacking: return [0x17]
        case .returning: return [0x18]
        case .disabled: return [0x19]
        case .holding: return [0x1A]
        case let .busy(byte): return byte.map { [0x1B, $0] } ?? [0x1B]
        case let .rejecting(reason): return [0x1C, reason.code]
        case .dropCassetteFull: return [0x41]
        case .dropCassetteOutOfPosition: return [0x42]
        case .validatorJammed: return [0x43]
        case .dropCassetteJammed: return [0x44]
        case .cheated: return [0x45]
        case .pause: return [0x46]
        case let .failure(failure): return [0x47, failure.code]
        case let .escrow(billType): return [0x80, billType]
        case let .billStacked(billType): return [0x81, billType]
        case let .billReturned(billType): return [0x82, billType]
        case let .unknown(bytes): return bytes
        }
    }
}

/// Why a note was rejected: the byte after REJECTING (0x1C). CCNET Interface Rev. 2.3.1 §5.4,
/// POLL response, "Rejecting" sub-codes.
public enum CCNETRejectReason: Equatable, Sendable {
    case insertion          // 0x60: inserted wrongly
    case magnetic           // 0x61: magnetic sensors
    case remainedInHead     // 0x62: a note was left in the head
    case multiplying        // 0x63: two notes at once
    case conveying          // 0x64: transport error
    case identification     // 0x65: not recognised
    case verification       // 0x66: failed verification
    case optic              // 0x67: optical sensors
    case inhibit            // 0x68: this bill type is not enabled
    case capacity           // 0x69: capacitance sensors
    case operation          // 0x6A: operation error
    case length             // 0x6C: wrong length
    case other(UInt8)

    public init(code: UInt8) {
        switch code {
        case 0x60: self = .insertion
        case 0x61: self = .magnetic
        case 0x62: self = .remainedInHead
        case 0x63: self = .multiplying
        case 0x64: self = .conveying
        case 0x65: self = .identification
        case 0x66: self = .verification
        case 0x67: self = .optic
        case 0x68: self = .inhibit
        case 0x69: self = .capacity
        case 0x6A: self = .operation
        case 0x6C: self = .length
        default: self = .other(code)
        }
    }

    public var code: UInt8 {
        switch self {
        case .insertion: return 0x60
        case .magnetic: return 0x61
        case .remainedInHead: return 0x62
        case .multiplying: return 0x63
        case .conveying: return 0x64
        case .identification: return 0x65
        case .verification: return 0x66
        case .optic: return 0x67
        case .inhibit: return 0x68
        case .capacity: return 0x69
        case .operation: return 0x6A
        case .length: return 0x6C
        case let .other(code): return code
        }
    }
}

/// The failed part named by GENERIC FAILURE (0x47). CCNET Interface Rev. 2.3.1 §5.4, POLL
/// response, "Generic Failure" sub-codes.
public struct CCNETFailure: Equatable, Sendable, CustomStringConvertible {
    public let code: UInt8
    public init(code: UInt8) { self.code = code }

    public var description: String {
        switch code {
        case 0x50: return "stack motor failure"
        case 0x51: return "transport motor speed failure"
        case 0x52: return "transport motor failure"
        case 0x53: return "aligning motor failure"
        case 0x54: return "initial cassette status failure"
        case 0x55: return "optic canal failure"
        case 0x56: return "magnetic canal failure"
        case 0x5F: return "capacitance canal failure"
        default: return "failure 0x" + String(code, radix: 16, uppercase: true)
        }
    }
}
