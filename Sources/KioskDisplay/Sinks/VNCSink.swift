import CVNCServer
import Glibc
import KioskGraphics
import Synchronization

/// Shows frames to VNC viewers (libvncserver) and takes their mouse and keys as input: for
/// kiosks without a usable screen, remote support, and tests with a real VNC client. Listens on
/// localhost only unless told otherwise; tunnel over SSH to reach it from elsewhere.
///
/// libvncserver serves clients on a thread of ours (`rfbProcessEvents`). A present copies damage
/// into the server's framebuffer and then marks it modified, so an update read mid-copy is always
/// followed by one with the finished pixels.
public final class VNCSink: DisplaySink, @unchecked Sendable {
    public struct Options: Sendable {
        public var port: Int
        public var localhostOnly: Bool
        /// Panel size the viewer sees (0 = the selector's headless size).
        public var width: Int
        public var height: Int
        public var rotation: Rotation
        /// The VNC password viewers must give (classic VNC authentication). Required when
        /// `localhostOnly` is false: the sink refuses to start off loopback without one.
        public var password: String?
        public init(port: Int = 5900, localhostOnly: Bool = true, width: Int = 0, height: Int = 0,
                    rotation: Rotation = .none, password: String? = nil) {
            self.port = port
            self.localhostOnly = localhostOnly
            self.width = width
            self.height = height
            self.rotation = rotation
            self.password = password
        }
    }

    public let name: String
    public let mode: DisplayMode
    /// Pointer and keys from viewers, in logical coordinates.
    public let input: VNCInputSource
    private let screen: rfbScreenInfoPtr
    private let framebuffer: UnsafeMutableRawPointer
    private let queue = SinkQueue(label: "kiosk.display.vnc")
    /// False once closed: the VNC thread and presents read it.
    private let running = Mutex(true)
    private var thread: pthread_t?

    public init(_ options: Options) throws(DisplayError) {
        // Checked before anything listens: off loopback, a viewer is a stranger on the network.
        let password = options.password.flatMap { $0.isEmpty ? nil : $0 }
        if !options.localhostOnly && password == nil { throw .vncWithoutPassword(port: options.port) }
        let w = options.width > 0 ? options.width : 1024, h = options.height > 0 ? options.height : 768
        mode = DisplayMode(physicalWidth: w, physicalHeight: h, rotation: options.rotation, scanoutFormat: .xrgb8888)
        rfbLogEnable(0)
        var argc: Int32 = 0
        guard let s = rfbGetScreen(&argc, nil, Int32(w), Int32(h), 8, 3, 4) else { throw .vncFailed(port: options.port) }
        screen = s
        framebuffer = UnsafeMutableRawPointer.allocate(byteCount: w * h * 4, alignment: 64)
        framebuffer.initializeMemory(as: UInt8.self, repeating: 0, count: w * h * 4)
        s.pointee.frameBuffer = framebuffer.assumingMemoryBound(to: CChar.self)
        // XRGB8888 little-endian, as everything else in the kiosk.
        s.pointee.serverFormat.redShift = 16
        s.pointee.serverFormat.greenShift = 8
        s.pointee.serverFormat.blueShift = 0
        s.pointee.port = Int32(options.port)
        s.pointee.ipv6port = Int32(options.port)
        s.pointee.autoPort = 0
        s.pointee.alwaysShared = 1
        // No server-drawn cursor: viewers draw their own, and the picture stays the kiosk's frame.
        s.pointee.cursor = nil
        if options.localhostOnly {
            s.pointee.listenInterface = in_addr_t(0x7F00_0001).bigEndian
            s.pointee.listen6Interface = strdup("::1")
        }
        if let password {
            // libvncserver reads a NULL-terminated list of passwords; it lives as long as the screen.
            let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 2)
            list[0] = strdup(password)
            list[1] = nil
            s.pointee.authPasswdData = UnsafeMutableRawPointer(list)
            s.pointee.passwordCheck = rfbCheckPasswordByList
        }
        input = VNCInputSource(geometry: ScreenGeometry(mode))
        s.pointee.screenData = Unmanaged.passUnretained(input).toOpaque()
        s.pointee.ptrAddEvent = { mask, x, y, client in
            guard let data = client?.pointee.screen.pointee.screenData else { return }
            Unmanaged<VNCInputSource>.fromOpaque(data).takeUnretainedValue().pointer(mask: mask, x: Int(x), y: Int(y))
        }
        s.pointee.kbdAddEvent = { down, keysym, client in
            guard let data = client?.pointee.screen.pointee.screenData else { return }
            Unmanaged<VNCInputSource>.fromOpaque(data).takeUnretainedValue().key(keysym: UInt32(keysym), down: down != 0)
        }
        rfbInitServerWithPthreadsAndZRLE(s)
        guard s.pointee.listenSock >= 0 || s.pointee.listen6Sock >= 0 else {
            rfbScreenCleanup(s)
            framebuffer.deallocate()
            throw .vncFailed(port: options.port)
        }
        name = "vnc \(options.localhostOnly ? "127.0.0.1" : "*"):\(options.port)"
        startThread()
    }

    deinit { close() }

    private func startThread() {
        let box = Unmanaged.passRetained(self)
        var t = pthread_t()
        if pthread_create(&t, nil, { arg in
            let me = Unmanaged<VNCSink>.fromOpaque(arg!).takeRetainedValue()
            // 50 ms select timeout: an idle server wakes 20 times a second and does nothing.
            while me.running.withLock({ $0 }) { rfbProcessEvents(me.screen, 50_000) }
            return nil
        }, box.toOpaque()) == 0 {
            thread = t
        } else {
            box.release()
        }
    }

    public func present(_ buffer: PixelBuffer, damage: [Rect]) async throws(DisplayError) {
        let rects = try damageToPresent(buffer, damage)
        try await queue.run { () throws(DisplayError) in
            guard self.running.withLock({ $0 }) else { throw .closed }
            for r in rects {
                Blitter.copy(r, from: buffer, rotation: self.mode.rotation, to: self.framebuffer,
                             destStride: self.mode.physicalWidth * 4, layout: .xrgb8888)
                let p = self.mode.rotation.physicalRect(r, logicalWidth: self.mode.width, logicalHeight: self.mode.height)
                rfbMarkRectAsModified(self.screen, Int32(p.x), Int32(p.y), Int32(p.maxX), Int32(p.maxY))
            }
        }
    }

    public func close() {
        let wasRunning = running.withLock { running in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        if let t = thread { pthread_join(t, nil) }
        queue.sync {
            rfbShutdownServer(screen, 1)
            rfbScreenCleanup(screen)
            framebuffer.deallocate()
        }
        input.stop()
    }
}

/// Mouse and keys from VNC viewers as kiosk input: left button = touch.
public final class VNCInputSource: InputSource, @unchecked Sendable {
    public let events: AsyncStream<InputEvent>
    private let continuation: AsyncStream<InputEvent>.Continuation
    private let geometry: ScreenGeometry
    private var pressed = false   // only touched on the VNC thread

    init(geometry: ScreenGeometry) {
        self.geometry = geometry
        (events, continuation) = AsyncStream.makeStream(of: InputEvent.self, bufferingPolicy: .bufferingNewest(256))
    }

    func pointer(mask: Int32, x: Int, y: Int) {
        let down = mask & 1 != 0
        let px = min(max(x, 0), geometry.physicalWidth - 1), py = min(max(y, 0), geometry.physicalHeight - 1)
        let p = geometry.logical(panelX: px, panelY: py)
        if down && !pressed { continuation.yield(.pointer(PointerEvent(.down, x: p.x, y: p.y))) }
        else if down { continuation.yield(.pointer(PointerEvent(.moved, x: p.x, y: p.y))) }
        else if pressed { continuation.yield(.pointer(PointerEvent(.up, x: p.x, y: p.y))) }
        pressed = down
    }

    /// X keysyms to the kernel key codes evdev keyboards give: Enter, Escape, Backspace, Tab,
    /// space, and the letters, digits, '-' and '.' of `KeyLayout` (typing a code or a username).
    func key(keysym: UInt32, down: Bool) {
        let special: [UInt32: Int] = [0xFF0D: KeyCode.enter, 0xFF1B: KeyCode.escape, 0xFF08: KeyCode.backspace, 0xFF09: KeyCode.tab, 0x20: KeyCode.space]
        if let code = special[keysym] {
            continuation.yield(.key(code: code, pressed: down))
        } else if (0x21...0x7E).contains(keysym), let scalar = Unicode.Scalar(keysym),
                  let code = KeyLayout.code(for: Character(scalar)) {
            continuation.yield(.key(code: code, pressed: down))
        }
    }

    public func stop() { continuation.finish() }
}

