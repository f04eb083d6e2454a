/// Reads an ESC/POS byte stream back into commands: what a printer would do with it.
///
/// Used by the tests (does the receipt carry the code?) and by the file printer's preview. It
/// knows the same subset `ESCPOSWriter` writes and refuses anything else with the offset, so a
/// stray byte in a receipt is found here rather than as garbage on paper.
public enum ESCPOSParser {
    public static func parse(_ bytes: [UInt8]) throws(ESCPOSParseError) -> [ESCPOSCommand] {
        var reader = Reader(bytes: bytes)
        var commands: [ESCPOSCommand] = []
        var text: [UInt8] = []
        func flushText() {
            if !text.isEmpty { commands.append(.text(text)); text = [] }
        }
        while let byte = reader.peek() {
            let start = reader.offset
            switch byte {
            case ESCPOSCommand.LF:
                reader.skip()
                flushText()
                commands.append(.lineFeed)
            case ESCPOSCommand.ESC:
                flushText()
                reader.skip()
                commands.append(try parseESC(&reader, start: start))
            case ESCPOSCommand.GS:
                flushText()
                reader.skip()
                commands.append(try parseGS(&reader, start: start))
            case ESCPOSCommand.DLE:
                flushText()
                reader.skip()
                guard try reader.byte(start) == ESCPOSCommand.EOT else {
                    throw ESCPOSParseError(offset: start, reason: "DLE not followed by EOT")
                }
                commands.append(.realTimeStatus(try reader.byte(start)))
            case 0x20..<0x7F, 0x80...0xFF:
                reader.skip()
                text.append(byte)
            default:
                throw ESCPOSParseError(offset: start, reason: "unsupported control byte 0x\(hex(byte))")
            }
        }
        flushText()
        return commands
    }

    private static func parseESC(_ reader: inout Reader, start: Int) throws(ESCPOSParseError) -> ESCPOSCommand {
        let code = try reader.byte(start)
        switch code {
        case 0x40: return .initialize
        case 0x74: return .selectCodePage(try reader.byte(start))
        case 0x64: return .feedLines(try reader.byte(start))
        case 0x45: return .emphasis(try reader.byte(start) & 1 == 1)
        case 0x61:
            let n = try reader.byte(start)
            guard let alignment = ESCPOSAlignment(rawValue: n >= 48 ? n - 48 : n) else {
                throw ESCPOSParseError(offset: start, reason: "ESC a with alignment \(n)")
            }
            return .align(alignment)
        default:
            throw ESCPOSParseError(offset: start, reason: "unsupported command ESC 0x\(hex(code))")
        }
    }

    private static func parseGS(_ reader: inout Reader, start: Int) throws(ESCPOSParseError) -> ESCPOSCommand {
        let code = try reader.byte(start)
        switch code {
        case 0x21:
            let n = try reader.byte(start)
            return .characterSize(width: (n >> 4) + 1, height: (n & 0x0F) + 1)
        case 0x76:
            guard try reader.byte(start) == 0x30 else { throw ESCPOSParseError(offset: start, reason: "GS v without 0") }
            let mode = try reader.byte(start)
            let widthBytes = Int(try reader.byte(start)) | Int(try reader.byte(start)) << 8
            let rows = Int(try reader.byte(start)) | Int(try reader.byte(start)) << 8
            guard widthBytes > 0 else { throw ESCPOSParseError(offset: start, reason: "GS v 0 with zero width") }
            let bits = try reader.bytes(widthBytes * rows, start)
            return .raster(MonoBitmap(width: widthBytes * 8, height: rows, bits: bits), mode: mode)
        case 0x28:
            guard try reader.byte(start) == 0x6B else { throw ESCPOSParseError(offset: start, reason: "GS ( other than GS ( k") }
            let length = Int(try reader.byte(start)) | Int(try reader.byte(start)) << 8
            let body = try reader.bytes(length, start)
            guard body.count >= 2, body[0] == 49 else {
                throw ESCPOSParseError(offset: start, reason: "GS ( k for a symbol other than QR (cn \(body.first ?? 0))")
            }
            switch (body[1], body.count) {
            case (65, 4): return .qrModel(body[2])
            case (67, 3): return .qrModuleSize(body[2])
            case (69, 3):
                guard let level = ESCPOSQRErrorCorrection(rawValue: body[2]) else {
                    throw ESCPOSParseError(offset: start, reason: "QR error correction \(body[2])")
                }
                return .qrErrorCorrection(level)
            case (80, _) where body.count >= 3 && body[2] == 48: return .qrStore(Array(body[3...]))
            case (81, 3): return .qrPrint
            default: throw ESCPOSParseError(offset: start, reason: "unsupported QR function \(body[1])")
            }
        case 0x56:
            let m = try reader.byte(start)
            switch m {
            case 0, 48: return .cut(.full)
            case 1, 49: return .cut(.partial)
            case 65: return .cut(.feedAndFull(try reader.byte(start)))
            case 66: return .cut(.feedAndPartial(try reader.byte(start)))
            default: throw ESCPOSParseError(offset: start, reason: "GS V with mode \(m)")
            }
        default:
            throw ESCPOSParseError(offset: start, reason: "unsupported command GS 0x\(hex(code))")
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
        mutating func skip() { offset += 1 }

        mutating func byte(_ start: Int) throws(ESCPOSParseError) -> UInt8 {
            guard offset < bytes.count else { throw ESCPOSParseError(offset: start, reason: "command cut short at end of data") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func bytes(_ count: Int, _ start: Int) throws(ESCPOSParseError) -> [UInt8] {
            guard count <= bytes.count - offset else {
                throw ESCPOSParseError(offset: start, reason: "command needs \(count) data bytes, only \(bytes.count - offset) left")
            }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

public struct ESCPOSParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "ESC/POS data is not what the kiosk writes at byte \(offset): \(reason)" }
}
