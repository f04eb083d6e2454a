import ArgumentParser
import Foundation
import KioskDisplay
import KioskGraphics

/// `kiosk-bench display`: what a customer waits for and what an idle kiosk costs.
/// - process start → first frame presented: `kiosk-display-probe` spawned with the PNG and the VNC
///   sink (time to its exit after presenting, and the first-frame time it reports itself);
/// - tap → frame presented: in process, a tap on the test card's button handled, redrawn and
///   presented (damage only) through the PNG (on-demand) and VNC sinks;
/// - CPU over idle seconds and peak RSS of the probe showing 1920×1080 and waiting for input.
/// - the real kiosk (`KioskRunMeasure`): `kiosk run` as installed, start → first frame and sales
///   open, and its RSS after a purchase.
/// It prints numbers; nothing here asserts a time.
struct DisplaySuite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display",
        abstract: "Start to first frame, tap to frame, idle CPU and peak RSS of the display path.")

    @Option(help: "Runs of each start-up measurement (the median is printed).") var runs = 5
    @Option(help: "Taps for the tap-to-frame figure.") var taps = 40
    @Option(help: "Seconds of idle CPU measurement.") var idleSeconds = 10.0
    @Option(help: "Path of kiosk-display-probe (default: next to kiosk-bench).") var probe: String?
    @Option(help: "Path of kiosk, measured as installed (default: next to kiosk-bench; skipped if missing).") var kiosk: String?

    func run() async throws {
        let probePath = probe ?? (URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("kiosk-display-probe").path)
        guard FileManager.default.isExecutableFile(atPath: probePath) else {
            throw ValidationError("no kiosk-display-probe at \(probePath): build it (swift build -c release --product kiosk-display-probe) or pass --probe")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-display-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let font = ["--font", "Assets/fonts/DejaVuSans.ttf"].filter { _ in FileManager.default.fileExists(atPath: "Assets/fonts/DejaVuSans.ttf") }

        for (label, args) in [("png 1024x768", ["--sink", "png", "--png", dir + "/f.png", "--size", "1024x768"]),
                              ("png 1920x1080", ["--sink", "png", "--png", dir + "/f.png", "--size", "1920x1080"]),
                              ("vnc 1920x1080", ["--sink", "vnc", "--port", String(freePort()), "--size", "1920x1080"])] {
            var walls: [Double] = [], reported: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                let out = try runToEnd(probePath, args + ["--input", "none"] + font)
                walls.append((ContinuousClock.now - start).ms)
                if let v = out.value(after: "first-frame-ms=") { reported.append(v) }
            }
            print(String(format: "display: start → first frame, %@: %.1f ms process start to exit (median of %d), %.1f ms open → presented inside the process",
                         label, median(walls), runs, median(reported)))
        }

        try await tapToFrame(width: 1920, height: 1080, sink: PNGSink(width: 1920, height: 1080, policy: .onDemand), label: "png")
        try await tapToFrame(width: 1920, height: 1080, sink: VNCSink(.init(port: freePort(), width: 1920, height: 1080)), label: "vnc")

        try idle(probePath, args: ["--sink", "vnc", "--port", String(freePort()), "--size", "1920x1080", "--input", "vnc"] + font, label: "vnc sink, vnc input")
        try idle(probePath, args: ["--sink", "png", "--png", dir + "/idle.png", "--size", "1920x1080", "--input", "evdev", "--no-grab"] + font,
                 label: "png sink, evdev input")

        let beside = URL(fileURLWithPath: probePath).deletingLastPathComponent()
        let kioskPath = kiosk ?? beside.appendingPathComponent("kiosk").path
        let emulatorPath = beside.appendingPathComponent("ccnet-emulator").path
        if FileManager.default.isExecutableFile(atPath: kioskPath), FileManager.default.isExecutableFile(atPath: emulatorPath) {
            try KioskRunMeasure(kiosk: kioskPath, emulator: emulatorPath, runs: runs).run()
        } else {
            print("display: kiosk run not measured: build kiosk and ccnet-emulator beside kiosk-bench (swift build -c release --product kiosk)")
        }
    }

    /// A tap on a button: the button is drawn in its other colour and only its rectangle is
    /// presented (the damage path of a real tap; drawing whole screens is RenderSuite's to measure).
    private func tapToFrame(width: Int, height: Int, sink: any DisplaySink, label: String) async throws {
        defer { sink.close() }
        let buffer = PixelBuffer(width: width, height: height, format: .xrgb8888)
        let canvas = Canvas(buffer: buffer)
        canvas.clear(Color(r: 0x20, g: 0x20, b: 0x28))
        try await sink.present(buffer, damage: [])
        let button = Rect(x: width / 4, y: height / 3, width: width / 2, height: height / 6)
        let colours = [Color(r: 0x1E, g: 0x6F, b: 0xD9), Color(r: 0x12, g: 0x8A, b: 0x4A)]
        var times: [Double] = []
        for tap in 0..<taps {
            let start = ContinuousClock.now
            _ = canvas.damage?.take()
            canvas.fillRoundedRect(button, radius: 12, colours[tap % 2])
            try await sink.present(buffer, damage: canvas.damage?.take() ?? [])
            times.append((ContinuousClock.now - start).ms)
        }
        print(String(format: "display: tap → frame presented, %@ %dx%d: median %.2f ms, max %.2f ms over %d taps (button redraw + damage present)",
                     label, width, height, median(times), times.max() ?? 0, taps))
    }

    /// Starts the probe waiting for input, then samples its CPU time and peak RSS.
    private func idle(_ probe: String, args: [String], label: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: probe)
        p.arguments = args + ["--timeout", String(Int(idleSeconds) + 30)]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { p.terminate(); p.waitUntilExit() }
        var seen = ""
        while !seen.contains("PROBE-INPUT-READY") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { throw ValidationError("probe exited before it was ready: \(seen)") }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let pid = p.processIdentifier
        let cpu0 = cpuSeconds(pid), t0 = ContinuousClock.now
        Thread.sleep(forTimeInterval: idleSeconds)
        let cpu1 = cpuSeconds(pid), wall = (ContinuousClock.now - t0).ms / 1000
        let hwm = statusField(pid, "VmHWM:"), rss = statusField(pid, "VmRSS:")
        print(String(format: "display: idle, %@, 1920x1080: %.2f %% CPU over %.1f s; peak RSS %@, RSS now %@",
                     label, (cpu1 - cpu0) / wall * 100, wall, hwm, rss))
    }
}

/// A TCP port on 127.0.0.1 nobody listens on now (the kernel picks it for a bind to port 0).
private func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

private func runToEnd(_ path: String, _ args: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// utime + stime of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks).
private func cpuSeconds(_ pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    let ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
    return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// A field of /proc/PID/status ("VmHWM:", "VmRSS:"), as written there.
func statusField(_ pid: Int32, _ name: String) -> String {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return "?" }
    let line = status.split(separator: "\n").first { $0.hasPrefix(name) } ?? ""
    return line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
}

extension Duration {
    var ms: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

private extension String {
    func value(after key: String) -> Double? {
        guard let r = range(of: key) else { return nil }
        return Double(self[r.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}
