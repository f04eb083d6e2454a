import Foundation
import Testing
@testable import KioskUI

/// The icons drawn are the icons in Assets/icons: `IconArt.swift` is generated from them
/// (scripts/embed-icons.py), and an icon changed without running it would ship the old art.
@Suite struct IconArtTests {
    static let folder = TestFonts.repoRoot.appendingPathComponent("Assets/icons")

    @Test("every icon's embedded PNG is its Assets/icons file, byte for byte", arguments: Icon.allCases)
    func embeddedArtIsTheAsset(_ icon: Icon) throws {
        let asset = try Data(contentsOf: Self.folder.appendingPathComponent("\(icon.rawValue).png"))
        #expect(Data(base64Encoded: icon.pngBase64) == asset, "run scripts/embed-icons.py")
    }

    @Test("every PNG in Assets/icons is an icon the kiosk can draw")
    func everyAssetIsAnIcon() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".png") }.map { String($0.dropLast(4)) }
        #expect(Set(names) == Set(Icon.allCases.map(\.rawValue)), "run scripts/embed-icons.py")
    }
}
