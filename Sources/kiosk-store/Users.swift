import ArgumentParser
import Foundation
import Logging
import StoreServer

/// Staff users of the console. The first owner is made here, on the store's machine; the
/// password is read from standard input so it never shows in `ps` or the shell's history.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manages the staff console's users.",
                                                    subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds a console user; reads the password (10…128 characters) from the first line of standard input.",
            discussion: "Example: printf '%s\\n' \"$PASSWORD\" | kiosk-store users add anna --role owner --sqlite store.sqlite")

        @Argument(help: "Username: letters, digits and _.:@- (1…64).")
        var name: String

        @Option(help: "owner (everything) or cashier (counter, reports, kiosk status).")
        var role: String

        @OptionGroup var storage: DatabaseOptions

        func validate() throws {
            guard StaffRole(rawValue: role) != nil else { throw ValidationError("--role must be owner or cashier") }
        }

        func run() async throws {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("give the password on standard input (one line)")
            }
            let logger = Logger(label: "kiosk-store")
            let database = try await storage.open(logger: logger)
            do {
                try await StaffDirectory(database: database).addUser(name, role: StaffRole(rawValue: role)!, password: line, now: Date())
                try await database.close()
            } catch let refusal as Refusal {
                try? await database.close()
                throw ValidationError(refusal.message)
            }
            print("console user \(name) added as \(role)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists console users and their roles.")
        @OptionGroup var storage: DatabaseOptions

        func run() async throws {
            let database = try await storage.open(logger: Logger(label: "kiosk-store"))
            let users = try await StaffDirectory(database: database).users()
            try await database.close()
            for user in users { print("\(user.username)\t\(user.role.rawValue)") }
        }
    }
}
