#if canImport(Glibc)
import Glibc
#endif

/// A connection to an emulator's control socket (used by `ccnet-emulator ctl`).
final class ControlClient {
    private let fd: Int32

    init(path: String) throws(EmulatorError) {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .system("socket failed", errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .usage("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw .system("cannot connect to emulator control socket '\(path)'", errno)
        }
    }

    deinit { close(fd) }

    func send(_ command: String) throws(EmulatorError) -> String {
        let bytes = Array((command + "\n").utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) == bytes.count else {
            throw .system("control socket write failed", errno)
        }
        var reply: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == 0x0A { break }
            reply.append(byte)
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
