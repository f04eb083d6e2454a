import Foundation
import KioskGraphics
import Testing

/// Compares rendered frames against committed `Golden/<name>.png` references, for every test
/// target that has goldens (graphics primitives and text, UI screens).
///
/// After an intended change, run the target's `updateCommand` (KIOSK_UPDATE_GOLDEN=1), look at the
/// new PNGs and commit them. A missing reference fails; it is never recorded silently. Tolerance: a
/// pixel differs when a channel is off by more than `channelTolerance`; the check fails when more
/// than `maxDifferingFraction` of the pixels differ (room for FreeType/libpng version noise only).
public struct GoldenImageChecker: Sendable {
    public let directory: URL
    public let updateCommand: String
    /// Where a failing frame is written, under the temporary directory.
    public let failureFolder: String
    /// Whether alpha is compared too (screens are opaque; primitives may not be).
    public let comparesAlpha: Bool
    public let channelTolerance: Int
    public let maxDifferingFraction: Double

    public init(directory: URL, updateCommand: String, failureFolder: String, comparesAlpha: Bool,
                channelTolerance: Int, maxDifferingFraction: Double) {
        self.directory = directory
        self.updateCommand = updateCommand
        self.failureFolder = failureFolder
        self.comparesAlpha = comparesAlpha
        self.channelTolerance = channelTolerance
        self.maxDifferingFraction = maxDifferingFraction
    }

    public static var updating: Bool { ProcessInfo.processInfo.environment["KIOSK_UPDATE_GOLDEN"] == "1" }

    public struct Comparison: Sendable {
        public var differing = 0
        public var maxChannelDelta = 0
        public var total = 0
    }

    public func compare(_ a: Image, _ b: Image, channelTolerance: Int) -> Comparison {
        var c = Comparison(total: a.width * a.height)
        let shifts: [UInt32] = comparesAlpha ? [0, 8, 16, 24] : [0, 8, 16]
        // Straight through the pixel memory: 150 full-HD frames must compare in seconds.
        a.withPremultipliedPixels { p in
            b.withPremultipliedPixels { q in
                for i in 0..<min(p.count, q.count) where p[i] != q[i] {
                    var worst = 0
                    for shift in shifts {
                        worst = max(worst, abs(Int((p[i] >> shift) & 0xFF) - Int((q[i] >> shift) & 0xFF)))
                    }
                    c.maxChannelDelta = max(c.maxChannelDelta, worst)
                    if worst > channelTolerance { c.differing += 1 }
                }
            }
        }
        return c
    }

    public func check(_ buffer: PixelBuffer, named name: String, channelTolerance: Int? = nil,
                      maxDifferingFraction: Double? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tolerance = channelTolerance ?? self.channelTolerance
        let fraction = maxDifferingFraction ?? self.maxDifferingFraction
        let path = directory.appendingPathComponent("\(name).png").path
        if Self.updating {
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
        let c = compare(actual, expected, channelTolerance: tolerance)
        if Double(c.differing) > fraction * Double(c.total) {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent(failureFolder)
            try? FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let actualPath = out.appendingPathComponent("\(name).actual.png").path
            try? buffer.writePNG(to: actualPath)
            Issue.record("""
                \(name): \(c.differing) of \(c.total) pixels differ by more than \(tolerance) \
                (max delta \(c.maxChannelDelta)); actual frame written to \(actualPath). \
                If the change is intended: \(updateCommand)
                """, sourceLocation: sourceLocation)
        }
    }
}
