import CKioskShim
import Glibc
import KioskGraphics

/// Shows frames through fbdev (`/dev/fb0`): for panels without DRM, and kernels booted with only
/// a simple framebuffer. 16 and 32 bpp, any channel layout the driver reports. When the virtual
/// height holds two screens it draws into the hidden half and pans (FBIOPAN_DISPLAY), so no
/// half-drawn frame is ever seen; otherwise it draws in place, damage only.
///
/// The console (fbcon) would draw its cursor and messages over the picture: the VT is put in
/// KD_GRAPHICS for as long as the sink is open and put back on `close`.
public final class FramebufferSink: DisplaySink, @unchecked Sendable {
    public struct Options: Sendable {
        public var path: String
        public var ttyPath: String
        public var rotation: Rotation
        /// Use pan-based double buffering when the virtual height allows it.
        public var doubleBuffer: Bool
        public init(path: String = "/dev/fb0", ttyPath: String = "/dev/tty0", rotation: Rotation = .none,
                    doubleBuffer: Bool = true) {
            self.path = path
            self.ttyPath = ttyPath
            self.rotation = rotation
            self.doubleBuffer = doubleBuffer
        }
    }

    public let name: String
    public let mode: DisplayMode
    public let layout: ScanoutLayout
    /// True when frames are drawn off screen and panned into view.
    public let pans: Bool
    private let path: String
    private let fd: Int32
    private var ttyFd: Int32 = -1
    private var savedKDMode: Int32 = -1
    private var varInfo: fb_var_screeninfo
    private let lineLength: Int
    private let mapLength: Int
    private let map: UnsafeMutableRawPointer
    private var visiblePage = 0
    private var pages = StalePages(screen: .zero)
    private var isClosed = false
    private let queue = SinkQueue(label: "kiosk.display.fbdev")

    public init(_ options: Options = Options()) throws(DisplayError) {
        path = options.path
        let fd = try openDisplayDevice(options.path)
        self.fd = fd
        var ok = false
        defer { if !ok { Glibc.close(fd) } }
        var v = fb_var_screeninfo(), f = fb_fix_screeninfo()
        guard kiosk_fb_get_var(fd, &v) == 0 else { throw .kernelCall(what: "FBIOGET_VSCREENINFO", path: options.path, errno: errno) }
        guard kiosk_fb_get_fix(fd, &f) == 0 else { throw .kernelCall(what: "FBIOGET_FSCREENINFO", path: options.path, errno: errno) }
        let id = withUnsafeBytes(of: f.id) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        // DRM's fbdev emulation copies only the first screen's lines from its shadow buffer to the
        // scanout (Linux 6.1 clamps the damage to yres), so a panned-to second page stays black:
        // never pan there. Use the DRM sink on such machines; fbdev is the fallback.
        let emulated = id.hasSuffix("drmfb")
        if options.doubleBuffer, !emulated, v.yres_virtual < 2 * v.yres, Int(f.smem_len) >= Int(f.line_length) * Int(v.yres) * 2 {
            var taller = v
            taller.yres_virtual = 2 * v.yres
            taller.yoffset = 0
            if kiosk_fb_put_var(fd, &taller) == 0 {
                _ = kiosk_fb_get_var(fd, &v)
                _ = kiosk_fb_get_fix(fd, &f)
            }
        }
        let bpp = Int(v.bits_per_pixel)
        guard bpp == 16 || bpp == 24 || bpp == 32, f.visual == UInt32(FB_VISUAL_TRUECOLOR) else {
            throw .unsupportedFormat(path: options.path, detail: "\(bpp) bpp, visual \(f.visual)")
        }
        layout = ScanoutLayout(bytesPerPixel: bpp / 8,
                               red: (Int(v.red.offset), Int(v.red.length)),
                               green: (Int(v.green.offset), Int(v.green.length)),
                               blue: (Int(v.blue.offset), Int(v.blue.length)))
        lineLength = Int(f.line_length)
        mapLength = Int(f.smem_len)
        let w = Int(v.xres), h = Int(v.yres)
        pans = options.doubleBuffer && !emulated && v.yres_virtual >= 2 * v.yres && f.ypanstep > 0
            && mapLength >= lineLength * h * 2
        guard let m = mmap(nil, mapLength, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), m != MAP_FAILED else {
            throw .kernelCall(what: "mmap", path: path, errno: errno)
        }
        map = m
        v.xoffset = 0
        v.yoffset = 0
        varInfo = v
        mode = DisplayMode(physicalWidth: w, physicalHeight: h, rotation: options.rotation,
                           scanoutFormat: bpp == 16 ? .rgb565 : .xrgb8888)
        name = "fbdev \(path) \(id) \(bpp)bpp" + (pans ? " double-buffered" : "")
        pages = StalePages(screen: Rect(x: 0, y: 0, width: mode.width, height: mode.height))
        ok = true
        enterGraphicsMode(options.ttyPath)
    }

    deinit { closeNow() }

    /// KD_GRAPHICS stops fbcon drawing over us; without a tty (serial-only systems) this is skipped.
    private func enterGraphicsMode(_ ttyPath: String) {
        ttyFd = open(ttyPath, O_RDWR | O_CLOEXEC)
        guard ttyFd >= 0 else { return }
        var current: Int32 = 0
        if kiosk_kd_get_mode(ttyFd, &current) == 0 { savedKDMode = current }
        _ = kiosk_kd_set_mode(ttyFd, Int32(KD_GRAPHICS))
    }

    public func present(_ buffer: PixelBuffer, damage: [Rect]) async throws(DisplayError) {
        let rects = try damageToPresent(buffer, damage)
        try await queue.run { () throws(DisplayError) in try self.presentNow(buffer, rects) }
    }

    private func presentNow(_ buffer: PixelBuffer, _ damage: [Rect]) throws(DisplayError) {
        if isClosed { throw .closed }
        let page = pans ? 1 - visiblePage : 0
        let base = map + page * Int(varInfo.yres) * lineLength
        for r in pages.rectsToCopy(into: page, damage: damage, otherPageShown: pans) {
            Blitter.copy(r, from: buffer, rotation: mode.rotation, to: base, destStride: lineLength, layout: layout)
        }
        if pans {
            varInfo.yoffset = UInt32(page) * varInfo.yres
            _ = kiosk_fb_wait_vsync(fd)
            guard kiosk_fb_pan(fd, &varInfo) == 0 else {
                throw .kernelCall(what: "FBIOPAN_DISPLAY", path: path, errno: errno)
            }
            visiblePage = page
        } else {
            // Drivers with a shadow buffer (deferred io) flush on pan; harmless elsewhere.
            _ = kiosk_fb_pan(fd, &varInfo)
        }
    }

    public func close() {
        queue.sync { closeNow() }
    }

    /// Runs on the sink's queue, or in deinit when nothing else can reach the sink.
    private func closeNow() {
        if isClosed { return }
        isClosed = true
        if pans && visiblePage != 0 {
            varInfo.yoffset = 0
            _ = kiosk_fb_pan(fd, &varInfo)
        }
        munmap(map, mapLength)
        Glibc.close(fd)
        if ttyFd >= 0 {
            _ = kiosk_kd_set_mode(ttyFd, savedKDMode >= 0 ? savedKDMode : Int32(KD_TEXT))
            Glibc.close(ttyFd)
        }
    }
}
