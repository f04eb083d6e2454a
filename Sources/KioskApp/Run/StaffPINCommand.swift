import ArgumentParser
import Foundation

/// `kiosk staff-pin`: reads a PIN from standard input and prints its hash line for the file
/// given to `kiosk run --staff-pins`. The PIN itself is never stored.
struct StaffPINCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff-pin",
        abstract: "Hash a staff PIN (read from stdin) for the --staff-pins file.",
        discussion: "Example: echo 4711081 | kiosk staff-pin >> /etc/kiosk/staff-pins")

    @Option(help: "PBKDF2 iterations (default 600000).")
    var iterations: Int = StaffPINHash.defaultIterations

    func validate() throws {
        guard iterations >= 100_000 else { throw ValidationError("--iterations must be at least 100000: a PIN is only 6+ digits") }
    }

    func run() throws {
        guard let line = readLine(strippingNewline: true) else { throw CommandFailure(description: "no PIN on standard input") }
        do {
            print(try StaffPINHash.make(pin: line.trimmingCharacters(in: .whitespaces), iterations: iterations))
        } catch {
            throw CommandFailure(description: "\(error)")
        }
    }
}
