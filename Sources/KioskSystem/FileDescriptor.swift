#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor number with the calls made on it, each retried on EINTR and failing with
/// `Errno`. A plain value: it does not close itself; its owner calls `close()` once.
public struct FileDescriptor: Sendable, Hashable {
    public let raw: Int32

    public init(_ raw: Int32) { self.raw = raw }

    public static let standardOutput = FileDescriptor(1)

    /// `open(2)`; O_CLOEXEC is added, so no child process inherits the descriptor.
    public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(Errno) -> FileDescriptor {
        let fd = retryingEINTR { Glibc.open(path, flags | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw .current }
        return FileDescriptor(fd)
    }

    /// Writes all of `bytes` (`write(2)` until done). A non-blocking descriptor that is full
    /// fails with EAGAIN: callers that need to wait use `poll(2)` themselves.
    public func writeAll(_ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                retryingEINTR { Glibc.write(self.raw, raw.baseAddress! + offset, raw.count - offset) }
            }
            guard written > 0 else { throw written < 0 ? .current : Errno(EIO) }
            offset += written
        }
    }

    /// One `read(2)` of at most `maxCount` bytes; empty at end of file.
    public func read(maxCount: Int) throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maxCount)
        let count = buffer.withUnsafeMutableBytes { raw in
            retryingEINTR { Glibc.read(self.raw, raw.baseAddress!, raw.count) }
        }
        guard count >= 0 else { throw .current }
        return Array(buffer[0..<count])
    }

    /// `fsync(2)`: the bytes written so far are on the disk when it returns.
    public func sync() throws(Errno) {
        guard retryingEINTR({ fsync(raw) }) == 0 else { throw .current }
    }

    /// `close(2)`, once. Not retried on EINTR: Linux has released the number already.
    public func close() {
        _ = Glibc.close(raw)
    }
}
