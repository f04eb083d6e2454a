import Foundation
@testable import KioskGraphics
import Testing

/// Compares a rendered screen against `Golden/<name>.png`.
///
/// After an intended change: `KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskUITests`, look at
/// the new PNGs (or the contact sheet, `scripts/ui-contact-sheet.py`) and commit them. A missing
/// reference fails; it is never recorded silently. Tolerance: a pixel differs when a channel is
/// off by more than `channelTolerance`; the check fails when more than `maxDifferingFraction` of
/// pixels differ (room for FreeType/libpng version noise, not for a moved button).
enum GoldenImage {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updateCommand = "KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskUITests"
    static var updating: Bool { ProcessInfo.processInfo.environment["KIOSK_UPDATE_GOLDEN"] == "1" }

    struct Comparison {
        var differing = 0
        var maxChannelDelta = 0
        var total = 0
    }

    static func compare(_ a: Image, _ b: Image, channelTolerance: Int) -> Comparison {
        var c = Comparison(total: a.width * a.height)
        // Straight through the pixel memory: 150 full-HD frames must compare in seconds.
        for i in 0..<(a.width * a.height) {
            let p = a.pixels[i], q = b.pixels[i]
            if p == q { continue }
            do {
                var worst = 0
                for shift in [0, 8, 16] as [UInt32] {
                    worst = max(worst, abs(Int((p >> shift) & 0xFF) - Int((q >> shift) & 0xFF)))
                }
                c.maxChannelDelta = max(c.maxChannelDelta, worst)
                if worst > channelTolerance { c.differing += 1 }
            }
        }
        return c
    }

    static func check(_ buffer: PixelBuffer, named name: String, channelTolerance: Int = 8,
                      maxDifferingFraction: Double = 0.002, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = directory.appendingPathComponent("\(name).png").path
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try buffer.writePNG(to: path)
            return
        }
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("golden image \(name).png is missing; render it with `\(updateCommand)` and review it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = try PNGCodec.decode(path: path)
        let actual = Image(copying: buffer)
        guard expected.width == actual.width, expected.height == actual.height else {
            Issue.record("\(name): size \(actual.width)x\(actual.height), golden is \(expected.width)x\(expected.height)",
                         sourceLocation: sourceLocation)
            return
        }
        let c = compare(actual, expected, channelTolerance: channelTolerance)
        if Double(c.differing) > maxDifferingFraction * Double(c.total) {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-ui-golden-failures")
            try? FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let actualPath = out.appendingPathComponent("\(name).actual.png").path
            try? buffer.writePNG(to: actualPath)
            Issue.record("""
                \(name): \(c.differing) of \(c.total) pixels differ by more than \(channelTolerance) \
                (max delta \(c.maxChannelDelta)); actual frame written to \(actualPath). \
                If the change is intended: \(updateCommand)
                """, sourceLocation: sourceLocation)
        }
    }
}
