#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KioskCash

/// The emulator's control socket: a unix stream socket taking one command per line and answering
/// one line, "ok …" or "error …". Commands are listed in `Emulator.perform(_:)` and docs/cash.md.
final class ControlServer: Sendable {
    let path: String
    let emulator: Emulator
    private let listener: Int32

    init(path: String, emulator: Emulator) throws(EmulatorError) {
        self.path = path
        self.emulator = emulator
        unlink(path)
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw .system("socket failed", errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .usage("control socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw .system("cannot listen on '\(path)'", errno) }
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return
                }
                let worker = Thread { [self] in serve(client) }
                worker.start()
            }
        }
        thread.name = "ccnet-emulator control"
        thread.start()
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                let reply = Array((emulator.perform(line) + "\n").utf8)
                var offset = 0
                while offset < reply.count {
                    let written = reply.withUnsafeBytes { write(client, $0.baseAddress! + offset, $0.count - offset) }
                    if written <= 0 { return }
                    offset += written
                }
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
        let now = Monotonic.now()
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
