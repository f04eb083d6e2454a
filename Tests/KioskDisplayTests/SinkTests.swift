import Glibc
import Testing
import KioskGraphics
@testable import KioskDisplay

@Suite struct SinkTests {
    func tempPath(_ name: String) -> String {
        var template = Array("/tmp/kiosk-display-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        return dir + "/" + name
    }

    @Test func pngSinkWritesEveryFrameAtPanelSize() async throws {
        let path = tempPath("frame.png")
        let sink = PNGSink(width: 64, height: 32, rotation: .clockwise90, policy: .everyFrame(path: path))
        #expect(sink.mode.width == 32 && sink.mode.height == 64)
        let buffer = sink.makeBuffer()
        try await sink.present(buffer, damage: [])
        try await sink.present(buffer, damage: [Rect(x: 0, y: 0, width: 4, height: 4)])
        #expect(sink.framesPresented == 2)
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        var header = [UInt8](repeating: 0, count: 24)
        _ = read(fd, &header, 24)
        close(fd)
        #expect(Array(header[1...3]) == Array("PNG".utf8))
        #expect(Array(header[16..<24]) == [0, 0, 0, 64, 0, 0, 0, 32], "IHDR holds the panel size")
    }

    @Test func presentRejectsAFrameOfTheWrongSize() async {
        let sink = PNGSink(width: 8, height: 8, policy: .onDemand)
        await #expect(throws: DisplayError.self) {
            try await sink.present(PixelBuffer(width: 4, height: 4, format: .xrgb8888), damage: [])
        }
    }

    @Test func selectorFallsBackAndSaysWhy() throws {
        var log: [String] = []
        var o = DisplaySelector.Options(order: [.drm, .fbdev, .png], pngPath: tempPath("x.png"),
                                        headlessWidth: 320, headlessHeight: 240)
        o.drm.path = "/nonexistent/card0"
        o.fbdev.path = "/nonexistent/fb0"
        let sink = try DisplaySelector.open(o) { log.append($0) }
        #expect(sink is PNGSink)
        #expect(log.count == 3)
        #expect(log[0].contains("drm unavailable: cannot open /nonexistent/card0"))
        #expect(log[1].contains("fbdev unavailable"))

        o.order = [.drm]
        #expect(throws: DisplayError.self) { try DisplaySelector.open(o) { _ in } }
    }

    @Test func orderComesFromConfigText() {
        #expect(DisplaySelector.Kind.order("auto") == [.drm, .fbdev, .vnc])
        #expect(DisplaySelector.Kind.order("fbdev,vnc") == [.fbdev, .vnc])
        #expect(DisplaySelector.Kind.order("png") == [.png])
        #expect(DisplaySelector.Kind.order("drm,x11") == nil)
        #expect(DisplaySelector.Kind.order("") == nil)
    }

    @Test func errorsSayWhatToDo() {
        #expect(DisplayError.notMaster(path: "/dev/dri/card0").description.contains("another program is DRM master"))
        #expect(DisplayError.cannotOpen(path: "/dev/fb0", errno: EACCES).description.contains("video"))
    }

    @Test func vncOffLoopbackWithoutAPasswordRefusesToStart() {
        for password in [nil, ""] as [String?] {
            let error = #expect(throws: DisplayError.self) {
                _ = try VNCSink(VNCSink.Options(port: 5987, localhostOnly: false, password: password))
            }
            guard case .vncWithoutPassword(5987) = error else { Issue.record("got \(String(describing: error))"); continue }
        }
        #expect(DisplayError.vncWithoutPassword(port: 5987).description.contains("without a password"))
    }
}
