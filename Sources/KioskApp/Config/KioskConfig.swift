import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite

/// Everything a kiosk is configured with. Built-in defaults make it run with no config file at
/// all (a demo catalog, a database in the user's data folder); `kiosk/kiosk.sample.toml` shows
/// every key with a comment.
public struct KioskConfig: Sendable {
    public var kioskID = "kiosk-1"
    /// This kiosk's code namespace (0…1023), unique per kiosk; the central store assigns it at
    /// registration. Two kiosks with the same namespace could issue the same code while offline.
    public var namespace = KioskNamespace(number: 1)!
    public var siteTimeZone = TimeZone(identifier: "Europe/Moscow")!
    public var currency = Currency.rub
    public var language = MoneyFormatter.Language.ru
    public var zone: String? = nil
    public var databasePath = KioskConfig.defaultDatabasePath()
    public var overpayment = OverpaymentPolicy.returnOvershootingNote
    /// How long the payment screen waits for a note or a touch before it ends the payment,
    /// keeping what was inserted as a customer credit.
    public var paymentTimeoutSeconds = 120
    public var devices = DeviceConfig()
    /// Shown on the out-of-service screen ("call …"); empty shows none.
    public var supportPhone = ""
    /// Prefix of the QR code on the done screen and receipt (e.g. the PCs' login page); the code's
    /// canonical form is appended. Nil: the QR holds the bare code.
    public var loginURL: String? = nil
    /// What a sale does when the receipt printer is down: show the code on screen (default) or
    /// take no money at all (`[sales] show_code_when_printer_down = false`).
    public var printerPolicy = PrinterFaultPolicy()
    public var plans: [PricePlan]
    /// "Time for any amount" at an hourly rate (`[rate]`); nil hides that button.
    public var ratePlan: RatePlan? = nil
    /// Staff who may open the kiosk: names and PIN hashes (`kiosk staff hash-pin` makes one).
    public var staff: [StaffAccess.Member] = []
    /// Rotating online backups of the database (`[store] backup_folder`, `backup_keep`,
    /// `backup_minutes`): the folder (nil: `<database>.backup`), how many good ones stay, and
    /// how often `kiosk run` takes one (0: only at start and by `kiosk store backup`).
    public var backupFolder: String? = nil
    public var backupKeep = 7
    public var backupMinutes = 60

    public var backups: DatabaseBackups {
        DatabaseBackups(folder: backupFolder ?? DatabaseBackups.defaultFolder(forDatabase: databasePath), keep: backupKeep)
    }

    /// The folder of the database, where the kiosk keeps its other files (token, screen.png).
    public var dataFolder: String { (databasePath as NSString).deletingLastPathComponent }

    public init(plans: [PricePlan]? = nil) {
        self.plans = plans ?? Self.demoPlans(currency: .rub)
    }

    /// Where this kiosk's store token is: `[devices] store_token_file`, else beside the database.
    public var storeTokenPath: String {
        devices.storeTokenFile ?? (dataFolder + "/store-token")
    }

    /// `$KIOSK_DATA_DIR/kiosk.sqlite`, else `$XDG_DATA_HOME/kiosk/kiosk.sqlite`, else
    /// `~/.local/share/kiosk/kiosk.sqlite`; the systemd unit sets KIOSK_DATA_DIR=/var/lib/kiosk.
    public static func defaultDatabasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["KIOSK_DATA_DIR"], !dir.isEmpty { return dir + "/kiosk.sqlite" }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/kiosk/kiosk.sqlite" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/kiosk/kiosk.sqlite"
    }

    /// The catalog a kiosk sells when the config names none: enough to try every flow.
    public static func demoPlans(currency: Currency) -> [PricePlan] {
        [
            PricePlan(id: "internet-1h", name: "Internet 1 hour", price: .major(100, currency),
                      grant: .minutes(60, .internet), validity: Validity(daysFromFirstUse: 30)),
            PricePlan(id: "game-3h", name: "Games 3 hours", price: .major(250, currency),
                      grant: .minutes(180, .game), validity: Validity(daysFromSale: 30), maxBonusBasisPoints: 2000),
            PricePlan(id: "night-game", name: "Night games 22:00-08:00", price: .major(400, currency),
                      grant: .minutes(600, .game),
                      salesWindows: [SalesWindow(weekdays: SalesWindow.everyDay, startMinute: 22 * 60, endMinute: 8 * 60)],
                      validity: Validity(daysFromSale: 1)),
            PricePlan(id: "wifi-500mb", name: "Wi-Fi 500 MB", price: .major(50, currency), grant: .dataMegabytes(500),
                      validity: Validity(daysFromFirstUse: 7)),
            PricePlan(id: "refill-100", name: "Refill 100", price: .major(100, currency), grant: .money(.major(100, currency)),
                      validity: Validity(daysFromSale: 90)),
            PricePlan(id: "guest-free-30m", name: "Guest 30 minutes", price: .major(0, currency),
                      grant: .minutes(30, .internet), validity: Validity(daysFromSale: 1), isFree: true),
        ]
    }
}
