#if canImport(Glibc)
import Glibc
#endif
import KioskSystem

/// Why the screen cannot be shown, each case saying what a technician can do about it.
public enum DisplayError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    case notMaster(path: String)
    case noConnectedOutput(path: String)
    case modeNotFound(path: String, wanted: String, available: [String])
    case kernelCall(what: String, path: String, errno: Int32)
    case unsupportedFormat(path: String, detail: String)
    case sizeMismatch(expected: String, got: String)
    case vncFailed(port: Int)
    /// VNC off loopback without a password: anybody on the network could drive the kiosk.
    case vncWithoutPassword(port: Int)
    case writeFailed(path: String, errno: Int32)
    case pngFailed(path: String, reason: String)
    case noSinkAvailable(tried: [String])
    case closed

    public var description: String {
        switch self {
        case let .cannotOpen(path, e):
            "cannot open \(path): \(Errno(e).description); check the device exists and the kiosk user is in the 'video' group"
        case let .notMaster(path):
            "another program is DRM master on \(path) (a desktop, another kiosk, a compositor): stop it or switch to a free VT"
        case let .noConnectedOutput(path):
            "no connected monitor on \(path): check the cable and that the monitor is on"
        case let .modeNotFound(path, wanted, available):
            "mode \(wanted) is not offered by \(path); available: \(available.joined(separator: ", "))"
        case let .kernelCall(what, path, e):
            "\(what) failed on \(path): \(Errno(e).description)"
        case let .unsupportedFormat(path, detail):
            "\(path) uses a pixel format the kiosk cannot draw (\(detail)); configure 16 or 32 bpp"
        case let .sizeMismatch(expected, got):
            "frame is \(got) but the display needs \(expected): draw into sink.makeBuffer()"
        case let .vncFailed(port):
            "cannot start the VNC server on port \(port): is the port already in use?"
        case let .vncWithoutPassword(port):
            "refusing to serve VNC on port \(port) beyond localhost without a password: anybody on the network could "
                + "drive the kiosk's screen; set a VNC password, or keep it on localhost and tunnel over SSH"
        case let .writeFailed(path, e):
            "cannot write \(path): \(Errno(e).description)"
        case let .pngFailed(path, reason):
            "cannot write the screenshot \(path): \(reason)"
        case let .noSinkAvailable(tried):
            "no display could be opened; tried: \(tried.joined(separator: "; "))"
        case .closed:
            "the display was closed"
        }
    }
}
