#if canImport(Glibc)
import Glibc
#endif

/// A system call's error number, with the C library's text for it. One type for every adapter
/// that talks to the kernel, so each failure reads the same way in a log or a doctor line.
public struct Errno: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    public let code: Int32

    public init(_ code: Int32) { self.code = code }

    /// The error of the last failed call on this thread (read it before calling anything else).
    public static var current: Errno { Errno(errno) }

    /// `strerror(3)`: "No such file or directory".
    public var text: String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return String(cString: message)
    }

    /// The text and the number: "No such file or directory (errno 2)".
    public var description: String { "\(text) (errno \(code))" }
}

/// Runs `call` again while it fails with EINTR (a signal arrived during a blocking call), the way
/// every read, write, poll, connect and tcsetattr of the kiosk is made. A call that computes its
/// own timeout re-evaluates it on each try, so a deadline does not stretch.
public func retryingEINTR<T: BinaryInteger>(_ call: () -> T) -> T {
    while true {
        let result = call()
        if result < 0 && errno == EINTR { continue }
        return result
    }
}
