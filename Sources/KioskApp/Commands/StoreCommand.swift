import ArgumentParser
import KioskCore
import KioskStoreSQLite

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "The kiosk's local database and its registration with the central store.",
                                                    subcommands: [Verify.self, Backup.self, Restore.self, Register.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the database file with SQLite's integrity check, recompute balances and the cash box from the ledger, and report every difference.",
            discussion: """
                The file is opened read-only: verify never changes it, damaged or not. Exit status 0: all \
                consistent. 1: problems found (SQLite's own messages as `sqlite integrity_check: …`, then each \
                ledger problem with its table and row), or no database at the path.
                """)

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let config = try Runtime.loadConfig(global)
            let path = config.databasePath
            guard let problems = try await SQLiteKioskStore.verify(path: path) else {
                print("store verify: no database at \(path)")
                throw ExitCode(1)
            }
            for problem in problems { print("PROBLEM \(problem)") }
            if problems.isEmpty {
                print("store verify: OK (\(path))")
            } else {
                print("store verify: \(problems.count) problem(s) in \(path)")
                throw ExitCode(1)
            }
        }
    }
}
