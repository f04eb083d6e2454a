/// The ESC/POS commands the kiosk sends to thermal receipt printers, as values.
///
/// One enum serves both directions: `ESCPOSWriter` turns commands into bytes and `ESCPOSParser`
/// turns captured bytes back into commands, so a test can check what a printer would have
/// received without a printer. Only the subset below is supported on purpose: raster graphics
/// carry every language and the QR exactly as drawn, and the text commands serve the plain-text
/// mode for printers too old or too slow for graphics.
public enum ESCPOSCommand: Sendable, Hashable {
    /// ESC @: reset modes to power-on defaults.
    case initialize
    /// ESC t n: the character table for bytes 0x80…0xFF (see `ESCPOSCodePage`).
    case selectCodePage(UInt8)
    /// Printable bytes in the selected code page, without the line feed.
    case text([UInt8])
    /// LF: print the line buffer and feed one line.
    case lineFeed
    /// ESC d n: print and feed n lines.
    case feedLines(UInt8)
    /// ESC a n.
    case align(ESCPOSAlignment)
    /// ESC E n: bold.
    case emphasis(Bool)
    /// GS ! n: character width and height multipliers, 1…8 each.
    case characterSize(width: UInt8, height: UInt8)
    /// GS v 0 m xL xH yL yH d…: a raster bit image (1 = black, MSB leftmost), m = density mode.
    case raster(MonoBitmap, mode: UInt8)
    /// GS ( k fn 165 (cn 49): QR model, n1 = 49 model 1, 50 model 2.
    case qrModel(UInt8)
    /// GS ( k fn 167: module size in dots, 1…16.
    case qrModuleSize(UInt8)
    /// GS ( k fn 169: error correction level.
    case qrErrorCorrection(ESCPOSQRErrorCorrection)
    /// GS ( k fn 180: store data in the symbol storage area.
    case qrStore([UInt8])
    /// GS ( k fn 181: print the stored symbol.
    case qrPrint
    /// GS V: cut the paper.
    case cut(ESCPOSCut)
    /// DLE EOT n: real-time status request (n = 1 printer, 2 offline cause, 3 error, 4 paper sensor).
    case realTimeStatus(UInt8)
}

public enum ESCPOSAlignment: UInt8, Sendable, Hashable {
    case left = 0, center = 1, right = 2
}

public enum ESCPOSQRErrorCorrection: UInt8, Sendable, Hashable {
    case low = 48, medium = 49, quartile = 50, high = 51
}

/// GS V forms: function A (m = 0/1 or 48/49) cuts where the paper is; function B (m = 65/66)
/// first feeds `n` dots so the last printed line clears the cutter.
public enum ESCPOSCut: Sendable, Hashable {
    case full
    case partial
    case feedAndFull(UInt8)
    case feedAndPartial(UInt8)
}

/// The answer to DLE EOT 4 (paper roll sensor). Bits 2–3 set: the roll is nearly used up;
/// bits 5–6 set: the roll has ended. Bits 1 and 4 are always 1, bit 7 always 0.
public struct ESCPOSPaperStatus: Sendable, Hashable, CustomStringConvertible {
    public let byte: UInt8

    public init(byte: UInt8) { self.byte = byte }

    /// A status byte is recognisable by its fixed bits; anything else is not an answer to DLE EOT.
    public var isWellFormed: Bool { byte & 0b1001_0011 == 0b0001_0010 }
    public var paperEnded: Bool { byte & 0x60 != 0 }
    public var paperNearEnd: Bool { byte & 0x0C != 0 }

    public var description: String {
        paperEnded ? "paper roll ended" : paperNearEnd ? "paper roll near its end" : "paper present"
    }
}
