#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KioskCash
import Synchronization
import KioskSystem

/// The running emulator: the device model behind a lock, the serial thread that answers the kiosk
/// on the pty, and the line-disturbance knobs (mute, garbage, corrupt, unplug) the tests use.
final class Emulator: Sendable {
    struct Line: Sendable {
        var plugged = true
        var muted = false
        /// Random bytes to put in front of the next answer.
        var garbage = 0
        /// Flip a CRC bit in the next answer.
        var corruptNext = false
        var slavePath = ""
        var generation = 0
    }

    struct Shared: @unchecked Sendable {
        // EmulatedValidator holds a NoteLog (Sendable) and plain values; it is only touched under the lock.
        var device: EmulatedValidator
        var line = Line()
    }

    let shared: Mutex<Shared>
    let link: String?
    let pathFile: String?

    init(device: EmulatedValidator, link: String?, pathFile: String?) {
        shared = Mutex(Shared(device: device))
        self.link = link
        self.pathFile = pathFile
    }

    /// Opens the first pty and publishes it, then serves it on a thread of its own.
    func start() throws(EmulatorError) {
        let pty = try PtyDevice()
        try pty.publish(link: link, pathFile: pathFile)
        shared.withLock {
            $0.line.slavePath = pty.slavePath
            $0.line.generation += 1
        }
        let thread = Thread { [self] in serve(first: pty) }
        thread.name = "ccnet-emulator serial"
        thread.start()
    }

    /// Answers frames as they come and moves the device's clock on; replugs when told.
    private func serve(first: PtyDevice) {
        var pty: PtyDevice? = first
        var decoder = CCNETFrameDecoder()
        while true {
            let plugged = shared.withLock { $0.line.plugged }
            if plugged && pty == nil {
                do {
                    let fresh = try PtyDevice()
                    try fresh.publish(link: link, pathFile: pathFile)
                    shared.withLock {
                        $0.line.slavePath = fresh.slavePath
                        $0.line.generation += 1
                    }
                    pty = fresh
                    decoder.reset()
                } catch {
                    FileHandle.standardError.write(Data("ccnet-emulator: replug failed: \(error)\n".utf8))
                    usleep(100_000)
                }
            } else if !plugged, let current = pty {
                PtyDevice.unpublish(link: link)
                current.close()
                pty = nil
            }
            guard let current = pty else {
                usleep(5_000)
                tick()
                continue
            }
            decoder.append(current.read(timeoutMilliseconds: 2))
            while let output = decoder.next() {
                switch output {
                case let .frame(frame) where frame.address == CCNETFrame.billValidatorAddress:
                    if let bytes = answer(frame.data) { current.write(bytes) }
                case .crcError:
                    if shared.withLock({ !$0.line.muted && !$0.device.isOff }) { current.write(CCNETFrame.nak.encoded()) }
                default:
                    break
                }
            }
            tick()
        }
    }

    private func tick() {
        let now = MonotonicClock.milliseconds()
        shared.withLock { $0.device.tick(now: now) }
    }

    /// The bytes to send back for one request, with any disturbance the tests asked for.
    private func answer(_ request: [UInt8]) -> [UInt8]? {
        let now = MonotonicClock.milliseconds()
        return shared.withLock { state -> [UInt8]? in
            state.device.tick(now: now)
            guard !state.line.muted, let data = state.device.answer(request, now: now) else { return nil }
            var bytes = CCNETFrame(data: data).encoded()
            if state.line.corruptNext {
                state.line.corruptNext = false
                bytes[bytes.count - 1] ^= 0x01
            }
            if state.line.garbage > 0 {
                bytes = (0..<state.line.garbage).map { _ in UInt8.random(in: 0...255) } + bytes
                state.line.garbage = 0
            }
            return bytes
        }
    }
}
