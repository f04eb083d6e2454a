import Foundation
import KioskGraphics

/// Pictures on the main buttons (the art is Assets/icons, drawn by scripts/render-make-icons.py):
/// a customer who reads slowly, or reads neither language, finds "buy", "cancel" and "done" by
/// shape. The PNGs travel inside the binary (`IconArt.swift`, from scripts/embed-icons.py), so an
/// installed kiosk has no asset folder to find and a missing file cannot blank a button.
public enum Icon: String, Sendable, Hashable, CaseIterable {
    case back, cash, check, clock, cross, info, language, printer, ticket, wifi

    /// The art's alpha at `side` px square, each pixel the mean of the art's pixels it covers
    /// (white, premultiplied): what `Canvas.drawImage(_:at:tint:)` paints in a button's ink.
    func mask(side: Int) -> Image {
        guard let data = Data(base64Encoded: pngBase64), let art = try? PNGCodec.decode(bytes: [UInt8](data)) else {
            preconditionFailure("icon \(rawValue): the embedded PNG does not decode; run scripts/embed-icons.py")
        }
        return Image(width: side, height: side, premultipliedAt: { x, y in
            let x0 = x * art.width / side, x1 = max(x0 + 1, (x + 1) * art.width / side)
            let y0 = y * art.height / side, y1 = max(y0 + 1, (y + 1) * art.height / side)
            var sum: UInt32 = 0
            for sy in y0..<y1 { for sx in x0..<x1 { sum += art.premultiplied(x: sx, y: sy) >> 24 } }
            let a = sum / UInt32((x1 - x0) * (y1 - y0))
            return a << 24 | a << 16 | a << 8 | a
        })
    }
}

/// Drawings that are not text: the note slot on the payment screen.
public enum Illustration: Sendable, Equatable {
    /// The bill acceptor's slot with a note going in.
    case noteSlot
}
