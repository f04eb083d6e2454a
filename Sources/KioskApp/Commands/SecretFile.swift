import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a secret (the kiosk's store token) to a file that is mode 600 from the moment it
/// exists: `open(2)` creates it with that mode, `fchmod(2)` narrows one that existed with a wider
/// mode before a byte is written, and `O_NOFOLLOW` refuses a symlink planted in its place.
/// (Writing first and setting the mode after left a window in which another user could open it.)
enum SecretFile {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var call: String
        var errno: Int32
        var description: String { "\(call) \(path): \(String(cString: strerror(errno)))" }
    }

    static func write(_ text: String, to path: String) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WriteError(path: path, call: "open", errno: errno) }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw WriteError(path: path, call: "fchmod", errno: errno) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(path: path, call: "write", errno: errno)
            }
            bytes = bytes.dropFirst(written)
        }
        guard fsync(fd) == 0 else { throw WriteError(path: path, call: "fsync", errno: errno) }
    }
}
