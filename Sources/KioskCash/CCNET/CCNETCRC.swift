/// CRC-16/KERMIT as CCNET uses it: polynomial 0x1021 reflected (0x8408), initial value 0, no final
/// XOR, sent low byte first.
///
/// CCNET Interface, PT# MAN_CCNET Rev. 2.3.1 (CashCode, 2002), §2.2 "Message Format": the CRC covers
/// every byte from SYNC to the end of DATA. Pure: no Foundation, so the fuzz target compiles it alone.
public enum CCNETCRC {
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt16 where Bytes.Element == UInt8 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1
            }
        }
        return crc
    }
}
