#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KioskCore

/// The folder of rotating backups of one kiosk database (default `<database>.backup/`, on the same
/// data partition), one file per backup named by its UTC time, so names sort oldest to newest:
/// `kiosk-20261207-171500-123.sqlite`.
///
/// Every file in the folder passed SQLite's integrity check and the ledger checks when it was
/// written: a copy that fails them never gets its name (it is written as `.partial-…` and
/// removed), so the newest good backup stays whatever later backups do. Rotation removes only
/// the oldest files beyond `keep`, and only after a new good one is in place.
public struct DatabaseBackups: Sendable {
    public let folder: String
    /// How many good backups stay (at least 1).
    public let keep: Int

    public init(folder: String, keep: Int) {
        self.folder = folder
        self.keep = max(1, keep)
    }

    /// `<database>.backup`: beside the database, on the partition the kiosk may write.
    public static func defaultFolder(forDatabase path: String) -> String { path + ".backup" }

    static let prefix = "kiosk-"
    static let suffix = ".sqlite"

    /// What one backup did.
    public enum Outcome: Sendable, Equatable {
        /// A verified copy is in place at `path`; `removed` are the oldest ones rotated out.
        case written(path: String, removed: [String])
        /// The copy failed SQLite's integrity check or the ledger checks: it was deleted and the
        /// older backups are untouched. The database itself is then most likely damaged.
        case copyFailedCheck(problems: [String])
    }

    /// The backups present, newest first.
    public func newestFirst() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix(Self.prefix) && $0.hasSuffix(Self.suffix) }
            .sorted(by: >)
            .map { folder + "/" + $0 }
    }

    /// The newest backup that verifies now (a file can rot after it was written), and the newer
    /// ones that do not, each with its first problem.
    public func newestGood() async -> (path: String?, rejected: [(path: String, problem: String)]) {
        var rejected: [(path: String, problem: String)] = []
        for path in newestFirst() {
            do {
                let problems = try await SQLiteKioskStore.verify(path: path) ?? []
                if problems.isEmpty { return (path, rejected) }
                rejected.append((path, problems[0].description))
            } catch {
                rejected.append((path, "\(error)"))
            }
        }
        return (nil, rejected)
    }

    /// `kiosk-YYYYMMDD-HHMMSS-mmm.sqlite` in UTC.
    static func fileName(at date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        return prefix + timeStamp(date) + "-" + zeroPadded(Int(milliseconds % 1000), width: 3) + suffix
    }

    /// `YYYYMMDD-HHMMSS` in UTC, for the names of backups and of what a restore sets aside. From
    /// gmtime_r, not a DateFormatter pattern: that goes through ICU, and the kiosk stopped with
    /// SIGILL at its first backup under kiosk-qemu.sh's QEMU CPU while it formatted this name.
    public static func timeStamp(_ date: Date) -> String {
        var seconds = time_t((date.timeIntervalSince1970).rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        return zeroPadded(Int(fields.tm_year) + 1900, width: 4) + zeroPadded(Int(fields.tm_mon) + 1, width: 2)
            + zeroPadded(Int(fields.tm_mday), width: 2) + "-" + zeroPadded(Int(fields.tm_hour), width: 2)
            + zeroPadded(Int(fields.tm_min), width: 2) + zeroPadded(Int(fields.tm_sec), width: 2)
    }

    private static func zeroPadded(_ value: Int, width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Removes the oldest backups beyond `keep`; returns their paths.
    func rotate() -> [String] {
        let surplus = newestFirst().dropFirst(keep)
        for path in surplus { try? FileManager.default.removeItem(atPath: path) }
        return Array(surplus)
    }

    /// fsync(2) of the folder, so a rename into it survives a power cut.
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
