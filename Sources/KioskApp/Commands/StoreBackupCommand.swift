import ArgumentParser
import Foundation
import KioskStoreSQLite

extension StoreCommand {
    /// `kiosk store backup`: one backup now, as `kiosk run` takes them (docs/deploy.md).
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take one online backup of the database now (SQLite's backup API), check it, and rotate out the oldest.",
            discussion: """
                The backup goes to [store] backup_folder (default: <database>.backup/) as kiosk-<UTC time>.sqlite; \
                it gets that name only after it passes SQLite's integrity check and the ledger checks, and only then \
                are backups beyond [store] backup_keep removed, oldest first. Safe while the kiosk runs. Exit status \
                0: written; 1: the copy failed its check (the database is damaged; older backups are kept) or the \
                database is damaged already.
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let runtime = try await Runtime.open(global)   // refuses a damaged database
            switch try await runtime.store.backup(into: runtime.config.backups, at: Date()) {
            case .written(let path, let removed):
                for old in removed { print("rotated out \(old)") }
                print("store backup: \(path) (verified)")
            case .copyFailedCheck(let problems):
                for problem in problems { print("PROBLEM \(problem)") }
                print("store backup: the copy failed its check; the backups in \(runtime.config.backups.folder) are untouched")
                throw ExitCode(1)
            }
        }
    }
}
