#if canImport(Glibc)
import Glibc
#endif
import KioskGraphics
import KioskSystem

/// Where finished frames go: DRM/KMS, fbdev, VNC or PNG files. A sink only shows pixels; it
/// never draws, lays out or decides when to present (the UI presents only when something changed,
/// so an idle kiosk costs nothing).
///
/// `present` copies the damaged parts of `buffer` (logical coordinates, `mode.width`×`mode.height`)
/// to the screen, rotating and converting the format as needed, and returns once the frame is
/// visible (after the page flip where there is one). The caller may draw into `buffer` again as
/// soon as it returns. Implementations run their blocking calls on a thread of their own.
public protocol DisplaySink: AnyObject, Sendable {
    /// A short name for logs ("drm /dev/dri/card0 bochs-drm").
    var name: String { get }
    var mode: DisplayMode { get }
    /// Presents `damage` (empty = whole frame) of `buffer`.
    func present(_ buffer: PixelBuffer, damage: [Rect]) async throws(DisplayError)
    /// Gives the screen back as it was found (CRTC, console mode). Safe to call twice.
    func close()
}

extension DisplaySink {
    /// A buffer of the right logical size in the format the panel scans out, ready to draw into.
    public func makeBuffer() -> PixelBuffer {
        PixelBuffer(width: mode.width, height: mode.height, format: mode.scanoutFormat == .rgb565 ? .rgb565 : .xrgb8888)
    }

    /// What a sink copies for one present: `damage` clipped to the screen, the whole frame when it
    /// is empty. Every sink starts its `present` here, so a buffer of the wrong size is refused the
    /// same way everywhere.
    func damageToPresent(_ buffer: PixelBuffer, _ damage: [Rect]) throws(DisplayError) -> [Rect] {
        guard buffer.width == mode.width, buffer.height == mode.height else {
            throw .sizeMismatch(expected: "\(mode.width)x\(mode.height)", got: "\(buffer.width)x\(buffer.height)")
        }
        let full = Rect(x: 0, y: 0, width: mode.width, height: mode.height)
        if damage.isEmpty { return [full] }
        return damage.map { $0.intersection(full) }.filter { !$0.isEmpty }
    }
}

/// Opens a display device node (/dev/dri/card*, /dev/fb*) read-write and close-on-exec; the error
/// says what a technician checks (the node, the `video` group).
func openDisplayDevice(_ path: String) throws(DisplayError) -> Int32 {
    do { return try FileDescriptor.open(path, O_RDWR).raw } catch { throw .cannotOpen(path: path, errno: error.code) }
}
