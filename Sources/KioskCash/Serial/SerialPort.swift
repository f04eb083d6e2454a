#if canImport(Glibc)
import Glibc
#endif
import CKioskShim
import KioskSystem

/// Line settings of a serial port. CCNET runs at 9600 8N1.
public struct SerialConfiguration: Sendable, Equatable {
    public enum Parity: Sendable, Equatable { case none, even, odd }

    public var baudRate: Int
    public var parity: Parity
    public var twoStopBits: Bool

    public init(baudRate: Int = 9600, parity: Parity = .none, twoStopBits: Bool = false) {
        self.baudRate = baudRate
        self.parity = parity
        self.twoStopBits = twoStopBits
    }

    public static let ccnet = SerialConfiguration(baudRate: 9600, parity: .none, twoStopBits: false)
}

/// A serial port (or pty) opened in raw mode, read with deadlines.
///
/// Every call blocks the calling thread (read with `poll(2)`, write until done), so it belongs on
/// the driver's own thread, never on the cooperative pool. Not shared between threads: one owner
/// opens, uses and closes it. System calls are retried on EINTR and failures become `SerialError`.
public final class SerialPort {
    public let path: String
    private var fd: Int32

    /// Opens `path` (calls `open(2)` with O_NOCTTY|O_NONBLOCK, then `tcsetattr(3)` in raw mode).
    public init(path: String, configuration: SerialConfiguration = .ccnet, exclusive: Bool = true) throws(SerialError) {
        self.path = path
        let opened = retryingEINTR { open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC) }
        guard opened >= 0 else {
            let code = errno
            throw code == EBUSY ? .busy(path: path) : .openFailed(path: path, errno: code)
        }
        fd = opened
        do throws(SerialError) {
            if exclusive && kiosk_serial_set_exclusive(fd) != 0 && errno != ENOTTY {
                throw SerialError.configureFailed(path: path, errno: errno)
            }
            try SerialPort.configure(fd: fd, path: path, configuration)
        } catch {
            _ = Glibc.close(fd)
            fd = -1
            throw error
        }
    }

    deinit {
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    public var isOpen: Bool { fd >= 0 }

    /// Closes the descriptor (`close(2)`); later calls throw `.closed`.
    public func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// Writes all of `bytes` (`write(2)`, waiting with `poll(2)` while the line is full).
    public func write(_ bytes: [UInt8], timeoutMilliseconds: Int = 1000) throws(SerialError) {
        guard fd >= 0 else { throw .closed(path: path) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                retryingEINTR { Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            }
            if written > 0 {
                offset += written
                continue
            }
            let code = errno
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                guard try wait(for: Int16(POLLOUT), timeoutMilliseconds: timeoutMilliseconds) else {
                    throw .ioFailed(path: path, operation: "write", errno: ETIMEDOUT)
                }
                continue
            }
            throw SerialPort.isHangUp(code) ? .hungUp(path: path) : .ioFailed(path: path, operation: "write", errno: code)
        }
    }

    /// Reads whatever arrives within `timeoutMilliseconds` (at most `maxCount` bytes; `poll(2)` then
    /// `read(2)`). Returns an empty array on timeout: a quiet line is not an error.
    public func read(maxCount: Int = 256, timeoutMilliseconds: Int) throws(SerialError) -> [UInt8] {
        guard fd >= 0 else { throw .closed(path: path) }
        guard try wait(for: Int16(POLLIN), timeoutMilliseconds: timeoutMilliseconds) else { return [] }
        var buffer = [UInt8](repeating: 0, count: maxCount)
        let count = buffer.withUnsafeMutableBytes { raw in
            retryingEINTR { Glibc.read(fd, raw.baseAddress!, raw.count) }
        }
        if count > 0 { return Array(buffer[0..<count]) }
        let code = errno
        if count < 0 && (code == EAGAIN || code == EWOULDBLOCK) { return [] }
        // read() == 0 on a tty means hang-up (the other end is gone), as does EIO on a pty.
        if count == 0 || SerialPort.isHangUp(code) { throw .hungUp(path: path) }
        throw .ioFailed(path: path, operation: "read", errno: code)
    }

    /// Drops unread input (`tcflush(3)` TCIFLUSH): stale bytes from before a resync or reconnect.
    public func discardInput() {
        if fd >= 0 { _ = tcflush(fd, TCIFLUSH) }
    }

    /// Waits with `poll(2)` until the descriptor is ready for `events`; false on timeout.
    private func wait(for events: Int16, timeoutMilliseconds: Int) throws(SerialError) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let deadline = MonotonicClock.milliseconds() + Int64(max(0, timeoutMilliseconds))
        // Each try after an EINTR waits only for what is left until the deadline.
        let ready = retryingEINTR { Glibc.poll(&entry, 1, Int32(max(0, deadline - MonotonicClock.milliseconds()))) }
        if ready < 0 { throw .ioFailed(path: path, operation: "poll", errno: errno) }
        if ready == 0 { return false }
        if entry.revents & Int16(POLLNVAL) != 0 { throw .closed(path: path) }
        if entry.revents & events != 0 { return true }
        if entry.revents & Int16(POLLHUP | POLLERR) != 0 { throw .hungUp(path: path) }
        return false
    }

    private static func configure(fd: Int32, path: String, _ configuration: SerialConfiguration) throws(SerialError) {
        let speed = kiosk_baud_constant(UInt32(clamping: configuration.baudRate))
        guard speed != 0 else { throw .unsupportedBaudRate(configuration.baudRate) }
        var settings = termios()
        guard tcgetattr(fd, &settings) == 0 else { throw .configureFailed(path: path, errno: errno) }
        cfmakeraw(&settings)
        settings.c_cflag |= tcflag_t(CLOCAL) | tcflag_t(CREAD)
        settings.c_cflag &= ~(tcflag_t(CSTOPB) | tcflag_t(PARENB) | tcflag_t(PARODD) | tcflag_t(CRTSCTS))
        switch configuration.parity {
        case .none: break
        case .even: settings.c_cflag |= tcflag_t(PARENB)
        case .odd: settings.c_cflag |= tcflag_t(PARENB) | tcflag_t(PARODD)
        }
        if configuration.twoStopBits { settings.c_cflag |= tcflag_t(CSTOPB) }
        // Non-canonical, non-blocking reads: poll(2) provides the timeouts, so VMIN/VTIME stay 0.
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard cfsetispeed(&settings, speed) == 0, cfsetospeed(&settings, speed) == 0 else {
            throw .configureFailed(path: path, errno: errno)
        }
        let applied = retryingEINTR { tcsetattr(fd, TCSANOW, &settings) }
        guard applied == 0 else { throw .configureFailed(path: path, errno: errno) }
        _ = tcflush(fd, TCIOFLUSH)
    }

    static func isHangUp(_ code: Int32) -> Bool {
        code == EIO || code == ENXIO || code == ENODEV || code == EBADF
    }
}
