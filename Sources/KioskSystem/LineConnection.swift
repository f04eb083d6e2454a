#if canImport(Glibc)
import Glibc
#endif

/// A client of a line protocol on a unix stream socket: one line out, one line back. The bill
/// acceptor emulator's control socket speaks it; its command-line client, kiosk-bench and the
/// tests all talk to it through this one class.
public final class LineConnection {
    private let fd: FileDescriptor
    public let address: UnixSocketAddress

    public init(path: String) throws(Errno) {
        address = try UnixSocketAddress(path)
        fd = try address.connectStream()
    }

    deinit { fd.close() }

    /// Sends `line` and its newline, then reads the answer up to its newline (without it). An
    /// answer cut short by the other end closing is returned as far as it came.
    public func send(_ line: String) throws(Errno) -> String {
        try fd.writeAll(Array((line + "\n").utf8))
        var reply: [UInt8] = []
        while true {
            let chunk = try fd.read(maxCount: 1)
            guard let byte = chunk.first, byte != 0x0A else { break }
            reply.append(byte)
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
