import ArgumentParser
import Dispatch
import Glibc
import KioskDisplay
import KioskGraphics
import KioskSystem

/// Draws the display test card on a real screen (DRM, fbdev, VNC) or into a PNG, and reacts to taps
/// on its button. Technicians use it to check a panel and its touch; the QEMU and VNC system tests
/// drive it and compare the screen with the PNG it renders for the same frame. Every line it prints
/// starting with `PROBE-` is part of that contract.
@main
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-display-probe",
        abstract: "Shows the display test card and reacts to taps on its button.")

    @Option(help: "auto (drm, fbdev, vnc), one of drm, fbdev, vnc, png, or a list such as fbdev,vnc.")
    var sink: String = "auto"
    @Option(help: "DRM card (default /dev/dri/card0) or, starting with /dev/fb, fbdev device (default /dev/fb0).")
    var device: String?
    @Option(help: "DRM mode, e.g. 1024x768 (default: the monitor's preferred mode).")
    var mode: String?
    @Option(help: "Size for png and vnc, e.g. 1024x768.")
    var size: String = "1024x768"
    @Option(help: "Rotation in degrees clockwise: 0, 90, 180 or 270.")
    var rotate: Int = 0
    @Option(help: "Output file for the png sink.")
    var png: String = "test-card.png"
    @Option(help: "Screen to start on: 1 or 2.")
    var screen: Int = 1
    @Option(help: "Input: evdev, vnc (with the vnc sink), or none (present once and exit).")
    var input: String = "evdev"
    @Option(help: "VNC port.")
    var port: Int = 5900
    @Option(help: "Seconds to run before giving up (exit 3, as after SIGTERM or SIGINT; Enter exits 0).")
    var timeout: Double = 60
    @Option(help: "TrueType font for the card's text (default: the first of \(defaultFonts.joined(separator: ", ")) that exists).")
    var font: String?
    @Flag(help: "Do not grab input devices (EVIOCGRAB).")
    var noGrab = false

    func validate() throws {
        guard Rotation(degrees: rotate) != nil, rotate % 90 == 0 else { throw ValidationError("--rotate must be 0, 90, 180 or 270") }
        guard parseSize(size) != nil else { throw ValidationError("--size must look like 1024x768") }
        guard screen == 1 || screen == 2 else { throw ValidationError("--screen must be 1 or 2") }
        guard DisplaySelector.Kind.order(sink) != nil else { throw ValidationError("unknown --sink \(sink): use auto, drm, fbdev, vnc, png or a list") }
        guard ["evdev", "vnc", "none"].contains(input) else { throw ValidationError("unknown --input \(input)") }
    }

    func run() async throws {
        let started = MonotonicClock.seconds()
        let (w, h) = parseSize(size)!
        var options = DisplaySelector.Options(pngPath: png, headlessWidth: w, headlessHeight: h,
                                              rotation: Rotation(degrees: rotate)!)
        options.order = DisplaySelector.Kind.order(sink)!
        if let device {
            if device.hasPrefix("/dev/fb") { options.fbdev.path = device } else { options.drm.path = device }
        }
        options.drm.mode = mode
        options.vnc.port = port
        let display: any DisplaySink
        do {
            display = try DisplaySelector.open(options) { emit("PROBE-LOG \($0)") }
        } catch {
            emit("PROBE-ERROR \(error)")
            throw ExitCode(2)
        }
        defer { display.close() }
        let m = display.mode
        emit("PROBE-SINK \(display.name) \(m)")

        let face = loadFont()
        var card = TestCard(width: m.width, height: m.height, screen: screen == 2 ? .second : .first, font: face.font)
        emit("PROBE-FONT \(face.path ?? "built-in 5x7")")
        // Always XRGB8888: the golden frames are 24-bit and a 16-bit panel gets them through its
        // sink's conversion, exactly as the kiosk UI's frames.
        let buffer = PixelBuffer(width: m.width, height: m.height, format: .xrgb8888)
        card.draw(into: buffer)
        try await display.present(buffer, damage: [])
        let bpp = m.scanoutFormat == .rgb565 ? 16 : 32
        emit("PROBE-READY sink=\(kindName(display)) \(m.physicalWidth)x\(m.physicalHeight) bpp=\(bpp) rotate=\(rotate) screen=\(card.screen.rawValue) first-frame-ms=\(msSince(started)) button=\(card.button.geometry)")
        if input == "none" { return }

        let source: any InputSource
        if input == "vnc", let vnc = display as? VNCSink {
            source = vnc.input
            emit("PROBE-INPUT-READY vnc")
        } else {
            let evdev = EvdevInputSource(geometry: ScreenGeometry(m), options: .init(grab: !noGrab)) { emit("PROBE-LOG \($0)") }
            emit("PROBE-INPUT-READY devices=\(evdev.deviceSummaries.count)")
            evdev.start()
            source = evdev
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(timeout))
            emit("PROBE-TIMEOUT after \(timeout) s")
            source.stop()
        }
        // SIGTERM/SIGINT end the loop like Enter, so the sink gives the screen back (CRTC, and the
        // console's text mode after fbdev) instead of leaving a dead picture behind.
        let signals = [SIGTERM, SIGINT].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig)
            s.setEventHandler {
                emit("PROBE-SIGNAL \(sig)")
                source.stop()
            }
            s.resume()
            return s
        }
        defer { signals.forEach { $0.cancel() } }
        var exitCode: Int32 = 3
        for await event in source.events {
            switch event {
            case let .pointer(p):
                guard p.phase == .up else { continue }
                let t0 = MonotonicClock.seconds()
                let (target, damage) = card.tap(x: p.x, y: p.y)
                emit("PROBE-TAP \(p.x) \(p.y) target=\(target)")
                guard !damage.isEmpty else { continue }
                card.draw(into: buffer)
                try await display.present(buffer, damage: damage)
                emit("PROBE-PRESENTED screen=\(card.screen.rawValue) damage=\(damage.map(\.geometry).joined(separator: ",")) ms=\(msSince(t0))")
            case let .key(code, pressed):
                if code == KeyCode.enter && !pressed {  // the test is over
                    emit("PROBE-DONE")
                    exitCode = 0
                    source.stop()
                }
            }
        }
        timer.cancel()
        if exitCode != 0 { throw ExitCode(exitCode) }
    }

    private func loadFont() -> (font: Font?, path: String?) {
        for path in font.map({ [$0] }) ?? defaultFonts where access(path, R_OK) == 0 {
            do {
                return (try Font(path: path), path)
            } catch {
                emit("PROBE-LOG font \(path): \(error)")
            }
        }
        return (nil, nil)
    }

    private func kindName(_ sink: any DisplaySink) -> String {
        String(sink.name.prefix { $0 != " " })
    }
}

/// Where the probe looks for its font: the kiosk's install, then the repository's asset (tests).
let defaultFonts = ["/usr/share/kiosk/fonts/DejaVuSans.ttf", "Assets/fonts/DejaVuSans.ttf"]

extension Rect {
    /// X11 geometry, "WxH+X+Y": what the test harnesses parse.
    var geometry: String { "\(width)x\(height)+\(x)+\(y)" }
}

func parseSize(_ s: String) -> (Int, Int)? {
    let parts = s.split(separator: "x")
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0 else { return nil }
    return (w, h)
}

func msSince(_ t: Double) -> String {
    let ms = (MonotonicClock.seconds() - t) * 1000
    return String(Int(ms * 10) / 10) + "." + String(Int(ms * 10) % 10)
}

/// Writes one line straight to fd 1: the test harness reads it from a serial console or pipe at
/// once, which stdio's buffering would delay.
func emit(_ line: String) {
    try? FileDescriptor.standardOutput.writeAll(Array((line + "\n").utf8))
}
