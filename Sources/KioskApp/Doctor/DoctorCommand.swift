import ArgumentParser
import Foundation

/// `kiosk doctor`: checks everything the kiosk needs on this machine and says what to fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check display, input, printer, bill acceptor, database, store, disk and clock.",
        discussion: """
            Prints one line per check: OK, WARN or FAIL, what was seen and what to fix. Exit status \
            0: all OK; 1: at least one FAIL; 2: warnings only. Run it as the service runs (user kiosk \
            with its device groups, see docs/deploy.md) and with the kiosk stopped, since the bill \
            acceptor handshake needs the port to itself.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var devices: DeviceOverrides

    @Option(help: "Seconds to wait for the store's health route.")
    var storeTimeout: Double = 5

    // Injection points for tests, hidden from help.
    @Option(help: .hidden) var now: String?
    @Option(help: .hidden) var sysfs = "/sys"
    @Option(help: .hidden) var dev = "/dev"

    func validate() throws {
        if let now, ISO8601DateFormatter().date(from: now) == nil {
            throw ValidationError("--now must be an ISO 8601 time like 2026-01-31T12:00:00Z")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try Runtime.loadConfig(global, overrides: devices, environment: environment)
        let clock = now.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date()
        let doctor = Doctor(config: config, paths: SystemPaths(sysfs: sysfs, dev: dev), now: clock,
                            tools: ToolRunner(environment: environment), storeTimeoutSeconds: storeTimeout)
        var worst = DoctorFinding.Status.ok
        for check in doctor.checks {
            let finding = await check()
            say(finding.line)
            worst = max(worst, finding.status)
        }
        switch worst {
        case .ok: say("doctor: all checks OK")
        case .warn: say("doctor: warnings only"); throw ExitCode(2)
        case .fail: say("doctor: something needs fixing (FAIL above)"); throw ExitCode(1)
        }
    }

    /// Unbuffered, so each line shows as its check ends (the cash handshake takes seconds).
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

}

/// The checks in the order a technician fixes things: machine first, then devices, then data.
struct Doctor: Sendable {
    let config: KioskConfig
    let paths: SystemPaths
    let now: Date
    let tools: ToolRunner
    var storeTimeoutSeconds: Double = 5

    var checks: [@Sendable () async -> DoctorFinding] {
        let config = config, paths = paths, now = now, tools = tools, timeout = storeTimeoutSeconds
        let dataFolder = (config.databasePath as NSString).deletingLastPathComponent
        return [
            { ClockCheck(now: now, tools: tools).time() },
            { await OwnThread.run("doctor ntp") { ClockCheck(now: now, tools: tools).ntp() } },
            { await OwnThread.run("doctor disk") { DiskCheck(folder: dataFolder).run() } },
            { DisplayCheck(paths: paths, mode: config.devices.display).run() },
            { InputCheck(paths: paths, touchPath: config.devices.touch, display: config.devices.display).run() },
            { await OwnThread.run("doctor printer") {
                if let folder = config.devices.receiptFolder { return ReceiptFolderCheck(folder: folder).run() }
                return PrinterCheck(queue: config.devices.printer, tools: tools).run()
            } },
            { await OwnThread.run("doctor cash") { CashCheck(path: config.devices.cash).run() } },
            { await OwnThread.run("doctor database") { DatabaseCheck(path: config.databasePath, currency: config.currency).run() } },
            { await StoreCheck(baseURL: config.devices.storeURL, caPath: config.devices.storeCA,
                               tokenFile: config.storeTokenPath, timeoutSeconds: timeout).run() },
        ]
    }
}
