/// Horizontal placement of lines inside their box.
public enum TextAlignment: Sendable {
    case leading, center, trailing
}

/// Vertical placement of the block of lines inside its box.
public enum VerticalAlignment: Sendable {
    case top, center, bottom
}

/// One laid-out line: its text (with "…" when truncated) and width in px.
public struct TextLine: Sendable {
    public let text: String
    public let width: Double
}

/// Text broken into lines for a width: on word boundaries (spaces, after hyphens), at explicit
/// newlines, splitting a word only when it alone is wider than the box, and ending with an
/// ellipsis when `maxLines` cuts it short. Widths come from HarfBuzz, so kerning is included.
public struct TextLayout: Sendable {
    public let lines: [TextLine]
    public let metrics: FontMetrics
    /// Distance between baselines, whole px.
    public let lineStep: Int
    /// True when lines were dropped or shortened.
    public let truncated: Bool

    public static let ellipsis = "…"

    /// Lays out `text` at `size` px. `maxWidth` nil means no wrapping; `maxLines` nil means no limit.
    public init(_ text: String, font: Font, size: Double, maxWidth: Int? = nil, maxLines: Int? = nil) {
        let s64 = size64(size)
        metrics = font.metrics(size: size)
        lineStep = Int(metrics.lineHeight.rounded())
        let limit = maxWidth.map { max($0, 1) * 64 }
        let maxLines = maxLines.map { max($0, 1) }
        var out: [TextLine] = []
        var cut = false
        font.withCaches { c in
            let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
            outer: for (pi, para) in paragraphs.enumerated() {
                var rest = Substring(para)
                repeat {
                    let lastAllowed = maxLines.map { out.count == $0 - 1 } ?? false
                    let run = font.shape(String(rest), size64: s64, in: c)
                    let scalars = Array(rest.unicodeScalars)
                    if let limit, run.advance64 > limit {
                        if lastAllowed {
                            out.append(TextLayout.ellipsized(scalars, run, limit: limit, font: font, size64: s64, in: c))
                            cut = true
                            break outer
                        }
                        let end = TextLayout.breakIndex(scalars, run, limit: limit)
                        let line = TextLayout.trimmedEnd(scalars[..<end])
                        out.append(TextLine(text: line, width: Double(run.caret64[TextLayout.endOfInk(scalars, end)]) / 64))
                        var next = end
                        while next < scalars.count, scalars[next].properties.isWhitespace { next += 1 }
                        rest = Substring(String(String.UnicodeScalarView(scalars[next...])))
                    } else {
                        let hasMore = pi < paragraphs.count - 1
                        if lastAllowed, hasMore {
                            // The next paragraph would not fit: mark this line as cut.
                            let joined = Array((String(rest) + " " + TextLayout.ellipsis).unicodeScalars)
                            let r2 = font.shape(String(String.UnicodeScalarView(joined)), size64: s64, in: c)
                            if let limit, r2.advance64 > limit {
                                out.append(TextLayout.ellipsized(scalars, run, limit: limit, font: font, size64: s64,
                                                                 in: c, force: true))
                            } else {
                                out.append(TextLine(text: String(rest) + TextLayout.ellipsis, width: r2.width))
                            }
                            cut = true
                            break outer
                        }
                        out.append(TextLine(text: String(rest), width: run.width))
                        rest = ""
                    }
                } while !rest.isEmpty
            }
        }
        lines = out
        truncated = cut
    }

    /// Width and height of the laid-out block, whole px (rounded up).
    public var size: Size {
        let w = lines.map(\.width).max() ?? 0
        let h = lines.isEmpty ? 0 : (lines.count - 1) * lineStep + Int((metrics.ascent + metrics.descent).rounded(.up))
        return Size(width: Int(w.rounded(.up)), height: h)
    }

    /// The advance width of one line of `text` at `size` px (no wrapping), in px.
    public static func measure(_ text: String, font: Font, size: Double) -> Double {
        let s64 = size64(size)
        return font.withCaches { c in font.shape(text, size64: s64, in: c).width }
    }

    /// Spaces that join what they stand between: "1 000 ₽" and "100 ₽" are written with them
    /// (`MoneyFormatter`), so an amount is never split over two lines.
    public static let noBreakSpaces: Set<Unicode.Scalar> = ["\u{00A0}", "\u{202F}", "\u{2007}"]

    /// Where to end a line: after the last space (not a no-break one) or hyphen that fits, else
    /// after as many scalars as fit (at least one, so layout always progresses).
    static func breakIndex(_ scalars: [Unicode.Scalar], _ run: ShapedRun, limit: Int) -> Int {
        var best = -1
        for i in 1..<scalars.count {
            let prev = scalars[i - 1]
            let isSpace = prev.properties.isWhitespace && !noBreakSpaces.contains(prev)
            let isBreak = isSpace || (prev == "-" && !scalars[i].properties.isWhitespace)
            guard isBreak else { continue }
            if run.caret64[endOfInk(scalars, i)] <= limit { best = i } else { break }
        }
        if best > 0 { return best }
        var i = 1
        while i < scalars.count, run.caret64[i + 1] <= limit { i += 1 }
        return i
    }

    /// Index after the last non-space scalar before `end` (trailing spaces take no room).
    static func endOfInk(_ scalars: [Unicode.Scalar], _ end: Int) -> Int {
        var e = end
        while e > 0, scalars[e - 1].properties.isWhitespace { e -= 1 }
        return e
    }

    static func trimmedEnd(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var s = scalars
        while let last = s.last, last.properties.isWhitespace { s = s.dropLast() }
        return String(String.UnicodeScalarView(s))
    }

    /// The longest prefix that fits with "…" after it.
    static func ellipsized(_ scalars: [Unicode.Scalar], _ run: ShapedRun, limit: Int, font: Font, size64: Int,
                           in c: TextCaches, force: Bool = false) -> TextLine {
        let dots = font.shape(ellipsis, size64: size64, in: c)
        var end = scalars.count
        if !force && run.advance64 <= limit { return TextLine(text: String(String.UnicodeScalarView(scalars)), width: run.width) }
        while end > 0, run.caret64[endOfInk(scalars, end)] + dots.advance64 > limit { end -= 1 }
        let prefix = trimmedEnd(scalars[..<endOfInk(scalars, end)])
        let width = Double(run.caret64[endOfInk(scalars, end)] + dots.advance64) / 64
        return TextLine(text: prefix + ellipsis, width: width)
    }
}
