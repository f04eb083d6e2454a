/// The controller's commands to a bill validator.
///
/// Codes from CCNET Interface Rev. 2.3.1 §5.3 "Controller Commands" (bill validator command set);
/// parameters from §5.4 "Controller Command Format". Cross-read against the command tables of
/// public drivers (C# CCRSProtocol, Python and C++ CashCode drivers) for the same codes.
public enum CCNETCommand: Equatable, Sendable {
    /// §5.4 RESET (0x30): the validator restarts and goes through INITIALIZE.
    case reset
    /// §5.4 GET STATUS (0x31): answers the enabled and high-security bill types.
    case getStatus
    /// §5.4 POLL (0x33): answers the current state (see `CCNETState`); the controller ACKs it.
    case poll
    /// §5.4 ENABLE BILL TYPES (0x34): 3 bytes of enabled bill types, 3 bytes of bill types held in
    /// escrow; both are 24-bit masks, most significant byte first, bit n = bill type n.
    /// All zero disables the validator (state UNIT DISABLED).
    case enableBillTypes(enabled: UInt32, escrow: UInt32)
    /// §5.4 STACK (0x35): send the note in escrow to the cassette.
    case stack
    /// §5.4 RETURN (0x36): give the note in escrow back to the customer.
    case returnBill
    /// §5.4 IDENTIFICATION (0x37): part number, serial number, asset number.
    case identification
    /// §5.4 HOLD (0x38): keep the note in escrow for another 10 s while the controller decides.
    case hold
    /// §5.4 GET BILL TABLE (0x41): 24 entries of 5 bytes, one per bill type.
    case getBillTable

    public var code: UInt8 {
        switch self {
        case .reset: return 0x30
        case .getStatus: return 0x31
        case .poll: return 0x33
        case .enableBillTypes: return 0x34
        case .stack: return 0x35
        case .returnBill: return 0x36
        case .identification: return 0x37
        case .hold: return 0x38
        case .getBillTable: return 0x41
        }
    }

    /// Command code followed by parameters: the DATA of the request frame.
    public var data: [UInt8] {
        switch self {
        case let .enableBillTypes(enabled, escrow):
            return [code] + CCNETCommand.mask24(enabled) + CCNETCommand.mask24(escrow)
        default:
            return [code]
        }
    }

    public var frame: CCNETFrame { CCNETFrame(data: data) }

    /// Parses a request's DATA (the emulator's side); nil for unknown codes or wrong lengths.
    public init?(data: [UInt8]) {
        guard let code = data.first else { return nil }
        let parameters = data.dropFirst()
        switch (code, parameters.count) {
        case (0x30, 0): self = .reset
        case (0x31, 0): self = .getStatus
        case (0x33, 0): self = .poll
        case (0x34, 6):
            let bytes = Array(parameters)
            self = .enableBillTypes(enabled: CCNETCommand.unmask24(bytes[0..<3]), escrow: CCNETCommand.unmask24(bytes[3..<6]))
        case (0x35, 0): self = .stack
        case (0x36, 0): self = .returnBill
        case (0x37, 0): self = .identification
        case (0x38, 0): self = .hold
        case (0x41, 0): self = .getBillTable
        default: return nil
        }
    }

    public static func mask24(_ value: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    public static func unmask24(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }
}
