import Foundation
import KioskGraphics

/// What one side (kiosk XRGB, kiosk RGB565, cairo) measured, in milliseconds, over all rounds.
struct SideSamples {
    var full: [Double] = []
    var partial: [Double] = []
    var text: [Double] = []
    var cold: [Double] = []
    var coldSpawn: [Double] = []
    var peakRSSKiB = 0
    var coldPeakRSSKiB = 0
    /// The cold child's peak before it drew anything (Swift runtime, Foundation, linked suites).
    var coldBaselineRSSKiB = 0
}

/// The median of one measurement and its 10th–90th percentile spread.
struct Spread {
    var median: Double, p10: Double, p90: Double, n: Int
    init(_ v: [Double]) {
        n = v.count
        median = percentile(v, 0.5)
        p10 = percentile(v, 0.1)
        p90 = percentile(v, 0.9)
    }
}

struct RenderReport {
    var kiosk: SideSamples, rgb565: SideSamples, cairo: SideSamples?
    var glyphsPerPass: Int, partialDamage: [Rect], cairoVersion: String?, work: String

    func figures(_ s: SideSamples) -> [String: Any] {
        let full = Spread(s.full), part = Spread(s.partial), text = Spread(s.text), cold = Spread(s.cold), spawn = Spread(s.coldSpawn)
        return ["cold_ms": cold.median, "full_ms": full.median, "partial_ms": part.median,
                "text_glyphs_per_s": Double(glyphsPerPass) / (text.median / 1e3),
                "cold_process_ms": spawn.median,
                "full_p10_ms": full.p10, "full_p90_ms": full.p90, "partial_p10_ms": part.p10, "partial_p90_ms": part.p90,
                "text_pass_ms": text.median, "cold_min_ms": s.cold.min() ?? .nan, "cold_max_ms": s.cold.max() ?? .nan,
                "peak_rss_kib": s.peakRSSKiB, "cold_peak_rss_kib": s.coldPeakRSSKiB,
                "cold_rss_before_drawing_kib": s.coldBaselineRSSKiB,
                "n_full": full.n, "n_partial": part.n, "n_text": text.n, "n_cold": cold.n]
    }

    func json() -> String {
        var obj: [String: Any] = ["kiosk": figures(kiosk), "kiosk_rgb565": figures(rgb565),
                                  "glyphs_per_text_pass": glyphsPerPass,
                                  "partial_damage": partialDamage.map { [$0.x, $0.y, $0.width, $0.height] }]
        if let cairo {
            let k = figures(kiosk), c = figures(cairo)
            obj["cairo"] = c
            obj["cairo_version"] = cairoVersion
            obj["ratios_kiosk_over_cairo"] = [
                "full_ms": (k["full_ms"] as! Double) / (c["full_ms"] as! Double),
                "partial_ms": (k["partial_ms"] as! Double) / (c["partial_ms"] as! Double),
                "text_glyphs_per_s": (k["text_glyphs_per_s"] as! Double) / (c["text_glyphs_per_s"] as! Double),
                "cold_ms": (k["cold_ms"] as! Double) / (c["cold_ms"] as! Double),
            ]
        }
        let data = try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    func table() -> String {
        func f(_ v: Double, _ d: Int = 3) -> String { String(format: "%.\(d)f", v) }
        func row(_ name: String, _ s: SideSamples) -> String {
            let full = Spread(s.full), part = Spread(s.partial), text = Spread(s.text), cold = Spread(s.cold), spawn = Spread(s.coldSpawn)
            let gps = Double(glyphsPerPass) / (text.median / 1e3)
            return "| \(name) | \(f(cold.median, 1)) [\(f(s.cold.min() ?? .nan, 1))..\(f(s.cold.max() ?? .nan, 1))] | \(f(spawn.median, 1)) "
                + "| \(f(full.median)) [\(f(full.p10))..\(f(full.p90))] | \(f(part.median, 4)) [\(f(part.p10, 4))..\(f(part.p90, 4))] "
                + "| \(f(gps / 1e6, 2)) M | \(s.peakRSSKiB == 0 ? "-" : "\(s.peakRSSKiB / 1024)") / \(s.coldPeakRSSKiB / 1024) |"
        }
        var out = """
            Scene 1920x1080: 12 buttons, 40 labels, 256x256 icon; text pass = \(glyphsPerPass) glyphs at 24 px.
            Medians over all samples [p10..p90]; cold = setup + first frame inside a fresh process [min..max];
            cold process = from spawning the process to its first frame (interpreter/runtime start included).
            Partial update damage reported to the presenter: \(partialDamage.map(\.description).joined(separator: " "))

            | renderer | cold ms | cold process ms | full frame ms | partial ms | text glyphs/s | peak RSS MiB (bench / cold) |
            |---|---|---|---|---|---|---|

            """
        out += row("KioskGraphics XRGB8888", kiosk) + "\n"
        out += row("KioskGraphics RGB565", rgb565) + "\n"
        if let cairo {
            out += row(cairoVersion ?? "cairo", cairo) + "\n\n"
            let k = figures(kiosk), c = figures(cairo)
            func ratio(_ key: String) -> String { f((k[key] as! Double) / (c[key] as! Double), 2) }
            out += "kiosk/cairo: full \(ratio("full_ms"))x time, partial \(ratio("partial_ms"))x time, "
                + "text \(ratio("text_glyphs_per_s"))x glyphs/s, cold \(ratio("cold_ms"))x time, "
                + "cold process \(ratio("cold_process_ms"))x time\n"
        }
        out += "KioskGraphics cold child: peak RSS \(kiosk.coldPeakRSSKiB / 1024) MiB, of which "
            + "\(kiosk.coldBaselineRSSKiB / 1024) MiB before loading anything (Swift runtime, Foundation, the bench's other suites).\n"
        out += "PNGs of both sides: \(work)\n"
        return out
    }
}
