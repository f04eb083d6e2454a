import CKioskShim
import Glibc
import KioskSystem
import Synchronization

/// Touch, mouse and keys from the kernel's evdev devices, on a thread of its own (blocking poll).
///
/// Devices are found by capability, opened (and grabbed with EVIOCGRAB, so the console does not
/// also act on the kiosk's keys), and followed with inotify on /dev/input: a touchscreen plugged
/// in or re-enumerated after a USB glitch is picked up without a restart; one that disappears is
/// dropped on ENODEV.
public final class EvdevInputSource: InputSource, @unchecked Sendable {
    public struct Options: Sendable {
        public var directory: String
        public var grab: Bool
        public var calibration: TouchCalibrationOverrides
        /// The configured touchscreen node (`[devices] touch`, usually the udev link
        /// /dev/kiosk/touch). While it exists it is the only pointer read, so a second HID
        /// interface of the same panel or a stray mouse cannot tap; keyboards are read as always.
        /// While it does not exist, every pointer device found is read.
        public var touchNode: String?
        public init(directory: String = "/dev/input", grab: Bool = true,
                    calibration: TouchCalibrationOverrides = TouchCalibrationOverrides(), touchNode: String? = nil) {
            self.directory = directory
            self.grab = grab
            self.calibration = calibration
            self.touchNode = touchNode
        }
    }

    public let events: AsyncStream<InputEvent>
    private let continuation: AsyncStream<InputEvent>.Continuation
    public let options: Options
    private let geometry: ScreenGeometry
    private let log: @Sendable (String) -> Void
    /// A pipe whose read end wakes the reader thread's poll when `stop()` writes to it.
    private let wakeFd: Int32
    private let wakeWriteFd: Int32
    /// Mutated by the reader thread (hotplug); read by anyone through `deviceSummaries`.
    private var devices: [EvdevDevice] = []
    private var thread: pthread_t?
    private var stopped = false
    /// Guards `devices`, `thread` and `stopped`.
    private let lock = Mutex(())

    public init(geometry: ScreenGeometry, options: Options = Options(),
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        (events, continuation) = AsyncStream.makeStream(of: InputEvent.self, bufferingPolicy: .bufferingNewest(256))
        self.options = options
        self.geometry = geometry
        self.log = log
        var pipeFds: [Int32] = [-1, -1]
        _ = pipe(&pipeFds)
        (wakeFd, wakeWriteFd) = (pipeFds[0], pipeFds[1])
        scan()
        log("input: \(devices.count) device(s)" + devices.map { "\n  " + $0.summary }.joined())
    }

    /// Devices in use now, as "path name role" lines (for logs and the probe).
    public var deviceSummaries: [String] { lock.withLock { _ in devices.map(\.summary) } }

    /// Starts the reader thread; events flow until `stop()`.
    public func start() {
        let box = Unmanaged.passRetained(self)
        var t = pthread_t()
        let rc = pthread_create(&t, nil, { arg in
            let me = Unmanaged<EvdevInputSource>.fromOpaque(arg!).takeRetainedValue()
            me.run()
            return nil
        }, box.toOpaque())
        if rc == 0 { lock.withLock { _ in thread = t } } else { box.release(); log("input: cannot start reader thread (\(rc))") }
    }

    /// Stops the reader thread and finishes `events`; safe to call more than once, from any thread.
    public func stop() {
        let running: pthread_t? = lock.withLock { _ in
            defer { thread = nil; stopped = true }
            return stopped ? nil : thread
        }
        var one: UInt8 = 1
        _ = write(wakeWriteFd, &one, 1)
        if let running { pthread_join(running, nil) }
        continuation.finish()
    }

    private func scan() {
        let known = Set(lock.withLock { _ in devices.map(\.path) })
        guard let dir = opendir(options.directory) else { return }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix("event") { found.append(options.directory + "/" + name) }
        }
        // The event node the configured touch link points to now, if it is there.
        let preferred = options.touchNode.flatMap { node in realpath(node, nil).map { p in defer { free(p) }; return String(cString: p) } }
        for path in found.sorted() where !known.contains(path) {
            if let d = EvdevDevice(path: path, geometry: geometry, overrides: options.calibration, grab: options.grab) {
                if let preferred, d.role != .keyboard, d.path != preferred { continue }
                let started = lock.withLock { _ -> Bool in
                    devices.append(d)
                    return thread != nil
                }
                if started { log("input: added \(d.summary)") }
            }
        }
    }

    private func run() {
        let inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        if inotify >= 0 { _ = inotify_add_watch(inotify, options.directory, UInt32(IN_CREATE | IN_ATTRIB)) }
        defer { if inotify >= 0 { close(inotify) } }
        var buffer = [input_event](repeating: input_event(), count: 64)
        while true {
            var fds = [pollfd(fd: wakeFd, events: Int16(POLLIN), revents: 0)]
            if inotify >= 0 { fds.append(pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)) }
            let firstDevice = fds.count
            fds += devices.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let r = retryingEINTR { poll(&fds, nfds_t(fds.count), -1) }
            if r < 0 { log("input: poll failed (\(Errno.current))"); return }
            if fds[0].revents != 0 { return }
            if inotify >= 0, fds[1].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 4096)
                while read(inotify, &drain, drain.count) > 0 {}
                // A new node is created before udev sets its permissions: IN_ATTRIB retries it.
                scan()
            }
            var gone: [Int] = []
            for i in firstDevice..<fds.count where fds[i].revents != 0 {
                let device = devices[i - firstDevice]
                let n = buffer.withUnsafeMutableBytes { read(device.fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == ENODEV || fds[i].revents & Int16(POLLERR | POLLHUP) != 0 { gone.append(i - firstDevice) }
                    continue
                }
                for k in 0..<(n / MemoryLayout<input_event>.stride) {
                    handle(RawInputEvent(type: buffer[k].type, code: buffer[k].code, value: buffer[k].value), from: device)
                }
            }
            for i in gone.reversed() {
                let d = lock.withLock { _ in devices.remove(at: i) }
                log("input: removed \(d.summary)")
            }
        }
    }

    private func handle(_ e: RawInputEvent, from device: EvdevDevice) {
        if device.reducer != nil {
            for p in device.reducer!.feed(e) { continuation.yield(.pointer(p)) }
        } else if e.type == RawInputEvent.keyType, e.value != 2 {
            continuation.yield(.key(code: Int(e.code), pressed: e.value != 0))
        }
        if device.role != .keyboard, e.type == RawInputEvent.keyType, e.code < 0x100, e.value != 2 {
            continuation.yield(.key(code: Int(e.code), pressed: e.value != 0))
        }
    }
}
