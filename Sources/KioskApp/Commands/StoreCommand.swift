import ArgumentParser
import KioskCore

struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "The kiosk's local database and its registration with the central store.",
                                                    subcommands: [Verify.self, Register.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute balances and the cash box from the ledger and report every difference.",
            discussion: "Exit status 0: all consistent. 1: problems found (each printed with its table and row).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let runtime = try await Runtime.open(global)
            let problems = try await runtime.store.verify()
            for problem in problems { print("PROBLEM \(problem)") }
            if problems.isEmpty {
                print("store verify: OK (\(runtime.config.databasePath))")
            } else {
                print("store verify: \(problems.count) problem(s) in \(runtime.config.databasePath)")
                throw ExitCode(1)
            }
        }
    }
}
