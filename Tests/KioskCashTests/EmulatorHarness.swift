import Foundation
import KioskCash
import KioskCore
import KioskDomain
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
import KioskSystem

/// A `ccnet-emulator` process on a real pty in a fresh folder, with its control socket and note
/// log, for driver tests. The binary is the one built beside this test bundle (`swift build`
/// builds it), or `$CCNET_EMULATOR`.
final class EmulatorHarness {
    let folder: URL
    let process = Process()
    var link: String { folder.appendingPathComponent("tty").path }
    var control: String { folder.appendingPathComponent("control.sock").path }
    var noteLog: String { folder.appendingPathComponent("notes.log").path }

    static var binary: String? {
        if let path = ProcessInfo.processInfo.environment["CCNET_EMULATOR"] { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("ccnet-emulator").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Fast mechanics by default so the suite runs in seconds; tests that need time to act
    /// mid-motion pass slower figures.
    init(_ extra: [String] = [], stackMs: Int = 60) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ccnet-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard let binary = EmulatorHarness.binary else {
            throw HarnessError("ccnet-emulator not built: run `swift build --product ccnet-emulator` or set CCNET_EMULATOR")
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--link", link, "--control", control, "--note-log", noteLog,
                             "--accept-ms", "40", "--stack-ms", "\(stackMs)", "--return-ms", "40", "--reject-ms", "40",
                             "--init-ms", "40", "--exit-with-parent"] + extra
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<500 {
            if FileManager.default.fileExists(atPath: control) && FileManager.default.fileExists(atPath: link) { return }
            usleep(10_000)
        }
        throw HarnessError("emulator did not start")
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Sends one control command; fails the test unless the emulator says "ok".
    @discardableResult
    func send(_ command: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let reply = try LineConnection(path: control).send(command)
        #expect(reply.hasPrefix("ok"), "\(command) → \(reply)", sourceLocation: sourceLocation)
        return reply
    }

    /// Lines of the note log, e.g. ["stacked 100", "returned 50"].
    func notes() -> [String] {
        let text = (try? String(contentsOfFile: noteLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return "\(fields[2]) \(fields[3])"
        }
    }

    func driver(_ adjust: (inout CCNETDriver.Configuration) -> Void = { _ in }) -> CCNETDriver {
        var configuration = CCNETDriver.Configuration(path: link, currency: .rub, country: "RUS")
        configuration.pollIntervalMilliseconds = 20
        configuration.responseTimeoutMilliseconds = 300
        configuration.reconnectDelayMilliseconds = 100
        adjust(&configuration)
        return CCNETDriver(configuration: configuration)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Collects a driver's events so a test can wait for the one it expects, in order.
final class EventRecorder: Sendable {
    final class Store: Sendable {
        let events = Mutex<[CashAcceptorEvent]>([])
    }

    private let store = Store()
    private let cursor = Mutex(0)
    private let task: Task<Void, Never>

    init(_ driver: CCNETDriver) {
        let store = self.store
        task = Task {
            for await event in driver.events {
                store.events.withLock { $0.append(event) }
            }
        }
    }

    deinit { task.cancel() }

    var all: [CashAcceptorEvent] { store.events.withLock { $0 } }

    /// Waits for the next event (after those already matched) that `matches`; records an issue
    /// and returns nil after `seconds`.
    @discardableResult
    /// The wait is generous (60 s) because it ends at the first match: on a loaded machine (a
    /// build beside the tests) the emulator and the driver may be starved for tens of seconds.
    /// The last look comes after the deadline, so an event that arrived during a stall still counts.
    func next(_ what: String, within seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation,
              _ matches: (CashAcceptorEvent) -> Bool) async -> CashAcceptorEvent? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let expired = Date() >= deadline
            let start = cursor.withLock { $0 }
            let events = all
            if let index = events[start...].firstIndex(where: matches) {
                cursor.withLock { $0 = index + 1 }
                return events[index]
            }
            if expired { break }
            try? await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("no \(what) within \(seconds) s; events after the last match: \(all[cursor.withLock { $0 }...])",
                     sourceLocation: sourceLocation)
        return nil
    }

    /// Events after the last match, without waiting.
    var rest: [CashAcceptorEvent] {
        let start = cursor.withLock { $0 }
        return Array(all[start...])
    }
}

extension Money {
    static func rub(_ units: Int64) -> Money { .major(units, .rub) }
}

extension CashAcceptorEvent {
    var escrowNote: (Money, NoteRef)? {
        if case let .escrow(amount, note) = self { return (amount, note) }
        return nil
    }
    var stackedNote: (Money, NoteRef)? {
        if case let .stacked(amount, note) = self { return (amount, note) }
        return nil
    }
    var isIdle: Bool { self == .idle }
    var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }
    var isDisconnected: Bool {
        if case .disconnected = self { return true }
        return false
    }
}
