/// One CCNET message: SYNC, ADR, LNG, DATA, CRC16.
///
/// CCNET Interface Rev. 2.3.1 §2.2 "Message Format": SYNC is 0x02, ADR names the peripheral
/// (§2.4 "Peripheral Addresses": 0x03 for bill validators), LNG is the length of the whole frame
/// including SYNC and CRC, and the CRC (see `CCNETCRC`) follows low byte first. For a request DATA
/// is the command code and its parameters; for a response it is ACK (0x00), NAK (0xFF), ILLEGAL
/// COMMAND (0x30) or the data the command asked for.
///
/// Frames longer than 250 bytes (LNG 0 with a 16-bit length, used by Bill-to-Bill units) are not
/// needed by a bill validator and are treated as garbage by the decoder.
public struct CCNETFrame: Equatable, Sendable {
    public static let sync: UInt8 = 0x02
    public static let billValidatorAddress: UInt8 = 0x03
    /// SYNC + ADR + LNG + CRC (2).
    public static let overhead = 5
    public static let maximumLength = 250

    public var address: UInt8
    public var data: [UInt8]

    public init(address: UInt8 = CCNETFrame.billValidatorAddress, data: [UInt8]) {
        precondition(data.count + CCNETFrame.overhead <= CCNETFrame.maximumLength, "CCNET frame too long: \(data.count) data bytes")
        self.address = address
        self.data = data
    }

    /// The bytes on the wire.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [CCNETFrame.sync, address, UInt8(data.count + CCNETFrame.overhead)]
        bytes.append(contentsOf: data)
        let crc = CCNETCRC.checksum(bytes)
        bytes.append(UInt8(truncatingIfNeeded: crc))
        bytes.append(UInt8(truncatingIfNeeded: crc >> 8))
        return bytes
    }

    /// A response carrying only ACK (§2.5 "Software Operational Rules").
    public static let ack = CCNETFrame(data: [0x00])
    /// A response carrying only NAK: the receiver saw a CRC error.
    public static let nak = CCNETFrame(data: [0xFF])
    /// Response 0x30: the command is unknown or not allowed in the current state (§2.5).
    public static let illegalCommand = CCNETFrame(data: [0x30])

    public var isAck: Bool { data == [0x00] }
    public var isNak: Bool { data == [0xFF] }
    public var isIllegalCommand: Bool { data == [0x30] }
}
