#if canImport(Glibc)
import Glibc
#endif

/// An AF_UNIX socket address: a path, or an abstract name written with a leading "@" (as systemd
/// writes `$NOTIFY_SOCKET`). The one place that fills `sockaddr_un`, with the length guard: a name
/// that does not fit `sun_path` is refused, never cut short into another socket's name.
public struct UnixSocketAddress: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    private let bytes: [UInt8]
    private let isAbstract: Bool

    /// Fails with ENAMETOOLONG when the name does not fit (107 bytes for a path, with its zero)
    /// and EINVAL when it is empty.
    public init(_ name: String) throws(Errno) {
        var bytes = Array(name.utf8)
        guard !bytes.isEmpty else { throw Errno(EINVAL) }
        isAbstract = bytes.first == UInt8(ascii: "@")
        if isAbstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        // A path needs room for its terminating zero; an abstract name is exactly its bytes.
        guard bytes.count < capacity || (isAbstract && bytes.count == capacity) else { throw Errno(ENAMETOOLONG) }
        self.name = name
        self.bytes = bytes
    }

    public var description: String { name }

    /// Calls `body` with the address and its length, as bind, connect and sendto take them.
    /// Abstract names are exactly as long as given: the length excludes any trailing zero.
    public func withSocketAddress<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count + (isAbstract ? 0 : 1))
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// A new AF_UNIX socket of `type` (SOCK_STREAM, SOCK_DGRAM), close-on-exec.
    public static func socket(_ type: __socket_type) throws(Errno) -> FileDescriptor {
        let fd = Glibc.socket(AF_UNIX, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .current }
        return FileDescriptor(fd)
    }

    /// A stream socket connected to this address; the caller closes it.
    public func connectStream() throws(Errno) -> FileDescriptor {
        let fd = try Self.socket(SOCK_STREAM)
        let connected = withSocketAddress { address, length in retryingEINTR { connect(fd.raw, address, length) } }
        guard connected == 0 else {
            let error = Errno.current
            fd.close()
            throw error
        }
        return fd
    }

    /// A socket of `type` bound to this address (a stale path is unlinked first); the caller
    /// listens on a stream socket and closes it.
    public func bind(_ type: __socket_type) throws(Errno) -> FileDescriptor {
        if !isAbstract { unlink(name) }
        let fd = try Self.socket(type)
        let bound = withSocketAddress { address, length in Glibc.bind(fd.raw, address, length) }
        guard bound == 0 else {
            let error = Errno.current
            fd.close()
            throw error
        }
        return fd
    }
}
