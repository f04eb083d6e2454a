import Foundation
@testable import KioskGraphics

/// The shipped font (Assets/fonts) and a tiny fallback face, loaded once for all tests.
enum TestFonts {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let dejaVuPath = repoRoot.appendingPathComponent("Assets/fonts/DejaVuSans.ttf").path
    static let mayanPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/NotoSansMayanNumerals-Regular.ttf").path

    static let dejaVu: FontFace = try! FontFace(path: dejaVuPath)
    static let mayan: FontFace = try! FontFace(path: mayanPath)
    static let font = Font(faces: [dejaVu])
}
