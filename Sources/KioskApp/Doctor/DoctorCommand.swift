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

            `kiosk doctor --pin-cash` (as root, with the bill acceptor's USB-serial adapter plugged \
            in) writes the udev rule that makes that adapter, and no other, /dev/kiosk/cash \
            (udev/README.md), reloads udev and shows the cash-pin check; nothing else is checked.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var devices: DeviceOverrides

    @Option(help: "Seconds to wait for the store's health route.")
    var storeTimeout: Double = 5

    /// With several adapters attached, `--cash-port /dev/ttyUSB1` says which one.
    @Flag(help: "Pin the attached USB-serial adapter (or --cash-port's) as the bill acceptor: writes a udev rule, then stops.")
    var pinCash = false

    // Injection points for tests, hidden from help.
    @Option(help: .hidden) var now: String?
    @Option(help: .hidden) var sysfs = "/sys"
    @Option(help: .hidden) var dev = "/dev"
    @Option(help: .hidden) var udevRules = CashAdapterPin.defaultRulesFolder

    func validate() throws {
        if let now, ISO8601DateFormatter().date(from: now) == nil {
            throw ValidationError("--now must be an ISO 8601 time like 2026-01-31T12:00:00Z")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let clock = now.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date()
        let paths = SystemPaths(sysfs: sysfs, dev: dev)
        if pinCash {
            let pinning = CashPinning(paths: paths, rulesFolder: udevRules, tools: ToolRunner(environment: environment))
            let outcome = pinning.pin(port: devices.cashPort, now: clock)
            outcome.messages.forEach(say)
            let finding = CashPinCheck(paths: paths, rulesFolder: udevRules, configuredPath: CashPinCheck.linkPath).run()
            say(finding.line)
            if !outcome.pinned || finding.status != .ok { throw ExitCode(1) }
            return
        }
        let config = try Runtime.loadConfig(global, overrides: devices, environment: environment)
        let doctor = Doctor(config: config, paths: paths, now: clock, udevRules: udevRules,
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
    var udevRules = CashAdapterPin.defaultRulesFolder
    let tools: ToolRunner
    var storeTimeoutSeconds: Double = 5

    var checks: [@Sendable () async -> DoctorFinding] {
        let config = config, paths = paths, now = now, tools = tools, timeout = storeTimeoutSeconds, udevRules = udevRules
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
            { CashPinCheck(paths: paths, rulesFolder: udevRules, configuredPath: config.devices.cash).run() },
            { await OwnThread.run("doctor cash") { CashCheck(path: config.devices.cash).run() } },
            { await OwnThread.run("doctor database") { DatabaseCheck(path: config.databasePath, currency: config.currency).run() } },
            { await StoreCheck(baseURL: config.devices.storeURL, caPath: config.devices.storeCA,
                               tokenFile: config.storeTokenPath, timeoutSeconds: timeout).run() },
        ]
    }
}
