import Foundation
import KioskCash
import KioskDisplay
import KioskDomain
import KioskGraphics
import KioskUI

/// `kiosk run` on a database that SQLite's integrity check finds damaged: the kiosk stays out of
/// service and never sells, and says why on its screen, in the journal and in `systemctl status`.
///
/// Decision: READY-but-out-of-service, not a failed start. kiosk.service is `Restart=always` with
/// no start limit, so a failed start would restart every few seconds for ever: the screen would
/// stay black (or flicker), the bill acceptor would be reset again and again, the journal would
/// fill with the same lines, and each start would open the damaged file anew. Instead the kiosk
/// sends `READY=1` with `STATUS=OUT OF SERVICE: …` (what `systemctl status kiosk` shows), pings the
/// watchdog from its loop as usual, draws "out of service" with the reason and the command that
/// fixes it, and logs SQLite's messages once (`journalctl -u kiosk`). It stays so until a
/// technician stops it and runs `kiosk store restore`.
///
/// Nothing here opens the database read-write (no migration, no checkpoint, no write of any
/// kind), so the damaged file and its WAL stay as they are for the restore to read. The bill
/// acceptor is started and never enabled: the driver keeps it inhibited (a device left enabled by
/// a killed run takes no note), a note in escrow from before the start goes back to the customer
/// at RESET, and a note the device reports stacked is never confirmed, so the device reports it
/// again to the kiosk that runs on the restored database.
struct DamagedDatabaseScreen {
    let config: KioskConfig
    /// SQLite's own messages from `DatabaseIntegrity.check`.
    let messages: [String]
    let log: @Sendable (String) -> Void

    /// One line for the journal, `systemctl status` and the screen.
    var summary: String {
        "the kiosk's database \(config.databasePath) is damaged (SQLite: \(messages.first ?? "integrity check failed")): "
            + "out of service, nothing is sold. Stop the kiosk and run `kiosk store restore` (docs/deploy.md, \"A damaged database\")"
    }

    /// Shows the notice and keeps the watchdog fed until cancelled or `exitAfter` seconds.
    func run(font: String?, systemd: SystemdNotifier?, exitAfter: Double?) async throws {
        let say = log   // for the closures and tasks below
        for message in messages { log("database damaged: SQLite says: \(message)") }
        log("OUT OF SERVICE: " + summary)
        let sink = try KioskComposition.openDisplay(config: config, log: log)
        defer { sink.close() }
        try await draw(on: sink, font: font)

        var cash = CCNETDriver.Configuration(path: config.devices.cash, currency: config.currency)
        cash.log = { line in say("cash: " + line) }
        let driver = CCNETDriver(configuration: cash)
        driver.start()   // never enabled: the device stays inhibited while this screen is up

        try? systemd?.ready(status: "OUT OF SERVICE: " + summary)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in driver.events {
                    say("cash: \(event) reported while the database is damaged: left unconfirmed, "
                        + "the device reports it again to the kiosk on the restored database")
                }
            }
            if let vnc = sink as? VNCSink {
                group.addTask { for await _ in vnc.input.events {} }   // touches do nothing here
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    try? systemd?.watchdog()
                }
            }
            if try await ExitAfter.wait(&group, seconds: exitAfter) {
                say("stopping after \(exitAfter ?? 0) s as asked, still out of service")
            }
            group.cancelAll()
            await driver.stop()
            (sink as? VNCSink)?.input.stop()
        }
    }

    /// The out-of-service screen with the technician's line, drawn once: nothing on it changes.
    func draw(on sink: any DisplaySink, font: String?) async throws {
        let face = try Font(path: KioskComposition.fontPath(font))
        var model = KioskScreenModel(language: config.language,
                                     catalog: ScreenCatalog(plans: [], acceptedNotes: [], siteTimeZone: config.siteTimeZone, currency: config.currency),
                                     supportPhone: config.supportPhone, now: Date())
        model.screen = .outOfService
        model.status.salesClosedReason = summary
        model.status.technicianNotice = "Database damaged: \(messages.first ?? "integrity check failed"). "
            + "Technician: stop the kiosk, run `kiosk store restore`, start it again."
        let ui = UIController(model: model, theme: KioskComposition.theme(config: config, sink: sink), font: face, qr: GraphicsQREncoder())
        let buffer = sink.makeBuffer()
        let canvas = Canvas(buffer: buffer, trackDamage: false)
        let renderer = ViewRenderer(theme: ui.theme, font: face)
        _ = renderer.render(ui.layout, on: canvas)
        try await sink.present(buffer, damage: [])   // empty damage: the whole frame
    }
}
