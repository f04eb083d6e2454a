import ArgumentParser
import Foundation
import KioskCore
import KioskCrypto

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staff", abstract: "Staff PINs.",
                                                    subcommands: [HashPIN.self])

    /// Makes the `pin_hash` for a `[[staff]]` entry. The PIN is read from standard input, never
    /// from the command line, so it stays out of shell history and `ps`.
    struct HashPIN: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash-pin",
            abstract: "Read a PIN (at least 8 digits) from standard input and print its hash for [[staff]] pin_hash.",
            discussion: "Example: printf '%s' \"$PIN\" | kiosk staff hash-pin")

        func run() async throws {
            let pin = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
            guard StaffAccess.isAcceptableNewPIN(pin) else {
                throw CommandFailure(description: "a new staff PIN is at least \(StaffAccess.minimumNewPINLength) digits")
            }
            print(try StaffPINHasher().hash(pin: pin))   // scrypt, 32 MiB per check: ScryptPasswordHasher
        }
    }
}
