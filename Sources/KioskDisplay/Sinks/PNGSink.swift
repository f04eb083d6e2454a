import Glibc
import KioskGraphics

/// Presents frames as PNG files: headless runs, screenshots for support tickets, golden tests.
/// It keeps its own copy of the screen so damage-only presents still produce whole pictures.
public final class PNGSink: DisplaySink, @unchecked Sendable {
    public enum Policy: Sendable {
        /// Overwrite one file on every present.
        case everyFrame(path: String)
        /// One numbered file per present: `prefix-0001.png`, ...
        case numbered(prefix: String)
        /// Keep frames in memory; write only when `snapshot(to:)` is called.
        case onDemand
    }

    public let name: String
    public let mode: DisplayMode
    private let policy: Policy
    private let screen: PixelBuffer
    private var count = 0
    private let queue = SinkQueue(label: "kiosk.display.png")

    public init(width: Int, height: Int, format: PixelFormat = .xrgb8888, rotation: Rotation = .none, policy: Policy) {
        mode = DisplayMode(physicalWidth: width, physicalHeight: height, rotation: rotation, scanoutFormat: format)
        self.policy = policy
        screen = PixelBuffer(width: width, height: height, format: format)
        switch policy {
        case let .everyFrame(path): name = "png \(path)"
        case let .numbered(prefix): name = "png \(prefix)-NNNN.png"
        case .onDemand: name = "png (on demand)"
        }
    }

    /// Frames presented so far.
    public var framesPresented: Int { queue.sync { count } }

    public func present(_ buffer: PixelBuffer, damage: [Rect]) async throws(DisplayError) {
        let rects = try damageToPresent(buffer, damage)
        try await queue.run { () throws(DisplayError) in
            let layout: ScanoutLayout = self.screen.format == .rgb565 ? .rgb565 : .xrgb8888
            for r in rects {
                Blitter.copy(r, from: buffer, rotation: self.mode.rotation, to: self.screen.baseAddress,
                             destStride: self.screen.stride, layout: layout)
            }
            self.count += 1
            switch self.policy {
            case let .everyFrame(path): try Self.write(self.screen, to: path)
            case let .numbered(prefix):
                let n = String(self.count)
                try Self.write(self.screen, to: "\(prefix)-\(String(repeating: "0", count: max(0, 4 - n.count)))\(n).png")
            case .onDemand: break
            }
        }
    }

    /// Writes what the screen shows now (panel orientation).
    public func snapshot(to path: String) throws(DisplayError) {
        let result: Result<Void, DisplayError> = queue.sync {
            do throws(DisplayError) { try Self.write(screen, to: path); return .success(()) }
            catch { return .failure(error) }
        }
        try result.get()
    }

    public func close() {}

    /// Encodes with KioskGraphics' PNGCodec and replaces `path` atomically, so a viewer or test
    /// polling the file never reads half a picture.
    static func write(_ buffer: PixelBuffer, to path: String) throws(DisplayError) {
        let tmp = path + ".tmp"
        do throws(GraphicsError) {
            try PNGCodec.write(buffer, to: tmp)
        } catch {
            throw .pngFailed(path: path, reason: "\(error)")
        }
        guard rename(tmp, path) == 0 else { throw .writeFailed(path: path, errno: errno) }
    }
}
