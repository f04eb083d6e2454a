import Foundation
import KioskCash
import KioskCore
import KioskCrypto
import KioskDisplay
import KioskDomain
import KioskGraphics
import KioskPrinting
import KioskStoreSQLite
import KioskUI
import Synchronization

/// The running kiosk, built from a loaded config: display and input, bill acceptor, printer,
/// store link and the session that ties them to the use cases. `kiosk run` is this and nothing
/// else, and tests build the very same object (as kiosk-store's `buildApplication`), so no test
/// can wire a kiosk the product never runs.
struct ComposedKiosk: Sendable {
    let config: KioskConfig
    let sink: any DisplaySink
    /// VNC's keyboard and pointer, or the kernel's evdev devices on drm and fbdev; nil for png.
    let input: (any InputSource)?
    /// What the evdev input reads (touch node, calibration); used only on drm and fbdev.
    let touch: EvdevInputSource.Options
    let driver: CCNETDriver
    let deps: RunDependencies
    let session: KioskSession
    let theme: Theme
    let log: @Sendable (String) -> Void
}

enum KioskComposition {
    /// How long the bill acceptor is listened to at start for notes it finished or gave back
    /// while the kiosk was away, before reconciliation.
    static let powerUpSettle = Duration.milliseconds(1500)

    /// Opens every device the config names and makes the session; nothing is sold until `start`.
    static func build(config: KioskConfig, store: SQLiteKioskStore, font: String? = nil,
                      log: @escaping @Sendable (String) -> Void) throws -> ComposedKiosk {
        let d = config.devices
        let sink = try openDisplay(config: config, log: log)
        let touch = EvdevInputSource.Options(calibration: TouchCalibrationOverrides(
            swapAxes: d.touchCalibration.swapAxes, invertX: d.touchCalibration.invertX, invertY: d.touchCalibration.invertY),
            touchNode: d.touch)
        let input: (any InputSource)? = switch sink {
        case let vnc as VNCSink: vnc.input
        case is PNGSink: nil
        default: EvdevInputSource(geometry: ScreenGeometry(sink.mode), options: touch, log: log)
        }

        var cash = CCNETDriver.Configuration(path: d.cash, currency: config.currency)
        cash.log = { log("cash: " + $0) }
        let driver = CCNETDriver(configuration: cash)

        let fontFace = try Font(path: fontPath(font))
        let kind = PrinterKind.receiptRoll(ReceiptEncoder(paperWidth: 576, mode: .raster(GraphicsRasterizer(
            regular: fontFace, bold: (try? Font(path: boldFontPath)) ?? fontFace))), statusProbe: nil)
        let printer: any Printer = if let folder = d.receiptFolder {
            FilePrinter(name: "receipt-folder", folder: URL(fileURLWithPath: folder), kind: kind)
        } else {
            CupsPrinter(client: CupsClient(), queue: d.printer, kind: kind)
        }

        let clock = SystemWallClock()
        if config.staff.isEmpty { log("no [[staff]] in the config: staff mode cannot be opened") }
        // scrypt for new PIN hashes; PBKDF2 ones of earlier versions still open staff mode (StaffPINHasher),
        // and the log says to replace them: they were made when 6-digit PINs were allowed.
        let pinHasher = StaffPINHasher()
        for member in config.staff where pinHasher.needsRehash(member.pinHash) {
            log("warning: staff \(member.name)'s PIN hash is of an earlier version (PBKDF2, PINs from 6 digits): "
                + "make an \(StaffAccess.minimumNewPINLength)-digit PIN with `kiosk staff hash-pin` and replace its pin_hash")
        }
        let staffAccess = StaffAccess(staff: config.staff, hasher: pinHasher, log: store, clock: clock)
        // The session exists only after the link, so the link hands plans and status over through this box.
        let sessionBox = SessionBox()
        let storeLink = try StoreLink.open(config: config, store: store, interval: .milliseconds(Int(d.syncSeconds * 1000)),
                                           log: log, status: { await sessionBox.session?.statusReport() }) { plans in
            await sessionBox.session?.adoptPlans(plans)
        }
        let deps = RunDependencies(config: config, sink: sink, store: store, acceptor: SharedCashAcceptor(driver), clock: clock,
                                   staffAccess: staffAccess, printer: printer, storeLink: storeLink, log: log)
        let theme = Self.theme(config: config, sink: sink)
        let catalog = ScreenCatalog(plans: config.plans, ratePlan: config.ratePlan, refillPlans: config.plans,
                              acceptedNotes: deps.acceptedNotes, zone: config.zone,
                              siteTimeZone: config.siteTimeZone, currency: config.currency)
        let model = KioskScreenModel(language: config.language, catalog: catalog, supportPhone: config.supportPhone, now: clock.now())
        let session = KioskSession(deps: deps, theme: theme, font: fontFace, model: model)
        sessionBox.set(session)
        return ComposedKiosk(config: config, sink: sink, input: input, touch: touch, driver: driver, deps: deps,
                             session: session, theme: theme, log: log)
    }

    /// The screen `[devices] display` names (auto: DRM, else fbdev, else VNC), for the running
    /// kiosk and for the out-of-service screen of a damaged database alike.
    static func openDisplay(config: KioskConfig, log: @escaping @Sendable (String) -> Void) throws -> any DisplaySink {
        let d = config.devices
        let rotation = Rotation(degrees: d.rotation) ?? .none
        let order: [DisplaySelector.Kind] = switch d.display {
        case .drm: [.drm]
        case .fbdev: [.fbdev]
        case .vnc: [.vnc]
        case .png: [.png]
        case .auto: [.drm, .fbdev, .vnc]
        }
        return try DisplaySelector.open(DisplaySelector.Options(order: order, vnc: VNCSink.Options(port: d.vncPort),
                                                                 pngPath: d.pngPath ?? config.dataFolder + "/screen.png",
                                                                 headlessWidth: d.size.width, headlessHeight: d.size.height,
                                                                 rotation: rotation),
                                        log: log)
    }

    static func theme(config: KioskConfig, sink: any DisplaySink) -> Theme {
        Theme(size: Size(width: sink.mode.width, height: sink.mode.height), dpi: config.devices.dpi,
              mountingHeight: config.devices.mountingHeightMillimetres)
    }

    /// Holds the session for callbacks made before it existed (the store link's catalog and status).
    final class SessionBox: Sendable {
        private let stored = Mutex<KioskSession?>(nil)
        var session: KioskSession? { stored.withLock { $0 } }
        func set(_ session: KioskSession) { stored.withLock { $0 = session } }
    }

    static let boldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

    static func fontPath(_ given: String?) throws -> String {
        let candidates = [given, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "Assets/fonts/DejaVuSans.ttf"].compactMap { $0 }
        for path in candidates where FileManager.default.isReadableFile(atPath: path) { return path }
        throw CommandFailure(description: "no screen font: install fonts-dejavu-core or pass --font PATH")
    }
}

extension ComposedKiosk {
    /// Starts the devices, settles what an earlier run left unfinished, then shows the idle screen.
    /// Every note a previous run left unsettled ends as a ticket, a refill, a recorded credit or a
    /// dispute for staff before anyone can buy.
    func start() async throws {
        await session.showStarting()   // the first frame now; sales open once the last run is settled
        (input as? EvdevInputSource)?.start()
        driver.start()
        // First listen to what the bill acceptor says about notes it finished or gave back while
        // the kiosk was away, so recorded intents are matched instead of becoming disputes.
        _ = try await deps.checkout.settleAfterRestart(settle: KioskComposition.powerUpSettle)
        await session.start()
        log("running on \(sink.name) at \(sink.mode.width)x\(sink.mode.height), \(config.devices.dpi) dpi; "
            + "cash \(config.devices.cash); receipts \(config.devices.receiptFolder.map { "to folder \($0)" } ?? "to CUPS queue \(config.devices.printer)")")
    }

    /// Runs until cancelled (or `exitAfter` seconds): input, the once-a-second status round,
    /// sync with the store, and an input script if given. `ready` is called once sales are open.
    func run(script: [ScriptedInput.Line]? = nil, exitAfter: Double? = nil, watchdog: (@Sendable () -> Void)? = nil) async throws {
        let session = session, log = log
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let input {
                group.addTask { for await event in input.events { await session.input(event) } }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(1))
                    await session.refreshStatus()   // a device that just connected opens sales within a second
                    await session.tick()
                    watchdog?()
                }
            }
            let backups = BackupSchedule(store: deps.store, backups: config.backups, minutes: config.backupMinutes, log: log) { reason in
                await session.setPersistentFault(reason)
                await session.refreshStatus()
            }
            group.addTask { await backups.run() }
            if let storeLink = deps.storeLink {
                log("syncing with the store at \(config.devices.storeURL ?? "") every \(config.devices.syncSeconds) s")
                group.addTask { await storeLink.sync.run() }
            }
            if let script {
                group.addTask { try await ScriptedInput.play(script, on: session, log: log) }
            }
            if try await ExitAfter.wait(&group, seconds: exitAfter) {
                log("stopping after \(exitAfter ?? 0) s as asked")
            }
            group.cancelAll()
        }
    }

    /// Closes the devices and the store link.
    func stop() async {
        input?.stop()
        await driver.stop()
        try? await deps.storeLink?.client.shutdown()
        sink.close()
    }
}
