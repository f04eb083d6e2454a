#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KioskDomain
import KioskStoreSQLite
import KioskSystem

/// Can the kiosk write its sales? The database folder must take new files (SQLite writes its WAL
/// and journal beside the database), the file must be writable, an existing database must pass
/// SQLite's integrity check (`DatabaseIntegrity`, the check `kiosk run` makes at start) and open
/// with its schema and the PRAGMAs every money write relies on.
struct DatabaseCheck {
    let path: String
    let currency: Currency

    /// Creates and removes a probe file in `folder`; the errno when that is refused.
    static func probeWritable(_ folder: String) -> Int32? {
        let probe = "\(folder)/.kiosk-doctor-\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return errno }
        close(fd)
        unlink(probe)
        return nil
    }

    func run() -> DoctorFinding {
        let name = "database"
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return DoctorFinding(name, .warn, "database folder '\(folder)' does not exist yet (the kiosk creates it if it may)",
                                 fix: "run kiosk/install.sh (it makes /var/lib/kiosk for user kiosk) or set KIOSK_DATA_DIR / [store] path")
        }
        if let code = Self.probeWritable(folder) {
            let why = Errno(code).text
            return DoctorFinding(name, .fail, "database folder '\(folder)' is read-only for this user (\(why))",
                                 fix: code == EROFS ? "remount the disk read-write (mount -o remount,rw) or move KIOSK_DATA_DIR"
                                                    : "chown -R kiosk:kiosk \(folder) (the service runs as user kiosk)")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return DoctorFinding(name, .ok, "'\(path)' not created yet; its folder is writable (the kiosk creates it at start)")
        }
        guard access(path, R_OK | W_OK) == 0 else {
            return DoctorFinding(name, .fail, "database '\(path)' is not writable (\(Errno.current.text))",
                                 fix: "chown kiosk:kiosk \(path)*")
        }
        // SQLite's integrity check first, read-only, as `kiosk run` does at start: opening a
        // damaged file read-write (migrations, a checkpoint at close) could spread the damage.
        if case .damaged(let messages) = DatabaseIntegrity.check(path: path) {
            return DoctorFinding(name, .fail, "database '\(path)' is damaged: \(messages.prefix(3).joined(separator: "; "))",
                                 fix: "stop the kiosk and run `kiosk store restore` (docs/deploy.md, \"A damaged database\")")
        }
        do {
            let store = try SQLiteKioskStore(path: path, currency: currency)
            let pragmas = try store.pragmas()
            guard pragmas["journal_mode"] == "wal", pragmas["synchronous"] == "2" else {
                return DoctorFinding(name, .fail, "database '\(path)' runs with journal_mode=\(pragmas["journal_mode"] ?? "?") synchronous=\(pragmas["synchronous"] ?? "?")",
                                     fix: "this is a bug: report it with the kiosk version")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).flatMap { $0 } ?? 0
            return DoctorFinding(name, .ok, "'\(path)' opens and is writable (WAL, synchronous=FULL, \(size / 1024) KiB)")
        } catch {
            return DoctorFinding(name, .fail, "database '\(path)' cannot be opened: \(error)",
                                 fix: "check the disk (dmesg); `kiosk store verify` names damaged rows")
        }
    }
}
