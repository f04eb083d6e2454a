import ArgumentParser
import StoreAPI

/// `kiosk`: the self-service kiosk and its maintenance commands.
public struct KioskCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiosk",
        abstract: "Self-service kiosk: sells prepaid time codes and refills for cash.",
        discussion: """
            Configuration comes from --config, else $KIOSK_CONFIG, else built-in defaults \
            (see kiosk/kiosk.sample.toml for every key).
            """,
        version: "kiosk \(SoftwareVersion.current)",
        subcommands: [PlansCommand.self, VouchersCommand.self, StoreCommand.self, CashCommand.self, StaffCommand.self,
                      DoctorCommand.self, RunCommand.self])

    public init() {}
}

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the TOML config file (default: $KIOSK_CONFIG, else built-in defaults).")
    var config: String?

    @Option(name: .long, help: "Path of the SQLite database (overrides [store] path).")
    var database: String?
}
