import ArgumentParser
import StoreAPI

/// kiosk-store: the central store kiosks sync with, café PCs log in through, and staff run the
/// counter from (the console under /console). `kiosk-store --port …` runs the server, as it always
/// has: `serve` is the default subcommand.
@main
struct KioskStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-store",
        abstract: "Runs the store: kiosk registration, catalog, event sync, PC sessions (API v1) and the staff console.",
        version: "kiosk-store \(SoftwareVersion.current)",
        subcommands: [Serve.self, Users.self],
        defaultSubcommand: Serve.self)
}
