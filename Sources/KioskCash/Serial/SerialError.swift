#if canImport(Glibc)
import Glibc
#endif
import KioskSystem

/// What went wrong on a serial line, phrased for the technician who has to fix it.
public enum SerialError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The device node is missing or cannot be opened (unplugged, wrong path, no permission).
    case openFailed(path: String, errno: Int32)
    /// The port opened but refused the line settings (baud rate, parity).
    case configureFailed(path: String, errno: Int32)
    /// The baud rate is not one termios knows.
    case unsupportedBaudRate(Int)
    /// Another process holds the port exclusively.
    case busy(path: String)
    /// The device went away while open (USB adapter pulled, pty master closed): EIO, ENXIO, POLLHUP.
    case hungUp(path: String)
    /// A read or write failed for another reason.
    case ioFailed(path: String, operation: String, errno: Int32)
    /// The port was closed by this process.
    case closed(path: String)

    public var description: String {
        switch self {
        case let .openFailed(path, code):
            return "serial port '\(path)' cannot be opened (\(Errno(code).text)): check the cable, the device path in the config and that user 'kiosk' is in group 'dialout'"
        case let .configureFailed(path, code):
            return "serial port '\(path)' refused its line settings (\(Errno(code).text)): is it really a serial device?"
        case let .unsupportedBaudRate(baud):
            return "baud rate \(baud) is not supported: use 9600 for CCNET"
        case let .busy(path):
            return "serial port '\(path)' is in use by another program: stop the other kiosk or terminal holding it"
        case let .hungUp(path):
            return "serial device '\(path)' went away: check the cable and the bill acceptor's power"
        case let .ioFailed(path, operation, code):
            return "serial port '\(path)' \(operation) failed (\(Errno(code).text))"
        case let .closed(path):
            return "serial port '\(path)' is closed"
        }
    }
}
