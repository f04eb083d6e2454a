import ArgumentParser
import Foundation
import KioskGraphics
import KioskSystem

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
        let t0 = MonotonicClock.seconds()
        let font = try Font(path: scene.fontPath)
        let tFont = MonotonicClock.seconds()
        let buffer = PixelBuffer(width: scene.width, height: scene.height, format: format)
        let tBuffer = MonotonicClock.seconds()
        let icon = try PNGCodec.decode(path: scene.iconPath)
        let tSetup = MonotonicClock.seconds()
        let side = KioskSide(scene: scene, font: font, buffer: buffer, icon: icon)
        side.full()
        let t1 = MonotonicClock.seconds()
        let out: [String: Double] = ["cold_ms": (t1 - t0) * 1e3, "first_frame_monotonic_s": t1,
                                     "font_ms": (tFont - t0) * 1e3, "buffer_ms": (tBuffer - tFont) * 1e3, "icon_ms": (tSetup - tBuffer) * 1e3,
                                     "first_frame_ms": (t1 - tSetup) * 1e3, "peak_rss_kib": Double(currentPeakRSSKiB()),
                                     "rss_before_kib": Double(rssBefore)]
        print("COLD " + String(decoding: try JSONEncoder().encode(out), as: UTF8.self))
    }

    private static func coldKiosk(scenePath: String, format: PixelFormat, into s: inout SideSamples) throws {
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let spawned = MonotonicClock.seconds()
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

// MARK: Process and clock helpers

func samples(_ n: Int, _ body: () -> Void) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(n)
    for _ in 0..<n {
        let t0 = MonotonicClock.seconds()
        body()
        out.append((MonotonicClock.seconds() - t0) * 1e3)
    }
    return out
}

/// Peak resident set of this process, KiB: VmHWM from /proc/self/status. (getrusage's ru_maxrss
/// is no good in a spawned child: it starts from the parent's figure at fork.)
func currentPeakRSSKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
}

/// Runs a program to completion and returns its standard output; non-zero exit is an error.
func runProcess(_ path: String, _ args: [String], env: [String: String], stderrToParent: Bool = false) throws -> String {
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
