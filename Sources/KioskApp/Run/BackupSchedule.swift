import Foundation
import KioskStoreSQLite

/// `kiosk run`'s backups: one at start (the database has just passed SQLite's integrity check and
/// the last run is settled) and then one every `[store] backup_minutes` (0: only the one at start).
///
/// A copy that fails its check means the live database is damaged: the kiosk goes out of service
/// at once (`onDamage`), and the newest good backup stays for `kiosk store restore`. A copy that
/// cannot be written at all (disk full) is logged and tried again next time.
struct BackupSchedule: Sendable {
    let store: SQLiteKioskStore
    let backups: DatabaseBackups
    let minutes: Int
    let log: @Sendable (String) -> Void
    let onDamage: @Sendable (String) async -> Void

    func run() async {
        await takeOne()
        guard minutes > 0 else { return }
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(minutes * 60)) } catch { return }
            await takeOne()
        }
    }

    func takeOne() async {
        do {
            switch try await store.backup(into: backups, at: Date()) {
            case .written(let path, let removed):
                log("backup: \(path) written and verified" + (removed.isEmpty ? "" : "; \(removed.count) older one(s) rotated out"))
            case .copyFailedCheck(let problems):
                let reason = "database damaged: a backup copy fails SQLite's check (\(problems.first ?? "")); "
                    + "the newest good backup is kept: stop the kiosk and run `kiosk store restore`"
                log("backup: " + reason)
                await onDamage(reason)
            }
        } catch {
            log("backup: failed (\(error)); the older backups in \(backups.folder) are kept")
        }
    }
}
