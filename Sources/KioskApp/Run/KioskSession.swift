import Foundation
import KioskCore
import KioskDisplay
import KioskDomain
import KioskGraphics
import KioskUI


/// The running kiosk: one actor owns the UI state, the frame and the screen, so input, device
/// events and use-case results are applied one at a time and every change is drawn once.
///
/// Use cases run in tasks of their own and report back through `apply`; the UI never waits for a
/// device. The frame is redrawn only where it changed and presented with that damage.
actor KioskSession {
    let deps: RunDependencies
    var ui: UIController
    private let buffer: PixelBuffer
    private let canvas: Canvas
    private let renderer: ViewRenderer
    private let started = ContinuousClock.now
    /// The payment in progress, if any, so cancel and timeouts can reach it.
    private var payment: CashPayment?
    /// A failure after payment that needs a technician; keeps the kiosk out of service.
    var persistentFault: String?
    /// The last receipt made (printed or not), for the staff reprint.
    var lastReceipt: Receipt?
    /// The customer credit shown on screen ("your credit is kept"): the next purchase spends it.
    var keptCreditID: String?

    init(deps: RunDependencies, theme: Theme, font: Font, model: KioskScreenModel) {
        self.deps = deps
        ui = UIController(model: model, theme: theme, font: font, qr: GraphicsQREncoder())
        ui.timeouts.payment = Double(deps.config.paymentTimeoutSeconds)
        buffer = deps.sink.makeBuffer()
        // The renderer knows what changed (it compares views); the canvas keeps no second record.
        canvas = Canvas(buffer: buffer, trackDamage: false)
        renderer = ViewRenderer(theme: theme, font: font)
    }

    var seconds: Double {
        let d = ContinuousClock.now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    var screen: KioskScreen { ui.screen }
    /// What the screens show now (catalog, status, phone), for logs and tests.
    var model: KioskScreenModel { ui.model }
    /// The screen's case name, for logs.
    var screenName: String { String(describing: ui.screen).prefix { $0 != "(" }.description }

    // MARK: Input, time, events

    func input(_ event: InputEvent) async {
        guard let input = InputMapping.uiInput(event) else { return }
        let intents = ui.handle(input, at: seconds)
        await present()
        for intent in intents { await perform(intent) }
    }

    func tick() async {
        ui.apply(.clock(deps.clock.now()), at: seconds)
        let intents = ui.tick(at: seconds)
        await present()
        for intent in intents { await perform(intent) }
    }

    func apply(_ event: ScreenEvent) async {
        ui.apply(event, at: seconds)
        await present()
    }

    /// Draws what changed and hands exactly that to the display.
    func present() async {
        renderer.setTheme(ui.theme)   // a customer's display mode
        let damage = renderer.render(ui.layout, on: canvas)
        guard !damage.isEmpty else { return }
        do {
            try await deps.sink.present(buffer, damage: damage)
        } catch {
            deps.log("display: present failed: \(error)")
        }
    }

    /// True from process start until the last run's unfinished sales are settled.
    private var settling = true

    /// The first frame, drawn at once: "starting" while the last run is settled behind it.
    func showStarting() async {
        await refreshStatus()
        renderer.invalidate()
        await present()
    }

    /// Sales open (as far as the devices allow) and the stored customer credit is shown.
    func start() async {
        settling = false
        await refreshStatus()
        renderer.invalidate()
        await present()
        await refreshStaffData()
        // A credit made in the last minutes (a cancel, or a sale a power cut interrupted) belongs
        // to whoever is standing at the kiosk: show it and let them spend it.
        if let recent = try? await deps.store.openCustomerCredits().first,
           deps.clock.now().timeIntervalSince(recent.createdAt) < Self.recentCreditSeconds {
            keepCredit(id: recent.id)
            await apply(.creditKept(recent.amount))
        }
    }

    static let recentCreditSeconds: TimeInterval = 30 * 60

    func keepCredit(id: String?) { keptCreditID = id }

    /// Plans pulled from the central store replace the ones on screen (the next customer sees them).
    func adoptPlans(_ plans: [PricePlan]) async {
        let shown = ui.model.catalog
        await apply(.catalogChanged(ScreenCatalog(plans: plans, ratePlan: shown.ratePlan, refillPlans: plans, acceptedNotes: shown.acceptedNotes,
                                            zone: shown.zone, siteTimeZone: shown.siteTimeZone, currency: shown.currency)))
    }

    /// The plans on sale now, as the screen shows them.
    func plan(id: String) -> PricePlan? {
        ui.model.catalog.plans.first { $0.id == id } ?? ui.model.catalog.refillPlans.first { $0.id == id }
    }

    /// The centre of the enabled button whose action reads `name` ("startRefill",
    /// "choosePlan internet-1h"), for scripted input that must not depend on the layout.
    func centreOfButton(named name: String) -> (Int, Int)? {
        guard let button = ui.layout.buttons.first(where: { Self.scriptName($0.action) == name }) else { return nil }
        return (button.frame.x + button.frame.width / 2, button.frame.y + button.frame.height / 2)
    }

    /// `choosePlan("internet-1h")` → "choosePlan internet-1h"; an enum payload is named by its case
    /// alone: `setEntryMode(.username)` → "setEntryMode username", not its module-qualified type.
    static func scriptName(_ action: UIAction) -> String {
        let text = String(describing: action)
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return text }
        var argument = text[text.index(after: open)...].dropLast()
        if argument.hasPrefix("\"") {
            argument = argument.dropFirst().dropLast()
        } else if !argument.contains(" "), let last = argument.split(separator: ".").last {
            argument = last
        }
        return "\(text[..<open]) \(argument)"
    }

    func setPayment(_ p: CashPayment?) { payment = p }

    /// Cancels the running payment (CashPayment inhibits the acceptor, which wakes it at once).
    func cancelRunningPayment() async {
        guard let payment else { return }
        await payment.cancel()
    }
    /// "Done" on an open amount: the payment ends with what was inserted.
    func confirmRunningPayment() async {
        guard let payment else { return }
        await payment.confirmAmount()
    }
    func setPersistentFault(_ f: String) { persistentFault = f }

    /// Device health for the status screens, and the one rule that says whether money may be
    /// taken (`SalesReadiness`): out of service on screen, and a running payment ended (the
    /// acceptor inhibited, what was inserted kept as credit) the moment it says closed.
    func refreshStatus() async {
        var s = DeviceStatus()
        var readiness = SalesReadiness()
        readiness.outOfService = ui.model.outOfServiceBySwitch
        readiness.settlingAfterRestart = settling
        s.starting = settling

        let health = await deps.printer.health()
        s.printer = health.problem.map { .fault($0) } ?? (health.conditions.isEmpty ? .ok : .warning(health.message))
        readiness.printerGate = deps.printerPolicy.gate(for: health)

        let acceptor = deps.acceptor
        readiness.cashAcceptorConnected = acceptor.isConnected
        readiness.cashFault = acceptor.fault
        s.cashAcceptor = !acceptor.isConnected ? .fault("bill acceptor on \(deps.config.devices.cash) is not answering")
            : acceptor.fault.map { .fault($0.description) } ?? .ok

        if let link = deps.storeLink {
            s.store = await link.status(pending: (try? await deps.store.pendingOutboxCount()) ?? 0,
                                        refused: try? await deps.store.refusedOutbox())
        } else {
            s.storeConfigured = false
        }

        let folder = deps.config.dataFolder
        if let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder))?[.systemFreeSize] as? Int64 {
            readiness.freeBytes = UInt64(max(0, free))
            let mb = free / 1_048_576
            s.disk = UInt64(free) < readiness.minimumFreeBytes ? .fault("\(mb) MB free in \(folder)")
                : mb < 200 ? .warning("\(mb) MB free in \(folder)") : .ok
        }
        if let persistentFault {
            readiness.databaseWritable = false
            s.disk = .fault(persistentFault)
            s.technicianNotice = persistentFault   // on the out-of-service screen: it needs a person
        }

        if case .closed(let reasons) = readiness.verdict {
            s.salesClosedReason = reasons.joined(separator: "; ")
            if payment != nil {
                deps.log("sales closed during a payment (\(s.salesClosedReason ?? "")): ending it, the credit is kept")
                await cancelRunningPayment()
            }
        }
        var catalog = ui.model.catalog
        let notes = deps.acceptedNotes
        if catalog.acceptedNotes != notes {
            catalog.acceptedNotes = notes
            await apply(.catalogChanged(catalog))
        }
        if s != ui.model.status {
            if s.salesClosedReason != ui.model.status.salesClosedReason {
                deps.log(s.salesClosedReason.map { "sales closed: \($0)" } ?? "sales open")
            }
            await apply(.statusChanged(s))
        }
    }
}
