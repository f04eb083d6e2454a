import ArgumentParser
import CKioskShim
import Foundation
import KioskStoreSQLite

/// `kiosk run`: the kiosk itself, as the config file describes it (`kiosk.service` runs it with
/// `KIOSK_CONFIG=/etc/kiosk/kiosk.toml` and no flags). Flags only override config keys for one
/// start; `KioskComposition` builds the running kiosk from the result.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the kiosk: screen, touch, bill acceptor, sales.",
        discussion: """
            Everything comes from the config file ([devices], [kiosk], [sales]; see kiosk/kiosk.sample.toml); \
            each device flag overrides one key. Without devices: `ccnet-emulator run --link /tmp/kiosk-bv --control \
            /tmp/kiosk-bv.sock &` then `kiosk run --display vnc --cash-port /tmp/kiosk-bv` and connect a VNC viewer \
            to localhost:5900; insert notes with `ccnet-emulator ctl /tmp/kiosk-bv.sock insert 100`.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var devices: DeviceOverrides

    @Option(help: "TrueType font for the screen (default: DejaVu Sans from Debian or Assets/fonts).")
    var font: String?

    @Option(help: "Script of input lines (tap X Y, press ACTION [ARGUMENT], char C, enter, wait SECONDS, screen) played after start.")
    var script: String?

    @Option(help: "Stop after this many seconds (for demos and tests).")
    var exitAfter: Double?

    func validate() throws {
        var scratch = KioskConfig()
        try devices.apply(to: &scratch, cwd: "/")   // the flags' own rules, before anything opens
    }

    func run() async throws {
        // Frame-sized buffers (a 1920×1080 screen is 8 MB; a PNG frame's RGB copy 6 MB) come from
        // mmap and go back to the kernel when freed. glibc's default threshold rises to the size of
        // the first large block freed, after which such blocks stay in the heap for good: 6 MB
        // more resident for the kiosk's whole life (measured with kiosk-bench display).
        _ = kiosk_malloc_set_mmap_threshold(256 * 1024)
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data(("kiosk: " + line + "\n").utf8)) }
        let config = try Runtime.loadConfig(global, overrides: devices)
        let systemd = SystemdNotifier()
        // SQLite's integrity check, read-only, before anything opens the database to write: a
        // kiosk never sells on a damaged file, and never writes to it (see DamagedDatabaseScreen
        // for why that is READY but out of service rather than a failed start).
        if case .damaged(let messages) = DatabaseIntegrity.check(path: config.databasePath) {
            try await DamagedDatabaseScreen(config: config, messages: messages, log: log)
                .run(font: font, systemd: systemd, exitAfter: exitAfter)
            return
        }
        let runtime = try await Runtime.open(config: config)
        let lines = try script.map { try ScriptedInput.load(path: $0) }
        let kiosk = try KioskComposition.build(config: runtime.config, store: runtime.store, font: font, log: log)
        try await kiosk.start()
        // Under systemd (kiosk.service is Type=notify with a watchdog): ready now, and a ping from
        // the status loop, so a hung loop gets the kiosk restarted.
        try? systemd?.ready(status: "selling on \(kiosk.sink.name)")
        try await kiosk.run(script: lines, exitAfter: exitAfter, watchdog: { try? systemd?.watchdog() })
        await kiosk.stop()
        log("screen at exit: \(await kiosk.session.screen)")
    }
}
