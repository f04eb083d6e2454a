import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

/// A code is read and typed group by group: when it has to wrap, it breaks after a dash
/// ("01K7-ABCD-" / "EFGH-Z"), never inside a group.
@Suite struct CodeWrapTests {
    /// True when every line but the last ends with the group separator and nothing was cut.
    static func breaksOnlyAtDashes(_ layout: TextLayout, of text: String) -> Bool {
        let lines = layout.lines.map(\.text)
        return !layout.truncated && lines.joined() == text && lines.dropLast().allSatisfy { $0.hasSuffix("-") }
    }

    static let codeTexts = [Sample.code.grouped, EntryValidation.grouped(Sample.code.canonical) + "▏"]

    @Test(arguments: Panel.supported)
    func codesOnScreensBreakOnlyAtDashes(_ panel: Panel) {
        let theme = panel.resolution.theme
        let builder = ScreenBuilder(theme: theme, qr: LibQREncoder())
        let engine = LayoutEngine(theme: theme, font: TestFonts.font)
        let renderer = ViewRenderer(theme: theme, font: TestFonts.font)
        var seen = 0
        for language in MoneyFormatter.Language.allCases {
            for (name, model) in ScreenCatalogue.all(language) {
                let layout = engine.layout(builder.build(model), in: Rect(x: 0, y: 0, width: panel.resolution.width, height: panel.resolution.height))
                for text in renderer.placedTexts(layout) where Self.codeTexts.contains(text.text) {
                    seen += 1
                    #expect(Self.breaksOnlyAtDashes(text.layout, of: text.text),
                            "\(name) \(language.rawValue) \(panel): '\(text.text)' drawn as \(text.layout.lines.map(\.text))")
                }
            }
        }
        #expect(seen >= 4, "the done and refill screens show the code")
    }

    /// At the code's own size, in any width that holds a group, the code breaks only at dashes.
    @Test(arguments: Panel.supported)
    func aCodeInAnyWidthFromOneGroupUpBreaksOnlyAtDashes(_ panel: Panel) {
        let theme = panel.resolution.theme
        let size = theme.fontSize(.code), code = Sample.code.grouped
        let group = Int(TextLayout.measure("WWWW-", font: TestFonts.font, size: size).rounded(.up))
        let full = Int(TextLayout.measure(code, font: TestFonts.font, size: size).rounded(.up))
        for width in stride(from: group, through: full + 4, by: 3) {
            let layout = TextLayout(code, font: TestFonts.font, size: size, maxWidth: width)
            #expect(Self.breaksOnlyAtDashes(layout, of: code), "width \(width): \(layout.lines.map(\.text))")
        }
    }

    /// The check above can fail: a box narrower than a group splits one.
    @Test func aMidGroupBreakIsSeen() {
        let layout = TextLayout(Sample.code.grouped, font: TestFonts.font, size: 40, maxWidth: 60)
        #expect(!Self.breaksOnlyAtDashes(layout, of: Sample.code.grouped), "\(layout.lines.map(\.text))")
    }
}
