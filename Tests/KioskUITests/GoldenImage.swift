import Foundation
import GoldenTesting
import KioskGraphics
import Testing

/// This target's goldens: `Golden/<name>.png` of whole screens (opaque: alpha not compared); see
/// GoldenImageChecker. Look at the contact sheet (`scripts/ui-contact-sheet.py`) after updating.
enum GoldenImage {
    static let checker = GoldenImageChecker(
        directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"),
        updateCommand: "KIOSK_UPDATE_GOLDEN=1 swift test --filter KioskUITests",
        failureFolder: "kiosk-ui-golden-failures", comparesAlpha: false, channelTolerance: 8, maxDifferingFraction: 0.002)
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
