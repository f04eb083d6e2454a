import CDRM
import Glibc
import KioskGraphics
import KioskSystem

/// Shows frames through DRM/KMS: the connected connector in its preferred (or configured) mode,
/// two dumb buffers and a page flip per present, waiting for the flip event so a frame is on the
/// glass when `present` returns. Only damage (plus what the back buffer missed last frame) is
/// copied. The CRTC found at start is put back on `close`, so the console returns.
///
/// virtio-gpu shows new pixels only after a flip or `drmModeDirtyFB`; every present here flips,
/// and the first SetCrtc is followed by DirtyFB.
public final class DRMSink: DisplaySink, @unchecked Sendable {
    public struct Options: Sendable {
        public var path: String
        /// "1024x768" or "1024x768@60"; nil = the connector's preferred mode.
        public var mode: String?
        public var rotation: Rotation
        public init(path: String = "/dev/dri/card0", mode: String? = nil, rotation: Rotation = .none) {
            self.path = path
            self.mode = mode
            self.rotation = rotation
        }
    }

    private struct DumbBuffer {
        var handle: UInt32
        var fb: UInt32
        var pitch: Int
        var size: Int
        var map: UnsafeMutableRawPointer
    }

    public let name: String
    public let mode: DisplayMode
    public let driver: String
    private let path: String
    private let fd: Int32
    private let crtcId: UInt32
    private var connectorId: UInt32
    private var kmsMode: drmModeModeInfo
    private var savedCrtc: drmModeCrtc?
    private var buffers: [DumbBuffer] = []
    private var pages = StalePages(screen: .zero)
    private var front = 0
    private var crtcSet = false
    private var isClosed = false
    private let queue: SinkQueue
    /// Page flips that timed out (the driver sent no event within a second); counted, not fatal.
    public private(set) var flipTimeouts = 0

    public init(_ options: Options = Options()) throws(DisplayError) {
        path = options.path
        let fd = try openDisplayDevice(options.path)
        self.fd = fd
        var ok = false
        defer { if !ok { Glibc.close(fd) } }

        var driverName = "unknown"
        if let v = drmGetVersion(fd) {
            driverName = String(cString: v.pointee.name)
            drmFreeVersion(v)
        }
        driver = driverName
        if drmIsMaster(fd) == 0 && drmSetMaster(fd) != 0 { throw .notMaster(path: path) }
        var cap: UInt64 = 0
        guard drmGetCap(fd, UInt64(DRM_CAP_DUMB_BUFFER), &cap) == 0, cap != 0 else {
            throw .unsupportedFormat(path: path, detail: "driver \(driverName) has no dumb buffers")
        }
        guard let res = drmModeGetResources(fd) else { throw .kernelCall(what: "drmModeGetResources", path: path, errno: errno) }
        defer { drmModeFreeResources(res) }

        let (connector, chosen) = try Self.chooseConnector(fd: fd, res: res, wanted: options.mode, path: path)
        defer { drmModeFreeConnector(connector) }
        connectorId = connector.pointee.connector_id
        kmsMode = chosen
        guard let crtc = Self.chooseCrtc(fd: fd, res: res, connector: connector) else { throw .noConnectedOutput(path: path) }
        crtcId = crtc
        if let c = drmModeGetCrtc(fd, crtc) {
            savedCrtc = c.pointee
            drmModeFreeCrtc(c)
        }
        let w = Int(chosen.hdisplay), h = Int(chosen.vdisplay)
        mode = DisplayMode(physicalWidth: w, physicalHeight: h, rotation: options.rotation,
                           scanoutFormat: .xrgb8888, refreshHz: Int(chosen.vrefresh))
        name = "drm \(path) \(driverName)"
        queue = SinkQueue(label: "kiosk.display.drm")
        for _ in 0..<2 {
            buffers.append(try makeDumb(width: w, height: h))
        }
        pages = StalePages(screen: Rect(x: 0, y: 0, width: mode.width, height: mode.height))
        ok = true
    }

    deinit { closeNow() }

    private static func chooseConnector(fd: Int32, res: drmModeResPtr, wanted: String?, path: String)
        throws(DisplayError) -> (drmModeConnectorPtr, drmModeModeInfo) {
        for i in 0..<Int(res.pointee.count_connectors) {
            guard let c = drmModeGetConnector(fd, res.pointee.connectors[i]) else { continue }
            guard c.pointee.connection == DRM_MODE_CONNECTED, c.pointee.count_modes > 0 else {
                drmModeFreeConnector(c)
                continue
            }
            let modes = (0..<Int(c.pointee.count_modes)).map { c.pointee.modes[$0] }
            if let wanted {
                if let m = modes.first(where: { modeName($0) == wanted || "\($0.hdisplay)x\($0.vdisplay)" == wanted }) {
                    return (c, m)
                }
                let names = modes.map(modeName)
                drmModeFreeConnector(c)
                throw .modeNotFound(path: path, wanted: wanted, available: names)
            }
            let preferred = modes.first { $0.type & UInt32(DRM_MODE_TYPE_PREFERRED) != 0 } ?? modes[0]
            return (c, preferred)
        }
        throw .noConnectedOutput(path: path)
    }

    static func modeName(_ m: drmModeModeInfo) -> String { "\(m.hdisplay)x\(m.vdisplay)@\(m.vrefresh)" }

    /// The CRTC already driving the connector, else the first one its encoders can use.
    private static func chooseCrtc(fd: Int32, res: drmModeResPtr, connector: drmModeConnectorPtr) -> UInt32? {
        if connector.pointee.encoder_id != 0, let enc = drmModeGetEncoder(fd, connector.pointee.encoder_id) {
            defer { drmModeFreeEncoder(enc) }
            if enc.pointee.crtc_id != 0 { return enc.pointee.crtc_id }
        }
        for e in 0..<Int(connector.pointee.count_encoders) {
            guard let enc = drmModeGetEncoder(fd, connector.pointee.encoders[e]) else { continue }
            defer { drmModeFreeEncoder(enc) }
            for i in 0..<Int(res.pointee.count_crtcs) where enc.pointee.possible_crtcs & (1 << UInt32(i)) != 0 {
                return res.pointee.crtcs[i]
            }
        }
        return nil
    }

    private func makeDumb(width: Int, height: Int) throws(DisplayError) -> DumbBuffer {
        var handle: UInt32 = 0, pitch: UInt32 = 0, size: UInt64 = 0
        guard drmModeCreateDumbBuffer(fd, UInt32(width), UInt32(height), 32, 0, &handle, &pitch, &size) == 0 else {
            throw .kernelCall(what: "create dumb buffer \(width)x\(height)", path: path, errno: errno)
        }
        var fb: UInt32 = 0
        guard drmModeAddFB(fd, UInt32(width), UInt32(height), 24, 32, pitch, handle, &fb) == 0 else {
            throw .kernelCall(what: "drmModeAddFB", path: path, errno: errno)
        }
        var offset: UInt64 = 0
        guard drmModeMapDumbBuffer(fd, handle, &offset) == 0 else {
            throw .kernelCall(what: "map dumb buffer", path: path, errno: errno)
        }
        let map = mmap(nil, Int(size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset))
        guard let map, map != MAP_FAILED else { throw .kernelCall(what: "mmap dumb buffer", path: path, errno: errno) }
        memset(map, 0, Int(size))
        return DumbBuffer(handle: handle, fb: fb, pitch: Int(pitch), size: Int(size), map: map)
    }

    public func present(_ buffer: PixelBuffer, damage: [Rect]) async throws(DisplayError) {
        let rects = try damageToPresent(buffer, damage)
        try await queue.run { () throws(DisplayError) in try self.presentNow(buffer, rects) }
    }

    /// Runs on the sink's queue only.
    private func presentNow(_ buffer: PixelBuffer, _ damage: [Rect]) throws(DisplayError) {
        if isClosed { throw .closed }
        let back = crtcSet ? 1 - front : front
        for r in pages.rectsToCopy(into: back, damage: damage) {
            Blitter.copy(r, from: buffer, rotation: mode.rotation, to: buffers[back].map,
                         destStride: buffers[back].pitch, layout: .xrgb8888)
        }
        if !crtcSet {
            guard drmModeSetCrtc(fd, crtcId, buffers[back].fb, 0, 0, &connectorId, 1, &kmsMode) == 0 else {
                let e = errno
                throw e == EACCES || e == EPERM ? .notMaster(path: path) : .kernelCall(what: "drmModeSetCrtc", path: path, errno: e)
            }
            _ = drmModeDirtyFB(fd, buffers[back].fb, nil, 0)
            crtcSet = true
            front = back
            return
        }
        guard drmModePageFlip(fd, crtcId, buffers[back].fb, UInt32(DRM_MODE_PAGE_FLIP_EVENT), nil) == 0 else {
            let e = errno
            throw e == EACCES || e == EPERM ? .notMaster(path: path) : .kernelCall(what: "drmModePageFlip", path: path, errno: e)
        }
        if !waitForFlip() { flipTimeouts += 1 }
        front = back
    }

    /// Waits up to a second for the flip-complete event; false on timeout. The flip is the only
    /// event this fd asks for, so the first event read is it.
    private func waitForFlip() -> Bool {
        var ctx = drmEventContext()
        ctx.version = 2
        ctx.page_flip_handler = { _, _, _, _, _ in }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = MonotonicClock.milliseconds() + 1000
        while true {
            let left = deadline - MonotonicClock.milliseconds()
            if left <= 0 { return false }
            let r = retryingEINTR { poll(&pfd, 1, Int32(max(0, deadline - MonotonicClock.milliseconds()))) }
            if r <= 0 { return false }
            if drmHandleEvent(fd, &ctx) == 0 { return true }
        }
    }

    public func close() {
        queue.sync { closeNow() }
    }

    /// Runs on the sink's queue, or in deinit when nothing else can reach the sink.
    private func closeNow() {
        if isClosed { return }
        isClosed = true
        if crtcSet, var saved = savedCrtc, saved.mode_valid != 0 {
            _ = drmModeSetCrtc(fd, saved.crtc_id, saved.buffer_id, saved.x, saved.y, &connectorId, 1, &saved.mode)
        }
        for b in buffers {
            munmap(b.map, b.size)
            _ = drmModeRmFB(fd, b.fb)
            _ = drmModeDestroyDumbBuffer(fd, b.handle)
        }
        buffers = []
        Glibc.close(fd)
    }
}
