#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KioskSystem

/// Is there room for sales? Free space of the data folder's file system, from statvfs(3).
/// SQLite needs room for its WAL and checkpoints; a full disk stops every sale.
struct DiskCheck {
    let folder: String

    struct Space: Sendable, Equatable {
        let availableBytes: UInt64
        let totalBytes: UInt64
    }

    static let mebibyte: UInt64 = 1 << 20
    /// Below either limit: FAIL.
    static let failBelowBytes = 64 * mebibyte, failBelowPercent: UInt64 = 5
    /// Below either limit: WARN.
    static let warnBelowBytes = 512 * mebibyte, warnBelowPercent: UInt64 = 10

    /// `statvfs(3)` of `folder`: space an unprivileged user may still use (f_bavail).
    /// A folder not created yet is measured where it will be created: its nearest existing parent.
    static func measure(_ folder: String) -> Space? {
        var stats = statvfs()
        var target = folder
        while statvfs(target, &stats) != 0 {
            guard errno == ENOENT, target != "/", !target.isEmpty else { return nil }
            target = (target as NSString).deletingLastPathComponent
        }
        let block = UInt64(stats.f_frsize == 0 ? stats.f_bsize : stats.f_frsize)
        return Space(availableBytes: UInt64(stats.f_bavail) * block, totalBytes: UInt64(stats.f_blocks) * block)
    }

    static func judge(_ space: Space, folder: String) -> DoctorFinding {
        let name = "disk"
        let percent = space.totalBytes == 0 ? 0 : space.availableBytes * 100 / space.totalBytes
        let seen = "\(folder): \(format(space.availableBytes)) free of \(format(space.totalBytes)) (\(percent)%)"
        if space.availableBytes < failBelowBytes || percent < failBelowPercent {
            return DoctorFinding(name, .fail, "disk nearly full, " + seen,
                                 fix: "free space (journalctl --vacuum-size=100M, old logs) or give the data folder a bigger disk")
        }
        if space.availableBytes < warnBelowBytes || percent < warnBelowPercent {
            return DoctorFinding(name, .warn, "disk getting full, " + seen, fix: "free space before it runs out")
        }
        return DoctorFinding(name, .ok, seen)
    }

    func run() -> DoctorFinding {
        guard let space = Self.measure(folder) else {
            return DoctorFinding("disk", .fail, "cannot read free space of '\(folder)' (\(Errno.current.text))",
                                 fix: "create the data folder (kiosk/install.sh) or fix KIOSK_DATA_DIR")
        }
        return Self.judge(space, folder: folder)
    }

    static func format(_ bytes: UInt64) -> String {
        if bytes >= 10 * 1024 * mebibyte { return "\(bytes / (1024 * mebibyte)) GiB" }
        if bytes >= 10 * mebibyte { return "\(bytes / mebibyte) MiB" }
        return "\(bytes / 1024) KiB"
    }
}
