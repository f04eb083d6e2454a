import Foundation
import KioskGraphics
@testable import KioskUI

/// Measures one laid-out screen as a person in front of the panel would: it renders the screen
/// twice (as shown, and with every text left out) and reads the pixels. Ink is where the two
/// differ; the background under a text is the text-free frame there. Sizes are turned into
/// millimetres with the panel's real DPI, heights into millimetres above the floor.
final class ScreenMeasurer {
    let panel: Panel
    let theme: Theme
    let font: Font
    let minimumContrast: Double
    private var capHeights: [Double: Int] = [:]

    /// Measures `panel` in a customer's display `mode`: its theme, and 7:1 contrast in high contrast.
    init(panel: Panel, mode: DisplayMode = .standard, theme: Theme? = nil, font: Font = TestFonts.font) {
        self.panel = panel
        self.theme = theme ?? panel.theme.adapted(to: mode)
        self.font = font
        self.minimumContrast = mode.highContrast ? ScreenRules.minimumHighContrast : ScreenRules.minimumContrast
    }

    var dpi: Double { panel.resolution.dpi }
    func millimetres(_ px: Int) -> Double { Double(px) / dpi * 25.4 }
    func formatted(_ v: Double) -> String { String(format: "%.1f", v) }

    func measure(_ view: View, screen: String) -> [Finding] {
        let bounds = Rect(x: 0, y: 0, width: panel.resolution.width, height: panel.resolution.height)
        return measure(LayoutEngine(theme: theme, font: font).layout(view, in: bounds), screen: screen)
    }

    func measure(_ layout: LayoutNode, screen: String) -> [Finding] {
        let shown = pixels(of: layout)
        let bare = pixels(of: layout.withoutText)
        let renderer = ViewRenderer(theme: theme, font: font)
        let nodes = layout.flattened()
        let texts = nodes.flatMap { node in renderer.placedTexts(node.kind, frame: node.frame).map { (node, $0) } }
        var findings: [Finding] = []
        func report(_ rule: Finding.Rule, _ node: String, _ measured: String) {
            findings.append(Finding(rule: rule, screen: screen, node: node, measured: measured))
        }
        for (node, text) in texts where !text.text.allSatisfy(\.isWhitespace) {
            let name = describe(node, text)
            if let (ratio, ink, ground) = contrast(of: text, shown: shown, bare: bare), ratio < minimumContrast {
                report(.contrast, name, "\(formatted(ratio)):1 (\(hex(ink)) on \(hex(ground))), needs \(formatted(minimumContrast)):1")
            }
            let cap = millimetres(capHeight(size: text.size))
            if cap < ScreenRules.minimumCapHeightMillimetres {
                report(.capHeight, name, "\(formatted(cap)) mm at \(formatted(text.size)) px, needs \(ScreenRules.minimumCapHeightMillimetres) mm")
            }
            if text.layout.truncated {
                report(.truncated, name, "drawn as '\(text.layout.lines.map(\.text).joined(separator: " / "))'")
            }
            if !text.layout.truncated, let split = splitWord(in: text) {
                report(.splitWord, name, "broken inside a word at '\(split)'")
            }
            let extent = text.extent
            let escaped = inkOutsideControls(of: text, all: texts.map(\.1), shown: shown, bare: bare)
            if !text.control.contains(extent) || escaped > 0 {
                report(.clipped, name, "text extent \(extent) in control \(text.control), \(escaped) px of ink outside it")
            }
        }
        for (parent, child) in layout.containment(in: Rect(x: 0, y: 0, width: panel.resolution.width, height: panel.resolution.height))
            where !child.frame.isEmpty && !parent.contains(child.frame) {
            report(.overflow, describe(child, nil), "placed at \(child.frame), outside its container \(parent)")
        }
        let target = ScreenRules.minimumTargetMillimetres
        let floorHeight = Double(panel.resolution.height)
        for node in nodes {
            guard case let .button(title, _, _, _, _, _) = node.kind else { continue }
            let f = node.frame, name = describe(node, nil)
            if !title.isEmpty, renderer.placedTexts(node.kind, frame: f).isEmpty {
                report(.clipped, name, "no room inside \(f) for its label once padded")
            }
            let w = millimetres(f.width), h = millimetres(f.height)
            if w < target || h < target {
                report(.targetSize, name, "\(formatted(w)) × \(formatted(h)) mm, needs \(target) × \(target) mm")
            }
            let top = panel.bottomAboveFloor + (floorHeight - Double(f.minY)) / dpi * 25.4
            let bottom = panel.bottomAboveFloor + (floorHeight - Double(f.maxY)) / dpi * 25.4
            if top > ScreenRules.reachBand.upperBound || bottom < ScreenRules.reachBand.lowerBound {
                report(.reach, name, "spans \(Int(bottom))–\(Int(top)) mm above the floor, reach is 380–1220 mm")
            }
        }
        return findings
    }

    // MARK: Pixels

    struct Pixels {
        let width: Int, height: Int
        let values: [UInt32]
        subscript(x x: Int, y y: Int) -> UInt32 { values[y * width + x] }
    }

    func pixels(of layout: LayoutNode) -> Pixels {
        let r = panel.resolution
        let buffer = PixelBuffer(width: r.width, height: r.height, format: .xrgb8888)
        ViewRenderer(theme: theme, font: font).render(layout, on: Canvas(buffer: buffer))
        let image = Image(copying: buffer)
        return Pixels(width: r.width, height: r.height, values: image.withPremultipliedPixels { Array($0) })
    }

    /// The worst contrast between the text's colour and a background colour under its ink (ignoring
    /// colours under less than 2 % of the ink: the anti-aliased edge of a shape). With no ink at all
    /// (text the colour of its ground), everything under its extent counts.
    func contrast(of text: PlacedText, shown: Pixels, bare: Pixels) -> (Double, Color, Color)? {
        let region = text.extent.intersection(Rect(x: 0, y: 0, width: shown.width, height: shown.height))
        guard !region.isEmpty else { return nil }
        var underInk: [UInt32: Int] = [:], underAll: [UInt32: Int] = [:]
        for y in region.minY..<region.maxY {
            for x in region.minX..<region.maxX {
                let ground = bare[x: x, y: y]
                underAll[ground, default: 0] += 1
                if shown[x: x, y: y] != ground { underInk[ground, default: 0] += 1 }
            }
        }
        let grounds = underInk.isEmpty ? underAll : underInk
        let total = grounds.values.reduce(0, +)
        var worst: (Double, Color, Color)?
        for (value, count) in grounds where count * 50 >= total {
            let ground = Color(rgb: value & 0xFFFFFF)
            let ink = Contrast.over(text.color, ground)
            let ratio = Contrast.ratio(ink, ground)
            if worst == nil || ratio < worst!.0 { worst = (ratio, ink, ground) }
        }
        return worst
    }

    /// Pixels of ink near the text that fall outside its control and outside every other text's
    /// control: a label spilling out of its button, or drawn over its neighbour.
    func inkOutsideControls(of text: PlacedText, all: [PlacedText], shown: Pixels, bare: Pixels) -> Int {
        let margin = Int(text.size / 4)
        let region = text.extent.union(text.box).insetBy(-margin)
            .intersection(Rect(x: 0, y: 0, width: shown.width, height: shown.height))
        guard !region.isEmpty else { return 0 }
        // Glyph edges stray a pixel or two past their advance box (side bearings, anti-aliasing);
        // a clipped label strays by far more.
        let slack = max(2, Int(text.size / 16))
        let controls = all.map { $0.control.insetBy(-slack) }
        var count = 0
        for y in region.minY..<region.maxY {
            for x in region.minX..<region.maxX where shown[x: x, y: y] != bare[x: x, y: y] {
                let p = Point(x: x, y: y)
                if !controls.contains(where: { $0.contains(p) }) { count += 1 }
            }
        }
        return count
    }

    /// Where the lines of `text` break inside a word ("Пополнен|ие") or an amount ("1| 000 ₽",
    /// at a no-break space), if they do: a break must fall at a space, a newline or after a
    /// hyphen (codes break after a dash).
    func splitWord(in text: PlacedText) -> String? {
        let scalars = Array(text.text.unicodeScalars)
        var position = 0
        for line in text.layout.lines.dropLast() {
            while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
            let count = line.text.unicodeScalars.count
            let end = position + count
            guard end < scalars.count else { return nil }
            let before = scalars[end - 1], after = scalars[end]
            let breakingSpace = after.properties.isWhitespace && !TextLayout.noBreakSpaces.contains(after)
            if !breakingSpace && before != "-" {
                return String(String.UnicodeScalarView(scalars[max(0, end - 4)..<end])) + "|"
                    + String(String.UnicodeScalarView(scalars[end..<min(scalars.count, end + 4)]))
            }
            position = end
        }
        return nil
    }

    /// Height in px of an uppercase I drawn at `size` (rows at least half covered), as ADA measures.
    func capHeight(size: Double) -> Int {
        if let known = capHeights[size] { return known }
        let side = Int(size * 2) + 8
        let buffer = PixelBuffer(width: side, height: side, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(.black)
        canvas.drawText("I", font: font, size: size, at: Point(x: 4, y: Int(size * 1.5)), color: .white)
        let image = Image(copying: buffer)
        var rows = 0
        for y in 0..<side where (0..<side).contains(where: { image.color(x: $0, y: y).g >= 128 }) { rows += 1 }
        capHeights[size] = rows
        return rows
    }

    func hex(_ c: Color) -> String { String(format: "#%02X%02X%02X", c.r, c.g, c.b) }

    func describe(_ node: LayoutNode, _ text: PlacedText?) -> String {
        switch node.kind {
        case let .button(title, detail, _, _, _, _):
            if let text, text.text != title { return "detail '\(text.text)' of button '\(title)' at \(node.frame)" }
            _ = detail
            return "button '\(title)' at \(node.frame)"
        case let .text(s, _): return "text '\(s)' at \(node.frame)"
        default: return "node at \(node.frame)"
        }
    }
}

extension LayoutNode {
    /// Every node with the rectangle it must lie in: the screen for the root, its parent's frame
    /// for the others. A stack given more than fits places its last children past its end.
    func containment(in bounds: Rect) -> [(Rect, LayoutNode)] {
        [(bounds, self)] + children.flatMap { $0.containment(in: frame) }
    }

    /// The same screen with no text drawn: labels become spacers, buttons lose their titles (and icons).
    var withoutText: LayoutNode {
        let bare: View.Kind = switch kind {
        case .text: .spacer
        // The icon goes too: it is placed beside the label, so without one it would move under it.
        case let .button(_, _, style, action, enabled, _):
            .button(title: "", detail: nil, style: style, action: action, enabled: enabled, icon: nil)
        default: kind
        }
        return LayoutNode(kind: bare, frame: frame, children: children.map(\.withoutText))
    }
}
