/// What a roll printer would put on paper for a list of commands, simulated: raster blocks stacked
/// as the paper feeds, text lines as solid blocks per character (the simulator has no printer font),
/// and what the printer would have drawn itself (QR payloads, text) collected as values.
///
/// The file printer saves `image` as the PNG preview; tests read `textLines` and `qrPayloads`.
public struct ESCPOSPrintout: Sendable {
    public private(set) var image: MonoBitmap
    public private(set) var textLines: [String] = []
    public private(set) var qrPayloads: [String] = []
    public private(set) var cuts = 0
    /// Raster blocks in order, before stacking (a receipt is usually one image in bands).
    public private(set) var rasterBlocks = 0

    /// Dots per text line at the default 1/6 inch line spacing on a 203 dpi head.
    static let lineHeight = 30
    static let characterAdvance = 12

    public init(commands: [ESCPOSCommand], paperWidth: Int, codePages: [ESCPOSCodePage] = [.pc437, .pc866]) {
        image = MonoBitmap(width: paperWidth, height: 0)
        var page = codePages.first ?? .pc437
        var pendingText: [UInt8] = []
        var sizeWidth = 1, sizeHeight = 1
        var alignment = ESCPOSAlignment.left
        var storedQR: [UInt8] = []

        func printLine() {
            let text = page.decode(pendingText)
            textLines.append(text)
            let height = Self.lineHeight * sizeHeight
            var band = MonoBitmap(width: paperWidth, height: height)
            let advance = Self.characterAdvance * sizeWidth
            let lineWidth = pendingText.count * advance
            let left = switch alignment {
            case .left: 0
            case .center: max(0, (paperWidth - lineWidth) / 2)
            case .right: max(0, paperWidth - lineWidth)
            }
            for (index, byte) in pendingText.enumerated() where byte != 0x20 {
                band.fill(x: left + index * advance + sizeWidth, y: 3 * sizeHeight,
                          width: advance - 2 * sizeWidth, height: height - 6 * sizeHeight)
            }
            image.append(band)
            pendingText = []
        }

        for command in commands {
            switch command {
            case .initialize:
                page = codePages.first ?? .pc437
                sizeWidth = 1; sizeHeight = 1; alignment = .left
            case .selectCodePage(let number):
                if let known = codePages.first(where: { $0.escposNumber == number }) { page = known }
            case .text(let bytes): pendingText += bytes
            case .lineFeed: printLine()
            case .feedLines(let n):
                if !pendingText.isEmpty { printLine() }
                image.appendBlank(rows: Int(n) * Self.lineHeight)
            case .align(let new): alignment = new
            case .emphasis: break
            case .characterSize(let width, let height): sizeWidth = Int(width); sizeHeight = Int(height)
            case .raster(let bitmap, _):
                rasterBlocks += 1
                var band = MonoBitmap(width: paperWidth, height: bitmap.height)
                band.draw(bitmap, x: 0, y: 0)
                image.append(band)
            case .qrModel, .qrModuleSize, .qrErrorCorrection: break
            case .qrStore(let data): storedQR = data
            case .qrPrint:
                qrPayloads.append(String(decoding: storedQR, as: UTF8.self))
                // A placeholder square where the printer would draw the symbol.
                var band = MonoBitmap(width: paperWidth, height: 160)
                band.fill(x: (paperWidth - 150) / 2, y: 5, width: 150, height: 150)
                band.fill(x: (paperWidth - 130) / 2, y: 15, width: 130, height: 130, black: false)
                image.append(band)
            case .cut(let cut):
                if !pendingText.isEmpty { printLine() }
                switch cut {
                case .feedAndFull(let n), .feedAndPartial(let n): image.appendBlank(rows: Int(n))
                case .full, .partial: break
                }
                cuts += 1
            case .realTimeStatus: break
            }
        }
        if !pendingText.isEmpty { printLine() }
    }

    /// Parses `bytes` and simulates them.
    public init(bytes: [UInt8], paperWidth: Int) throws(ESCPOSParseError) {
        self.init(commands: try ESCPOSParser.parse(bytes), paperWidth: paperWidth)
    }
}
