import ArgumentParser
import Foundation
import KioskCash
import KioskSystem

/// A CashCode bill validator speaking CCNET on a pseudo-terminal, for tests, benchmarks and
/// trying the kiosk without hardware. See docs/cash.md.
struct CCNETEmulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ccnet-emulator",
        abstract: "Emulates a CashCode bill validator (CCNET) on a pty.",
        subcommands: [Run.self, Control.self],
        defaultSubcommand: Run.self)
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the emulated validator.")

    @Option(help: "Symlink to create pointing at the pty the kiosk should open.")
    var link: String?
    @Option(help: "File to write the pty's path into.")
    var pathFile: String?
    @Option(help: "Unix socket for control commands (insert 100, jam, power-cycle, …).")
    var control: String?
    @Option(help: "Append-only, fsynced log of every note stacked or returned.")
    var noteLog: String?
    @Option(help: "Bill-table country code.")
    var country = "RUS"
    @Option(help: "Denominations in the bill table, in bill-type order (major units).")
    var bills = "10,50,100,200,500,1000,2000,5000"
    @Option(help: "Milliseconds to draw in and check a note.")
    var acceptMs = 300
    @Option(help: "Milliseconds to stack a note.")
    var stackMs = 400
    @Option(help: "Milliseconds to return a note.")
    var returnMs = 300
    @Option(help: "Milliseconds to reject a note.")
    var rejectMs = 300
    @Option(help: "Milliseconds of INITIALIZE after RESET.")
    var initMs = 300
    @Option(help: "Milliseconds a note waits in escrow before it is returned (HOLD restarts it).")
    var escrowTimeoutMs = 10_000
    @Option(help: "Serial number reported by IDENTIFICATION.")
    var serial = "EMU0000001"
    @Flag(help: "Exit when the process that started the emulator exits (tests, benchmarks).")
    var exitWithParent = false
    @Option(name: .customLong("do"), help: "Control command to run at start (repeatable), e.g. --do cassette-full.")
    var startCommands: [String] = []

    func validate() throws {
        guard link != nil || pathFile != nil else {
            throw ValidationError("give --link or --path-file: the kiosk needs to find the pty")
        }
        guard denominations != nil else { throw ValidationError("--bills must be positive integers, e.g. 10,50,100") }
        guard country.utf8.count == 3 else { throw ValidationError("--country is a 3-letter code, e.g. RUS") }
    }

    var denominations: [Int]? {
        let values = bills.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.count <= 24, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.compactMap { $0 }
    }

    func run() throws {
        // A parent that blocked signals (test runners do) passes its mask on through exec: undo it
        // so SIGTERM and SIGINT stop the emulator as a technician expects.
        var all = sigset_t()
        sigfillset(&all)
        sigprocmask(SIG_UNBLOCK, &all, nil)
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
        let timing = EmulatedValidator.Timing(
            acceptMilliseconds: Int64(acceptMs), stackMilliseconds: Int64(stackMs), returnMilliseconds: Int64(returnMs),
            rejectMilliseconds: Int64(rejectMs), initializeMilliseconds: Int64(initMs),
            escrowTimeoutMilliseconds: Int64(escrowTimeoutMs))
        let device = EmulatedValidator(
            table: .wholeUnits(country: country, denominations!),
            identification: CCNETIdentification(partNumber: "EMU-CCNET-SM", serialNumber: serial),
            timing: timing,
            log: try NoteLog(path: noteLog))
        let emulator = Emulator(device: device, link: link, pathFile: pathFile)
        for command in startCommands {
            let reply = emulator.perform(command)
            guard reply.hasPrefix("ok") else { throw ValidationError("--do \(command): \(reply)") }
        }
        try emulator.start()
        if let control {
            try ControlServer(path: control, emulator: emulator).start()
        }
        let tty = emulator.shared.withLock { $0.line.slavePath }
        let banner = "ccnet-emulator: serving \(tty)\(link.map { " via \($0)" } ?? "")\(control.map { ", control \($0)" } ?? "")\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        let parent = getppid()
        while true {
            usleep(200_000)
            if exitWithParent && getppid() != parent { Foundation.exit(0) }
        }
    }
}

struct Control: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl", abstract: "Send one command to a running emulator and print its answer.")

    @Argument(help: "The emulator's control socket.")
    var socket: String
    @Argument(parsing: .captureForPassthrough, help: "The command, e.g. insert 100.")
    var command: [String]

    func run() throws {
        let reply: String
        do { reply = try LineConnection(path: socket).send(command.joined(separator: " ")) } catch {
            throw EmulatorError.system("emulator control socket '\(socket)'", error.code)
        }
        print(reply)
        if !reply.hasPrefix("ok") { throw ExitCode.failure }
    }
}

CCNETEmulatorCommand.main()
