import ArgumentParser
import Foundation
import KioskCash
import KioskCore
import KioskCrypto
import KioskDisplay
import KioskDomain
import KioskGraphics
import KioskPrinting
import KioskUI

/// `kiosk run`: the kiosk itself. Wires the UI to a display and its input, the bill acceptor,
/// the store and the use cases. Works on a machine without devices: `--display vnc` (or png) and
/// `--cash-port` pointing at `ccnet-emulator`'s pty.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the kiosk: screen, touch, bill acceptor, sales.",
        discussion: """
            Without devices: `ccnet-emulator run --link /tmp/kiosk-bv --control /tmp/kiosk-bv.sock &` then \
            `kiosk run --display vnc --cash-port /tmp/kiosk-bv` and connect a VNC viewer to localhost:5900; \
            insert notes with `ccnet-emulator ctl /tmp/kiosk-bv.sock insert 100`.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Display: auto (drm, fbdev, then vnc), drm, fbdev, vnc or png.")
    var display: String = "auto"

    @Option(help: "Screen size for vnc and png, WIDTHxHEIGHT (1920x1080, 1080x1920, 800x480).")
    var size: String = "1920x1080"

    @Option(help: "Pixels per inch of the panel: touch targets are at least 9 mm at this density.")
    var dpi: Double = 96

    @Option(help: "VNC port (listens on localhost only).")
    var vncPort: Int = 5900

    @Option(help: "PNG file the png display rewrites on every frame.")
    var png: String = "kiosk-screen.png"

    @Option(help: "Serial port of a CCNET bill acceptor (or ccnet-emulator's --link).")
    var cashPort: String?

    @Option(help: "Banknotes accepted, in major units, comma-separated.")
    var notes: String = "50,100,200,500,1000,2000,5000"

    @Option(help: "CUPS queue of the receipt printer (an ESC/POS roll, 80 mm).")
    var printer: String?

    @Option(help: "Write receipts into this folder instead of printing (ESC/POS bytes and a PNG preview).")
    var receiptFolder: String?

    @Option(help: "Phone number shown when the kiosk is out of service.")
    var supportPhone: String = ""

    @Option(help: "Prefix of the QR code on the done screen; the code is appended.")
    var loginURL: String?

    @Option(help: "TrueType font for the screen (default: DejaVu Sans from Debian or Assets/fonts).")
    var font: String?

    @Option(help: "Script of input lines (tap X Y, press ACTION [ARGUMENT], char C, enter, wait SECONDS, screen) played after start.")
    var script: String?

    @Option(help: "Seconds between sync rounds with the central store ([devices] store_url); failures back off.")
    var syncSeconds: Double = 5

    @Option(help: "Stop after this many seconds (for demos and tests).")
    var exitAfter: Double?

    func validate() throws {
        guard parseSize() != nil else { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 1920x1080") }
        guard parseNotes() != nil else { throw ValidationError("--notes must be positive whole numbers, e.g. 50,100,500") }
        guard ["auto", "drm", "fbdev", "vnc", "png"].contains(display) else {
            throw ValidationError("--display must be auto, drm, fbdev, vnc or png")
        }
        guard dpi >= 50 && dpi <= 600 else { throw ValidationError("--dpi must be between 50 and 600") }
        guard syncSeconds >= 0.05 else { throw ValidationError("--sync-seconds must be at least 0.05") }
    }

    func parseSize() -> (Int, Int)? {
        let p = size.lowercased().split(separator: "x").compactMap { Int($0) }
        return p.count == 2 && p[0] >= 320 && p[1] >= 240 ? (p[0], p[1]) : nil
    }

    func parseNotes() -> [Int64]? {
        let n = notes.split(separator: ",").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
        guard !n.isEmpty, n.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return n.compactMap { $0 }
    }

    func run() async throws {
        let log: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data(("kiosk: " + line + "\n").utf8)) }
        let runtime = try await Runtime.open(global)
        let config = runtime.config
        let (width, height) = parseSize()!
        let currency = config.currency
        let notes = parseNotes()!.map { Money.major($0, currency) }

        let order: [DisplaySelector.Kind] = switch display {
        case "drm": [.drm]
        case "fbdev": [.fbdev]
        case "vnc": [.vnc]
        case "png": [.png]
        default: [.drm, .fbdev, .vnc]
        }
        let sink = try DisplaySelector.open(DisplaySelector.Options(order: order, vnc: VNCSink.Options(port: vncPort),
                                                                     pngPath: png, headlessWidth: width, headlessHeight: height),
                                            log: log)
        defer { sink.close() }
        let input: (any InputSource)? = switch sink {
        case let vnc as VNCSink: vnc.input
        case is PNGSink: nil
        default: {
            let source = EvdevInputSource(geometry: ScreenGeometry(sink.mode), log: log)
            source.start()
            return source
        }()
        }

        var driver: CCNETDriver?
        if let cashPort {
            var c = CCNETDriver.Configuration(path: cashPort, currency: currency)
            c.log = { log("cash: " + $0) }
            let d = CCNETDriver(configuration: c)
            d.start()
            driver = d
        }
        let clock = SystemWallClock()
        if config.staff.isEmpty { log("no [[staff]] in the config: staff mode cannot be opened") }
        let staffAccess = StaffAccess(staff: config.staff, hasher: PBKDF2PINHasher(), log: runtime.store, clock: clock)

        let fontFace = try Font(path: Self.fontPath(font))
        var receiptPrinter: (any Printer)?
        if printer != nil || receiptFolder != nil {
            let rasterizer = GraphicsRasterizer(regular: fontFace, bold: (try? Font(path: Self.boldFontPath)) ?? fontFace)
            let kind = PrinterKind.receiptRoll(ReceiptEncoder(paperWidth: 576, mode: .raster(rasterizer)), statusProbe: nil)
            if let receiptFolder {
                receiptPrinter = FilePrinter(name: "receipt-folder", folder: URL(fileURLWithPath: receiptFolder), kind: kind)
            } else if let printer {
                receiptPrinter = CupsPrinter(client: CupsClient(), queue: printer, kind: kind)
            }
        }
        let theme = Theme(size: Size(width: sink.mode.width, height: sink.mode.height), dpi: dpi)
        let catalog = Catalog(plans: config.plans, ratePlan: config.ratePlan, refillPlans: config.plans, acceptedNotes: notes, zone: config.zone,
                              siteTimeZone: config.siteTimeZone, currency: currency)
        let model = KioskScreenModel(language: config.language, catalog: catalog, supportPhone: supportPhone, now: clock.now())
        // The session exists only after the link, so the link hands new plans over through this box.
        let sessionBox = SessionBox()
        let storeLink = try StoreLink.open(config: config, store: runtime.store, interval: .milliseconds(Int(syncSeconds * 1000)),
                                           log: log, status: { await sessionBox.session?.statusReport() }) { plans in
            await sessionBox.session?.adoptPlans(plans)
        }
        let deps = RunDependencies(config: config, sink: sink, store: runtime.store, driver: driver,
                                   acceptor: driver.map { SharedCashAcceptor($0) }, clock: clock, staffAccess: staffAccess,
                                   printer: receiptPrinter, acceptedNotes: notes, storeLink: storeLink,
                                   loginURL: loginURL, log: log)
        // Every note a previous run left unsettled ends as a ticket, a refill, a recorded credit or
        // a dispute for staff before anyone can buy.
        // First listen to what the bill acceptor says about notes it finished or gave back while
        // the kiosk was away, so recorded intents are matched instead of becoming disputes.
        var reports: [CashAcceptorEvent] = []
        if let acceptor = deps.acceptor { reports = await CashCommand.Sell.powerUpReports(acceptor, settle: .milliseconds(1500)) }
        let resolutions = try await ReconcileAfterRestart(store: runtime.store, sale: deps.sell, refills: deps.refill)
            .run(deviceReports: reports, acceptor: deps.acceptor)
        for r in resolutions { log("restart reconciliation: \(r)") }
        let session = KioskSession(deps: deps, theme: theme, font: fontFace, model: model)
        await sessionBox.set(session)
        await session.refreshStatus()
        await session.start()
        log("running on \(sink.name) at \(sink.mode.width)x\(sink.mode.height), \(dpi) dpi; cash \(cashPort ?? "none")")
        // Under systemd (kiosk.service is Type=notify with a watchdog): ready now, and a ping from
        // the main loop below, so a hung loop gets the kiosk restarted.
        let systemd = SystemdNotifier()
        try? systemd?.ready(status: "selling on \(sink.name)")

        try await withThrowingTaskGroup(of: Void.self) { group in
            if let input {
                group.addTask { for await event in input.events { await session.input(event) } }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    await session.refreshStatus()   // a device that just connected opens sales within a second
                    await session.tick()
                    try? systemd?.watchdog()
                }
            }
            if let storeLink {
                log("syncing with the store at \(config.devices.storeURL ?? "")")
                group.addTask { await storeLink.sync.run() }
            }
            if let script {
                let lines = try ScriptedInput.load(path: script)
                group.addTask { try await ScriptedInput.play(lines, on: session, log: log) }
            }
            if let exitAfter {
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int(exitAfter * 1000)))
                    throw CancellationError()
                }
            }
            do {
                while try await group.next() != nil {}
            } catch is CancellationError {
                log("stopping after \(exitAfter ?? 0) s as asked")
            }
            group.cancelAll()
        }
        input?.stop()
        await driver?.stop()
        try? await storeLink?.client.shutdown()
        log("screen at exit: \(await session.screen)")
    }

    /// Holds the session for callbacks made before it existed (the store link's catalog).
    actor SessionBox {
        private(set) var session: KioskSession?
        func set(_ session: KioskSession) { self.session = session }
    }

    static let boldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

    static func fontPath(_ given: String?) throws -> String {
        let candidates = [given, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Assets/fonts/DejaVuSans.ttf"].compactMap { $0 }
        for path in candidates where FileManager.default.isReadableFile(atPath: path) { return path }
        throw CommandFailure(description: "no screen font: install fonts-dejavu-core or pass --font PATH")
    }
}
