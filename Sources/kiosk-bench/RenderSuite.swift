import ArgumentParser
import Foundation
import KioskGraphics

/// `kiosk-bench render`: one realistic kiosk frame (1920×1080: background, 12 rounded buttons with
/// 2 px borders, 40 labels 18–64 px in Latin, Cyrillic and digits, a 256×256 alpha icon) drawn by
/// KioskGraphics and, in the same run, by cairo through `scripts/render-peer-cairo.py`, both
/// loading Assets/fonts/DejaVuSans.ttf. Prints medians with their spread and the ratios.
struct RenderSuite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Frame, partial update, text throughput and cold start: KioskGraphics vs cairo.")

    @Option(help: "Samples of the full frame per round.") var nFull = 200
    @Option(help: "Samples of the partial update per round.") var nPartial = 500
    @Option(help: "Samples of the text pass per round.") var nText = 30
    @Option(help: "Rounds (kiosk and cairo interleaved); medians pool all rounds' samples.") var rounds = 3
    @Option(help: "Fresh processes per side for the cold first frame.") var coldRuns = 9
    @Option(help: "Working folder (scene, icon, venv, PNGs). Default: .work/render-bench under the repo.")
    var workDir: String?
    @Option(help: "Repository root (finds Assets/ and scripts/). Default: found from the current folder or the binary.")
    var repo: String?
    @Flag(help: "Skip the cairo peer (no Python needed).") var noPeer = false
    @Flag(help: "Skip the RGB565 figures.") var noRgb565 = false
    @Flag(help: "Print one JSON object instead of the table.") var json = false
    @Option(help: .hidden) var coldChild: String?
    @Option(help: .hidden) var coldFormat: String = "xrgb8888"

    func run() async throws {
        if let scenePath = coldChild {
            try RenderSuite.coldChildRun(scenePath: scenePath, format: PixelFormat(rawValue: coldFormat) ?? .xrgb8888)
            return
        }
        let root = try repositoryRoot()
        let work = workDir ?? root + "/.work/render-bench"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let scene = BenchScene(fontPath: root + "/Assets/fonts/DejaVuSans.ttf", iconPath: work + "/icon256.png")
        try PNGCodec.write(PNGCodec.encode(BenchScene.makeIcon()), to: scene.iconPath)
        let scenePath = work + "/scene.json"
        try JSONEncoder().encode(scene).write(to: URL(fileURLWithPath: scenePath))

        var peer: PeerEnvironment?
        if !noPeer { peer = try PeerEnvironment.prepare(root: root, work: work, quiet: json) }

        var kiosk = SideSamples(), k565 = SideSamples(), cairo = SideSamples()
        var kioskCount = (glyphs: 0, damage: [Rect]())
        for round in 0..<rounds {
            if !json { log("round \(round + 1)/\(rounds): kiosk xrgb8888, rgb565, cairo") }
            let x = try KioskSide(scene: scene, format: .xrgb8888)
            kioskCount = x.measure(into: &kiosk, nFull: nFull, nPartial: nPartial, nText: nText,
                                   savePNGs: round == 0 ? work : nil)
            if !noRgb565 {
                let r = try KioskSide(scene: scene, format: .rgb565)
                _ = r.measure(into: &k565, nFull: nFull, nPartial: nPartial, nText: nText, savePNGs: round == 0 ? work : nil)
            }
            if var p = peer { try p.measure(scenePath: scenePath, into: &cairo, nFull: nFull, nPartial: nPartial,
                                        nText: nText, outDir: round == 0 ? work : nil); peer = p }
        }
        kiosk.peakRSSKiB = currentPeakRSSKiB()
        for _ in 0..<coldRuns {
            try RenderSuite.coldKiosk(scenePath: scenePath, format: .xrgb8888, into: &kiosk)
            if !noRgb565 { try RenderSuite.coldKiosk(scenePath: scenePath, format: .rgb565, into: &k565) }
            if let peer { try peer.cold(scenePath: scenePath, into: &cairo) }
        }
        let report = RenderReport(kiosk: kiosk, rgb565: k565, cairo: peer == nil ? nil : cairo,
                                  glyphsPerPass: kioskCount.glyphs, partialDamage: kioskCount.damage,
                                  cairoVersion: peer?.version, work: work)
        print(json ? report.json() : report.table())
    }

    private func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    /// The folder holding Package.swift, Assets/ and scripts/.
    private func repositoryRoot() throws -> String {
        if let repo { return repo }
        let fm = FileManager.default
        var candidates = [fm.currentDirectoryPath]
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { candidates.append((exe as NSString).deletingLastPathComponent) }
        for start in candidates {
            var dir = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                if fm.fileExists(atPath: dir.appendingPathComponent("Assets/fonts/DejaVuSans.ttf").path),
                   fm.fileExists(atPath: dir.appendingPathComponent("scripts/render-peer-cairo.py").path) { return dir.path }
                dir.deleteLastPathComponent()
            }
        }
        throw ValidationError("cannot find the repository (Assets/fonts, scripts/); run from the repo or pass --repo DIR")
    }

    // MARK: Cold first frame

    /// In the child: everything a kiosk does before its first frame (font file, canvas, icon
    /// decode, the frame), timed from the start of this function; prints `COLD {json}`.
    private static func coldChildRun(scenePath: String, format: PixelFormat) throws {
        let rssBefore = currentPeakRSSKiB()
        let scene = try JSONDecoder().decode(BenchScene.self, from: Data(contentsOf: URL(fileURLWithPath: scenePath)))
        // Timed from here, like the peer (which starts after reading the same JSON).
        let t0 = monotonicSeconds()
        let font = try Font(path: scene.fontPath)
        let tFont = monotonicSeconds()
        let buffer = PixelBuffer(width: scene.width, height: scene.height, format: format)
        let tBuffer = monotonicSeconds()
        let icon = try PNGCodec.decode(path: scene.iconPath)
        let tSetup = monotonicSeconds()
        let side = KioskSide(scene: scene, font: font, buffer: buffer, icon: icon)
        side.full()
        let t1 = monotonicSeconds()
        let out: [String: Double] = ["cold_ms": (t1 - t0) * 1e3, "first_frame_monotonic_s": t1,
                                     "font_ms": (tFont - t0) * 1e3, "buffer_ms": (tBuffer - tFont) * 1e3, "icon_ms": (tSetup - tBuffer) * 1e3,
                                     "first_frame_ms": (t1 - tSetup) * 1e3, "peak_rss_kib": Double(currentPeakRSSKiB()),
                                     "rss_before_kib": Double(rssBefore)]
        print("COLD " + String(decoding: try JSONEncoder().encode(out), as: UTF8.self))
    }

    private static func coldKiosk(scenePath: String, format: PixelFormat, into s: inout SideSamples) throws {
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let spawned = monotonicSeconds()
        let out = try runProcess(exe, ["render", "--cold-child", scenePath, "--cold-format", format.rawValue], env: [:])
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("COLD ") }),
              let obj = try JSONSerialization.jsonObject(with: Data(line.dropFirst(5).utf8)) as? [String: Double] else {
            throw ValidationError("cold child printed no COLD line: \(out)")
        }
        s.cold.append(obj["cold_ms"]!)
        s.coldSpawn.append((obj["first_frame_monotonic_s"]! - spawned) * 1e3)
        s.coldPeakRSSKiB = max(s.coldPeakRSSKiB, Int(obj["peak_rss_kib"]!))
        s.coldBaselineRSSKiB = max(s.coldBaselineRSSKiB, Int(obj["rss_before_kib"]!))
    }
}

// MARK: The scene

/// The scene, written to scene.json for the peer so both sides draw exactly this.
private struct BenchScene: Codable {
    struct Button: Codable { var x, y, w, h: Int; var fill: [Int] }
    struct Label: Codable { var x, y: Int; var size: Double; var text: String; var color: [Int] }
    struct TextPass: Codable {
        var size: Double, lines: Int, step: Int, x: Int, y: Int
        var line: String, color: [Int], glyphs: Int
    }

    var width = 1920, height = 1080
    var background = [0x1E, 0x24, 0x2C, 255]
    var borderColor = [0xE6, 0xEA, 0xF0, 255]
    var pressedColor = [0x10, 0x3E, 0x8C, 255]
    var radius = 16.0
    var border = 2
    var buttons: [Button] = []
    var labels: [Label] = []
    var partialButton = 5
    var partialLabels: [Int] = []
    var fontFamily = "DejaVu Sans"
    var fontPath: String
    var iconPath: String
    var iconX = 1620, iconY = 12
    var text: TextPass

    init(fontPath: String, iconPath: String) {
        self.fontPath = fontPath
        self.iconPath = iconPath
        let text = [0xF2, 0xF4, 0xF7, 255], dim = [0xA8, 0xB3, 0xC2, 255]
        let fills = [[0x2D, 0x6C, 0xDF], [0x1F, 0x9D, 0x6B], [0xC2, 0x4E, 0x2A], [0x7A, 0x4D, 0xC9], [0x2A, 0x8A, 0xA8], [0xB0, 0x3A, 0x6E]]
        for row in 0..<3 {
            for col in 0..<4 {
                let i = row * 4 + col
                buttons.append(Button(x: 80 + col * 450, y: 300 + row * 240, w: 400, h: 200, fill: fills[i % fills.count] + [255]))
            }
        }
        let titles = ["Оплата 01", "Билеты 02", "Карта 03", "Справка 04", "Pay 05", "Tickets 06", "Map 07", "Help 08",
                      "Парковка 09", "Wi-Fi 10", "Язык / Lang", "Выход 12"]
        labels.append(Label(x: 80, y: 110, size: 64, text: "Киоск — Главный экран", color: text))
        labels.append(Label(x: 1150, y: 100, size: 48, text: "23:59:58", color: text))
        labels.append(Label(x: 80, y: 170, size: 24, text: "Добро пожаловать! Welcome — выберите услугу / choose a service", color: dim))
        labels.append(Label(x: 1150, y: 160, size: 24, text: "Пятница, 14.06.2024 · Friday", color: dim))
        for (i, b) in buttons.enumerated() {
            labels.append(Label(x: b.x + 28, y: b.y + 84, size: 32, text: titles[i], color: text))
            let code = String(format: "Код %04d · Code A-%02d · %d,%02d ₽", 4821 + 37 * i, 17 + i, 120 + 15 * i, 50)
            labels.append(Label(x: b.x + 28, y: b.y + 150, size: 18, text: code, color: dim))
        }
        for (j, t) in ["Сеть: OK 100%", "Temp 23.5°C", "Очередь: 7", "Queue 0042", "Касса №3", "v1.0.123"].enumerated() {
            labels.append(Label(x: 80 + j * 300, y: 1030, size: 20, text: t, color: dim))
        }
        for (j, t) in ["Ёжик 1", "Щука 22", "Жёлудь 333", "Fjord 4444", "Quartz 55555", "Юла 666666"].enumerated() {
            labels.append(Label(x: 80 + j * 300, y: 1062, size: 18, text: t, color: dim))
        }
        precondition(labels.count == 40)
        partialLabels = [4 + 2 * partialButton, 4 + 2 * partialButton + 1]
        let line = "Съешь же ещё этих мягких французских булок 0123456789 The quick brown fox jumps"
        let glyphs = 40 * line.unicodeScalars.filter { !$0.properties.isWhitespace }.count
        self.text = TextPass(size: 24, lines: 40, step: 27, x: 10, y: 24, line: line, color: text, glyphs: glyphs)
    }

    /// The 256×256 icon: a soft disc with rings and a colour ramp, so alpha takes every value.
    static func makeIcon() -> Image {
        let n = 256
        return Image(width: n, height: n) { x, y in
            let c = Double(n - 1) / 2
            let r = ((Double(x) - c) * (Double(x) - c) + (Double(y) - c) * (Double(y) - c)).squareRoot() / (Double(n) / 2)
            let a = pow(min(max(1 - r, 0), 1), 0.6)
            let ring = sin(r * 18) * 0.5 + 0.5
            func byte(_ v: Double) -> UInt8 { UInt8(min(max(v, 0), 255).rounded()) }
            return Color(r: byte(255 * (0.3 + 0.7 * ring)), g: byte(255 * (0.5 + 0.5 * Double(x) / Double(n))),
                         b: byte(255 * (1 - 0.6 * Double(y) / Double(n))), a: byte(255 * a))
        }
    }
}

private func color(_ c: [Int]) -> Color { Color(r: UInt8(c[0]), g: UInt8(c[1]), b: UInt8(c[2]), a: UInt8(c[3])) }

// MARK: The kiosk side

/// KioskGraphics drawing the scene: the font, canvas and icon are loaded in `init` (cold start
/// counts them), then `full`, `partial` and `textPass` are what a kiosk does per frame.
private final class KioskSide {
    let scene: BenchScene
    let font: Font
    let buffer: PixelBuffer
    let canvas: Canvas
    let icon: Image

    convenience init(scene: BenchScene, format: PixelFormat) throws {
        self.init(scene: scene, font: try Font(path: scene.fontPath),
                  buffer: PixelBuffer(width: scene.width, height: scene.height, format: format),
                  icon: try PNGCodec.decode(path: scene.iconPath))
    }

    init(scene: BenchScene, font: Font, buffer: PixelBuffer, icon: Image) {
        self.scene = scene
        self.font = font
        self.buffer = buffer
        canvas = Canvas(buffer: buffer)
        self.icon = icon
    }

    func button(_ b: BenchScene.Button, fill: [Int]) {
        let r = Rect(x: b.x, y: b.y, width: b.w, height: b.h)
        canvas.fillRoundedRect(r, radius: scene.radius, color(fill))
        canvas.strokeRoundedRect(r, radius: scene.radius, width: scene.border, color(scene.borderColor))
    }

    func label(_ l: BenchScene.Label) {
        canvas.drawText(l.text, font: font, size: l.size, at: Point(x: l.x, y: l.y), color: color(l.color))
    }

    func full() {
        canvas.clear(color(scene.background))
        for b in scene.buttons { button(b, fill: b.fill) }
        for l in scene.labels { label(l) }
        canvas.drawImage(icon, at: Point(x: scene.iconX, y: scene.iconY))
    }

    /// Button `partialButton` pressed: only its rectangle is redrawn (clip) and reported as damage.
    func partial() {
        let b = scene.buttons[scene.partialButton]
        canvas.withClip(Rect(x: b.x, y: b.y, width: b.w, height: b.h)) {
            canvas.clear(color(scene.background))
            button(b, fill: scene.pressedColor)
            for i in scene.partialLabels { label(scene.labels[i]) }
        }
    }

    func textPass() {
        let t = scene.text
        canvas.fillRect(Rect(x: 0, y: 0, width: scene.width, height: t.lines * t.step + 10), color(scene.background))
        let c = color(t.color)
        for i in 0..<t.lines {
            canvas.drawText(t.line, font: font, size: t.size, at: Point(x: t.x, y: t.y + i * t.step), color: c)
        }
    }

    /// Appends this round's samples; returns glyphs per text pass and the partial update's damage.
    func measure(into s: inout SideSamples, nFull: Int, nPartial: Int, nText: Int, savePNGs: String?) -> (glyphs: Int, damage: [Rect]) {
        let fmt = buffer.format.rawValue
        full()
        if let dir = savePNGs { try? buffer.writePNG(to: "\(dir)/kiosk_\(fmt)_full.png") }
        for _ in 0..<5 { full() }
        s.full += samples(nFull) { full() }
        full()
        _ = canvas.damage?.take()
        partial()
        let damage = canvas.damage?.take() ?? []
        for _ in 0..<5 { partial() }
        s.partial += samples(nPartial) { partial() }
        if let dir = savePNGs { try? buffer.writePNG(to: "\(dir)/kiosk_\(fmt)_partial.png") }
        textPass()
        s.text += samples(nText) { textPass() }
        if let dir = savePNGs { try? buffer.writePNG(to: "\(dir)/kiosk_\(fmt)_text.png") }
        _ = canvas.damage?.take()
        return (scene.text.glyphs, damage)
    }
}

// MARK: The cairo peer

/// The Python peer: venv and fontconfig made by scripts/render-peer-setup.sh.
private struct PeerEnvironment {
    var python: String
    var fontconfig: String
    var script: String
    var version = "cairo"

    static func prepare(root: String, work: String, quiet: Bool) throws -> PeerEnvironment {
        let out = try runProcess("/bin/bash", [root + "/scripts/render-peer-setup.sh", work], env: [:], stderrToParent: !quiet)
        guard let last = out.split(separator: "\n").last, last.hasPrefix("PYTHON=") else {
            throw ValidationError("scripts/render-peer-setup.sh failed: \(out)")
        }
        var kv: [String: String] = [:]
        for part in last.split(separator: " ") {
            let p = part.split(separator: "=", maxSplits: 1)
            if p.count == 2 { kv[String(p[0])] = String(p[1]) }
        }
        return PeerEnvironment(python: kv["PYTHON"]!, fontconfig: kv["FONTCONFIG_FILE"]!, script: root + "/scripts/render-peer-cairo.py")
    }

    private func result(_ args: [String], env: [String: String]) throws -> [String: Any] {
        var e = env
        e["FONTCONFIG_FILE"] = fontconfig
        let out = try runProcess(python, [script] + args, env: e)
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }),
              let obj = try JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: Any] else {
            throw ValidationError("cairo peer printed no RESULT line: \(out)")
        }
        return obj
    }

    mutating func measure(scenePath: String, into s: inout SideSamples, nFull: Int, nPartial: Int, nText: Int, outDir: String?) throws {
        let r = try result([scenePath] + (outDir.map { [$0] } ?? []),
                           env: ["N_FULL": "\(nFull)", "N_PARTIAL": "\(nPartial)", "N_TEXT": "\(nText)"])
        s.full += r["full_ms"] as! [Double]
        s.partial += r["partial_ms"] as! [Double]
        s.text += r["text_ms"] as! [Double]
        s.peakRSSKiB = max(s.peakRSSKiB, r["peak_rss_kib"] as! Int)
        version = r["version"] as! String
    }

    /// A fresh interpreter per sample; only the first frame is kept (N_* = 1 keeps the rest short).
    func cold(scenePath: String, into s: inout SideSamples) throws {
        let spawned = monotonicSeconds()
        let r = try result([scenePath], env: ["N_FULL": "1", "N_PARTIAL": "1", "N_TEXT": "1"])
        s.cold.append(r["cold_ms"] as! Double)
        s.coldSpawn.append(((r["first_frame_monotonic_s"] as! Double) - spawned) * 1e3)
        s.coldPeakRSSKiB = max(s.coldPeakRSSKiB, r["peak_rss_kib"] as! Int)
    }
}

// MARK: Figures

private struct SideSamples {
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

private struct Spread {
    var median: Double, p10: Double, p90: Double, n: Int
    init(_ v: [Double]) {
        n = v.count
        median = percentile(v, 0.5)
        p10 = percentile(v, 0.1)
        p90 = percentile(v, 0.9)
    }
}

private struct RenderReport {
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

// MARK: Process and clock helpers

private func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

private func samples(_ n: Int, _ body: () -> Void) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(n)
    for _ in 0..<n {
        let t0 = monotonicSeconds()
        body()
        out.append((monotonicSeconds() - t0) * 1e3)
    }
    return out
}

/// Peak resident set of this process, KiB: VmHWM from /proc/self/status. (getrusage's ru_maxrss
/// is no good in a spawned child: it starts from the parent's figure at fork.)
private func currentPeakRSSKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
}

/// Runs a program to completion and returns its standard output; non-zero exit is an error.
private func runProcess(_ path: String, _ args: [String], env: [String: String], stderrToParent: Bool = false) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    p.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    let out = Pipe()
    p.standardOutput = out
    if !stderrToParent { p.standardError = FileHandle.nullDevice }
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard p.terminationStatus == 0 else {
        throw ValidationError("\(path) \(args.joined(separator: " ")) exited \(p.terminationStatus): \(text.suffix(500))")
    }
    return text
}
