import Foundation
import Testing
@testable import KioskGraphics

/// Compares a rendered buffer against `Golden/<name>.png`.
///
/// Update the references after an intended change with
/// `KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskGraphicsTests` and look at the new PNGs before
/// committing them. A missing reference fails (it never silently records). Tolerance: a pixel
/// differs when any channel is off by more than `channelTolerance`; the test fails when more than
/// `maxDifferingFraction` of the pixels differ (room for FreeType/libpng version noise only).
enum GoldenImage {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updateCommand = "KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskGraphicsTests"
    static var updating: Bool { ProcessInfo.processInfo.environment["KIOSK_UPDATE_GOLDEN"] == "1" }

    struct Comparison {
        var differing = 0
        var maxChannelDelta = 0
        var total = 0
    }

    static func compare(_ a: Image, _ b: Image, channelTolerance: Int) -> Comparison {
        var c = Comparison(total: a.width * a.height)
        for y in 0..<a.height {
            for x in 0..<a.width {
                let p = a.premultiplied(x: x, y: y), q = b.premultiplied(x: x, y: y)
                var worst = 0
                for shift in [0, 8, 16, 24] as [UInt32] {
                    worst = max(worst, abs(Int((p >> shift) & 0xFF) - Int((q >> shift) & 0xFF)))
                }
                c.maxChannelDelta = max(c.maxChannelDelta, worst)
                if worst > channelTolerance { c.differing += 1 }
            }
        }
        return c
    }

    static func check(_ buffer: PixelBuffer, named name: String, channelTolerance: Int = 2,
                      maxDifferingFraction: Double = 0.001, sourceLocation: SourceLocation = #_sourceLocation) throws {
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
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-golden-failures")
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
