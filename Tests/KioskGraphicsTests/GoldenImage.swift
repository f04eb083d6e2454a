import Foundation
import GoldenTesting
import KioskGraphics
import Testing

/// This target's goldens: `Golden/<name>.png`, alpha compared, tight tolerance (see GoldenImageChecker).
enum GoldenImage {
    static let checker = GoldenImageChecker(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"),
        updateCommand: "KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskGraphicsTests",
        failureFolder: "kiosk-golden-failures", comparesAlpha: true, channelTolerance: 2, maxDifferingFraction: 0.001)
    static var directory: URL { checker.directory }

    static func compare(_ a: Image, _ b: Image, channelTolerance: Int) -> GoldenImageChecker.Comparison {
        checker.compare(a, b, channelTolerance: channelTolerance)
    }

    static func check(_ buffer: PixelBuffer, named name: String, channelTolerance: Int? = nil, maxDifferingFraction: Double? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        try checker.check(buffer, named: name, channelTolerance: channelTolerance, maxDifferingFraction: maxDifferingFraction,
                          sourceLocation: sourceLocation)
    }
}
