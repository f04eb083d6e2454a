#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KioskCash
import KioskSystem

/// The emulator's control socket: a unix stream socket taking one command per line and answering
/// one line, "ok …" or "error …". Commands are listed in `Emulator.perform(_:)` and docs/cash.md.
final class ControlServer: Sendable {
    let path: String
    let emulator: Emulator
    private let listener: FileDescriptor

    init(path: String, emulator: Emulator) throws(EmulatorError) {
        self.path = path
        self.emulator = emulator
        do {
            listener = try UnixSocketAddress(path).bind(SOCK_STREAM)
        } catch {
            throw error.code == ENAMETOOLONG ? .usage("control socket path too long: \(path)") : .system("cannot listen on '\(path)'", error.code)
        }
        guard listen(listener.raw, 16) == 0 else { throw .system("cannot listen on '\(path)'", errno) }
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                let client = retryingEINTR { accept(listener.raw, nil, nil) }
                guard client >= 0 else { return }
                let worker = Thread { [self] in serve(FileDescriptor(client)) }
                worker.start()
            }
        }
        thread.name = "ccnet-emulator control"
        thread.start()
    }

    private func serve(_ client: FileDescriptor) {
        defer { client.close() }
        var pending: [UInt8] = []
        while let bytes = try? client.read(maxCount: 1024), !bytes.isEmpty {
            pending.append(contentsOf: bytes)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                do { try client.writeAll(Array((emulator.perform(line) + "\n").utf8)) } catch { return }
            }
        }
    }
}

extension Emulator {
    /// Runs one control command; the answer starts with "ok" or "error".
    func perform(_ line: String) -> String {
        let words = line.split(separator: " ").map(String.init)
        guard let verb = words.first else { return "error empty command" }
        let argument = words.count > 1 ? words[1] : nil
        let now = MonotonicClock.milliseconds()
        let generation = shared.withLock { $0.line.generation }
        var wasUnplugged = false
        let problem: String? = shared.withLock { state -> String? in
            state.device.tick(now: now)
            switch verb {
            case "insert":
                guard let value = argument.flatMap(Int.init), value > 0 else { return "usage: insert DENOMINATION" }
                return state.device.insert(denomination: value, now: now)
            case "reject", "counterfeit":
                return state.device.insertCounterfeit(now: now)
            case "jam":
                return state.device.jamNow()
            case "clear", "unjam":
                return state.device.clear(now: now)
            case "cassette-remove":
                return state.device.removeCassette()
            case "cassette-insert":
                return state.device.insertCassette(now: now)
            case "cassette-full":
                return state.device.fillCassette()
            case "failure":
                guard let code = argument.flatMap({ UInt8($0, radix: 16) }) else { return "usage: failure HEXCODE (e.g. 50)" }
                return state.device.fail(code: code)
            case "busy":
                return state.device.makeBusy(milliseconds: Int64(argument.flatMap(Int.init) ?? 1000), now: now)
            case "power-cycle":
                return state.device.powerCycle(offMilliseconds: Int64(argument.flatMap(Int.init) ?? 500), now: now)
            case "garbage":
                guard let count = argument.flatMap(Int.init), count > 0, count <= 4096 else { return "usage: garbage N (1…4096)" }
                state.line.garbage = count
                return nil
            case "corrupt":
                state.line.corruptNext = true
                return nil
            case "mute":
                state.line.muted = true
                return nil
            case "unmute":
                state.line.muted = false
                return nil
            case "unplug":
                state.line.plugged = false
                return nil
            case "replug":
                wasUnplugged = !state.line.plugged
                state.line.plugged = true
                return nil
            case "status":
                return nil
            default:
                return "unknown command '\(verb)'"
            }
        }
        if let problem { return "error \(problem)" }
        if wasUnplugged { waitForReplug(after: generation) }
        return "ok " + shared.withLock { state in
            "\(state.device.statusLine) line=\(state.line.plugged ? (state.line.muted ? "muted" : "up") : "unplugged") tty=\(state.line.slavePath)"
        }
    }

    /// `replug` answers once the new pty is published, so the caller can open it right away.
    private func waitForReplug(after generation: Int) {
        for _ in 0..<400 where shared.withLock({ $0.line.generation == generation }) {
            usleep(5_000)
        }
    }
}
