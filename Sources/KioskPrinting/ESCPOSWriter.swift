/// Builds the byte stream for an ESC/POS printer, command by command.
///
/// The writer keeps the commands (not only bytes) so tests and the file printer can look at what
/// was meant; `bytes` is what goes to the raw CUPS queue.
public struct ESCPOSWriter: Sendable {
    public private(set) var commands: [ESCPOSCommand] = []
    /// Raster images are sent in bands of at most this many rows: cheap printers have small
    /// receive buffers and drop the tail of a single tall GS v 0 image.
    public var rasterBandRows: Int

    public init(rasterBandRows: Int = 256) {
        precondition(rasterBandRows > 0 && rasterBandRows <= 0xFFFF, "band height must be 1…65535 rows")
        self.rasterBandRows = rasterBandRows
    }

    public mutating func append(_ command: ESCPOSCommand) { commands.append(command) }

    public mutating func initialize() { append(.initialize) }

    public mutating func codePage(_ page: ESCPOSCodePage) { append(.selectCodePage(page.escposNumber)) }

    /// One line of text in `page`, then LF. Characters the page lacks print as '?'.
    public mutating func line(_ text: String, in page: ESCPOSCodePage) {
        let encoded = page.encode(text)
        if !encoded.isEmpty { append(.text(encoded)) }
        append(.lineFeed)
    }

    public mutating func align(_ alignment: ESCPOSAlignment) { append(.align(alignment)) }
    public mutating func emphasis(_ on: Bool) { append(.emphasis(on)) }

    public mutating func characterSize(width: UInt8, height: UInt8) {
        precondition((1...8).contains(width) && (1...8).contains(height), "character size is 1…8")
        append(.characterSize(width: width, height: height))
    }

    public mutating func feed(lines: UInt8) { append(.feedLines(lines)) }

    /// The image in bands of `rasterBandRows`; no band is taller than the printer can buffer.
    public mutating func raster(_ bitmap: MonoBitmap) {
        precondition(bitmap.bytesPerRow <= 0xFFFF, "image too wide for GS v 0")
        var top = 0
        while top < bitmap.height {
            let bottom = min(bitmap.height, top + rasterBandRows)
            append(.raster(bitmap.rows(top..<bottom), mode: 0))
            top = bottom
        }
    }

    /// A QR symbol the printer draws itself (plain-text mode): model 2, then store and print.
    public mutating func nativeQR(_ payload: String, moduleSize: UInt8 = 6, errorCorrection: ESCPOSQRErrorCorrection = .medium) {
        precondition((1...16).contains(moduleSize), "QR module size is 1…16 dots")
        let data = Array(payload.utf8)
        precondition(data.count <= 7089, "QR payload too long")
        append(.qrModel(50))
        append(.qrModuleSize(moduleSize))
        append(.qrErrorCorrection(errorCorrection))
        append(.qrStore(data))
        append(.qrPrint)
    }

    public mutating func cut(_ cut: ESCPOSCut = .feedAndPartial(48)) { append(.cut(cut)) }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for command in commands { command.encode(into: &out) }
        return out
    }
}

extension ESCPOSCommand {
    static let ESC: UInt8 = 0x1B, GS: UInt8 = 0x1D, DLE: UInt8 = 0x10, EOT: UInt8 = 0x04, LF: UInt8 = 0x0A

    /// The command's wire bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    func encode(into out: inout [UInt8]) {
        let ESC = Self.ESC, GS = Self.GS
        switch self {
        case .initialize: out += [ESC, 0x40]
        case .selectCodePage(let n): out += [ESC, 0x74, n]
        case .text(let bytes):
            precondition(!bytes.contains { $0 < 0x20 || $0 == 0x7F }, "control byte inside text")
            out += bytes
        case .lineFeed: out.append(Self.LF)
        case .feedLines(let n): out += [ESC, 0x64, n]
        case .align(let alignment): out += [ESC, 0x61, alignment.rawValue]
        case .emphasis(let on): out += [ESC, 0x45, on ? 1 : 0]
        case .characterSize(let width, let height): out += [GS, 0x21, (width - 1) << 4 | (height - 1)]
        case .raster(let bitmap, let mode):
            let x = bitmap.bytesPerRow, y = bitmap.height
            precondition(y <= 0xFFFF && x <= 0xFFFF, "raster block too large")
            out += [GS, 0x76, 0x30, mode, UInt8(x & 0xFF), UInt8(x >> 8), UInt8(y & 0xFF), UInt8(y >> 8)]
            out += bitmap.bits
        case .qrModel(let n): out += [GS, 0x28, 0x6B, 4, 0, 49, 65, n, 0]
        case .qrModuleSize(let n): out += [GS, 0x28, 0x6B, 3, 0, 49, 67, n]
        case .qrErrorCorrection(let level): out += [GS, 0x28, 0x6B, 3, 0, 49, 69, level.rawValue]
        case .qrStore(let data):
            let length = data.count + 3
            out += [GS, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 49, 80, 48]
            out += data
        case .qrPrint: out += [GS, 0x28, 0x6B, 3, 0, 49, 81, 48]
        case .cut(let cut):
            switch cut {
            case .full: out += [GS, 0x56, 48]
            case .partial: out += [GS, 0x56, 49]
            case .feedAndFull(let n): out += [GS, 0x56, 65, n]
            case .feedAndPartial(let n): out += [GS, 0x56, 66, n]
            }
        case .realTimeStatus(let n): out += [Self.DLE, Self.EOT, n]
        }
    }
}
