import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KioskSystem

/// Writes a secret (the kiosk's store token) to a file that is mode 600 from the moment it
/// exists: `open(2)` creates it with that mode, `fchmod(2)` narrows one that existed with a wider
/// mode before a byte is written, and `O_NOFOLLOW` refuses a symlink planted in its place.
/// (Writing first and setting the mode after left a window in which another user could open it.)
enum SecretFile {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var call: String
        var error: Errno
        var description: String { "\(call) \(path): \(error.text)" }
    }

    static func write(_ text: String, to path: String) throws(WriteError) {
        let fd: FileDescriptor
        do { fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode: 0o600) } catch {
            throw WriteError(path: path, call: "open", error: error)
        }
        defer { fd.close() }
        guard fchmod(fd.raw, 0o600) == 0 else { throw WriteError(path: path, call: "fchmod", error: .current) }
        do { try fd.writeAll(Array(text.utf8)) } catch { throw WriteError(path: path, call: "write", error: error) }
        do { try fd.sync() } catch { throw WriteError(path: path, call: "fsync", error: error) }
    }
}
