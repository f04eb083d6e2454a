import ArgumentParser
import Foundation
import KioskCash
import KioskCore
import KioskDomain
import KioskStoreSQLite
import KioskSystem

/// `kiosk-bench cash`: how long from a note pushed into the slot to the kiosk holding a
/// `.stacked` event, through the CCNET driver and `ccnet-emulator` on a real pty. The bench plays
/// the kiosk: it stacks every note as soon as it is in escrow. The emulator's mechanical times
/// (accept, stack) and the poll interval are printed with the figures, since they dominate them.
struct CashSuite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cash",
                                                    abstract: "Note inserted → stacked-event latency through the emulator on a pty.")

    @Option(help: "Notes to insert.") var notes = 200
    @Option(help: "Driver poll interval, ms (CashCode recommends 100–200).") var pollMs = 100
    @Option(help: "Emulator: ms to draw in and check a note.") var acceptMs = 50
    @Option(help: "Emulator: ms to stack a note.") var stackMs = 50
    @Option(help: "The ccnet-emulator binary (default: beside kiosk-bench).") var emulator: String?
    @Option(help: ArgumentHelp("Power-cut test: run the kiosk's cash sales against this database until killed.", visibility: .hidden))
    var powerCutKiosk: String?
    @Option(help: ArgumentHelp("Power-cut test: the bill acceptor's device path.", visibility: .hidden))
    var device: String?

    func run() async throws {
        if let powerCutKiosk {
            guard let device else { throw ValidationError("--power-cut-kiosk needs --device") }
            return try await PowerCutKiosk.run(database: powerCutKiosk, device: device)
        }
        let binary = emulator ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("ccnet-emulator").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("ccnet-emulator not found at \(binary): run `swift build --product ccnet-emulator` or pass --emulator")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-cash-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("tty").path
        let control = folder.appendingPathComponent("control.sock").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--link", link, "--control", control, "--note-log", folder.appendingPathComponent("notes.log").path,
                             "--accept-ms", "\(acceptMs)", "--stack-ms", "\(stackMs)", "--init-ms", "100", "--exit-with-parent"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for _ in 0..<500 where !(FileManager.default.fileExists(atPath: control) && FileManager.default.fileExists(atPath: link)) {
            try await Task.sleep(for: .milliseconds(10))
        }

        var configuration = CCNETDriver.Configuration(path: link, currency: .rub, country: "RUS")
        configuration.pollIntervalMilliseconds = pollMs
        let driver = CCNETDriver(configuration: configuration)
        let stream = driver.events
        driver.start()
        var iterator = stream.makeAsyncIterator()
        while let event = await iterator.next() {
            if case .connected = event { break }
        }
        try await driver.enable([.major(100, .rub)])
        while let event = await iterator.next(), event != .idle {}

        let socket = try LineConnection(path: control)
        var toEscrow: [Double] = []
        var toStacked: [Double] = []
        for index in 0..<notes {
            let inserted = ContinuousClock.now
            let reply = try socket.send("insert 100")
            guard reply.hasPrefix("ok") else { throw ValidationError("emulator refused note \(index): \(reply)") }
            var stacked = false
            while !stacked, let event = await iterator.next() {
                switch event {
                case let .escrow(_, note):
                    toEscrow.append((ContinuousClock.now - inserted).milliseconds)
                    try await driver.stack(note)
                case let .stacked(_, note):
                    toStacked.append((ContinuousClock.now - inserted).milliseconds)
                    try await driver.confirmStacked(note)
                    stacked = true
                case .fault, .disconnected, .rejected:
                    throw ValidationError("note \(index): unexpected \(event)")
                default:
                    break
                }
            }
            while let event = await iterator.next(), event != .idle {}
        }
        let statistics = driver.statistics
        await driver.stop()
        print("cash: \(notes) notes of 100 RUB through ccnet-emulator on a pty; driver poll \(pollMs) ms; emulator accept \(acceptMs) ms + stack \(stackMs) ms")
        print(String(format: "cash: inserted → escrow event   median %.1f ms  p99 %.1f ms  min %.1f  max %.1f",
                     percentile(toEscrow, 0.5), percentile(toEscrow, 0.99), toEscrow.min() ?? 0, toEscrow.max() ?? 0))
        print(String(format: "cash: inserted → stacked event  median %.1f ms  p99 %.1f ms  min %.1f  max %.1f",
                     percentile(toStacked, 0.5), percentile(toStacked, 0.99), toStacked.min() ?? 0, toStacked.max() ?? 0))
        print("cash: line: \(statistics.commands) commands, \(statistics.retries) retries, \(statistics.crcErrors) CRC errors, \(statistics.timeouts) timeouts")
    }
}

extension Duration {
    fileprivate var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// The child of Tests/system/power-cut.sh: the kiosk's real money flow (CCNET driver, SQLite store,
/// `CashPayment`, `SellTicket`, `ReconcileAfterRestart`) selling 100 RUB tickets for 50 and 100
/// RUB notes until it is killed with SIGKILL at a random moment. Every start first lets the bill
/// acceptor report what happened while the kiosk was away, gives back a note left in escrow, and
/// reconciles; confirmed stacked reports are released only after that. The test alternates it with
/// `kiosk cash sell`; this host adds a store that stalls before each note write (`StallingStore`).
enum PowerCutKiosk {
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func run(database: String, device: String) async throws {
        let store = try SQLiteKioskStore(path: database, currency: .rub)
        try await store.syncPlans(KioskSample.plans)
        var configuration = CCNETDriver.Configuration(path: device, currency: .rub, country: "RUS")
        configuration.pollIntervalMilliseconds = 30
        configuration.log = { say("driver: \($0)") }
        let driver = CCNETDriver(configuration: configuration)
        driver.start()
        let clock = SystemWallClock()
        let sale = SellTicket(store: store, clock: clock, namespace: KioskNamespace(number: 2)!,
                              overpayment: .returnOvershootingNote, rng: SystemRandomNumberGenerator())
        let refills = RefillAtKiosk(store: store, clock: clock, siteTimeZone: .current)

        // 1. What did the device do while we were away?
        var reports: [CashAcceptorEvent] = []
        var unconfirmed: [NoteRef] = []
        var iterator = driver.events.makeAsyncIterator()
        var strayEscrow = false
        startup: while let event = await iterator.next() {
            switch event {
            case .stacked(_, let note):
                reports.append(event)
                unconfirmed.append(note)
                break startup     // the device holds the report until confirmed: settled for now
            case .returned:
                reports.append(event)
                strayEscrow = false
            case .escrow(_, let note):
                strayEscrow = true   // no sale is open: give it back
                try? await driver.returnNote(note)
            case .idle, .disabled, .fault:
                if !strayEscrow { break startup }
            default:
                break
            }
        }
        // 2. Settle every interrupted sale against those reports, then release the reports.
        let resolutions = try await ReconcileAfterRestart(store: store, sale: sale, refills: refills).run(deviceReports: reports)
        for resolution in resolutions { say("reconciled: \(resolution)") }
        for note in unconfirmed { try await driver.confirmStacked(note) }
        say("ready")

        // 3. Sell until killed.
        let plan = KioskSample.plans[0]
        while true {
            let purchase = try await sale.begin(.ticket(plan), currency: .rub)
            say("sale \(purchase.id)")
            let payment = CashPayment(store: StallingStore(store), acceptor: driver, purchase: purchase,
                                      denominations: [.major(50, .rub), .major(100, .rub)], onChange: { _, event in
                // One line per step, so the test can tell after which step the kill landed.
                switch event {
                case .escrow(let amount, let note): say("escrow-decided \(amount) \(note)")
                case .stacking(let note): say("stacking \(note)")
                case .stacked(let amount, let note): say("credited \(amount) \(note)")
                case .returned(let amount, _): say("returned \(amount.map { "\($0)" } ?? "?")")
                default: break
                }
            })
            switch try await payment.run() {
            case .paid(let paid):
                let ticket = try await sale.issue(paid)
                try await sale.finish(purchaseID: paid.id, printed: false)
                say("issued \(ticket.code) for \(paid.id)")
            case .cancelled:
                say("cancelled \(purchase.id)")
            }
        }
    }
}

/// The store as `CashPayment` sees it in the power-cut test, with a disk that stalls: each write
/// about a note waits 0–40 ms before it commits (an fsync behind other I/O), which widens the
/// moments between a device report and its record that a kill must not turn into lost money.
struct StallingStore: KioskStore {
    let store: SQLiteKioskStore
    init(_ store: SQLiteKioskStore) { self.store = store }

    private func stall() async { try? await Task.sleep(for: .milliseconds(Int.random(in: 0...40))) }

    func syncPlans(_ plans: [PricePlan]) async throws { try await store.syncPlans(plans) }
    func activePlans() async throws -> [PricePlan] { try await store.activePlans() }
    func plan(id: String) async throws -> PricePlan? { try await store.plan(id: id) }
    func saveVoucherBatch(_ batch: GeneratedBatch) async throws -> SavedBatch { try await store.saveVoucherBatch(batch) }
    func beginPurchase(_ purchase: PurchaseRecord) async throws { try await store.beginPurchase(purchase) }
    func recordEscrow(purchaseID: String, amount: Money, deviceRef: String) async throws -> String {
        await stall()
        return try await store.recordEscrow(purchaseID: purchaseID, amount: amount, deviceRef: deviceRef)
    }
    func recordStacked(noteID: String, paysPurchase: Bool) async throws -> Bool {
        await stall()
        return try await store.recordStacked(noteID: noteID, paysPurchase: paysPurchase)
    }
    func recordReturned(noteID: String) async throws {
        await stall()
        try await store.recordReturned(noteID: noteID)
    }
    func recordStackConfirmed(noteID: String) async throws { try await store.recordStackConfirmed(noteID: noteID) }
    func recordPaid(purchaseID: String) async throws { try await store.recordPaid(purchaseID: purchaseID) }
    func issueTicket(purchaseID: String, ticket: Ticket, grant: Grant, surplus: SurplusPlacement?,
                     changeVoucherCode: AccessCode?) async throws {
        try await store.issueTicket(purchaseID: purchaseID, ticket: ticket, grant: grant, surplus: surplus,
                                    changeVoucherCode: changeVoucherCode)
    }
    func cancelPurchase(purchaseID: String) async throws -> String? { try await store.cancelPurchase(purchaseID: purchaseID) }
    func markPrinted(purchaseID: String, success: Bool) async throws { try await store.markPrinted(purchaseID: purchaseID, success: success) }
    func completePurchase(purchaseID: String) async throws { try await store.completePurchase(purchaseID: purchaseID) }
    func unfinishedPurchases() async throws -> [PurchaseSnapshot] { try await store.unfinishedPurchases() }
    func verify() async throws -> [IntegrityProblem] { try await store.verify() }
}
