#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where the doctor looks at the machine: sysfs and /dev. Tests point both at folders they build.
struct SystemPaths: Sendable {
    var sysfs = "/sys"
    var dev = "/dev"

    func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    func read(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether this process may open `path` for reading (and writing): `access(2)`, which answers
    /// for the real user, the one the kiosk service runs as when the doctor is run as it.
    func canOpen(_ path: String, write: Bool) -> Bool {
        access(path, write ? (R_OK | W_OK) : R_OK) == 0
    }
}
