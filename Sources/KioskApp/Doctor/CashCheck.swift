#if canImport(Glibc)
import Glibc
#endif
import KioskCash
import KioskSystem

/// Does the bill acceptor answer? Opens the configured port and runs the CCNET power-up handshake
/// the driver runs (CCNET Interface Rev. 2.3.1 §7.1): RESET, POLL until initialisation ends,
/// IDENTIFICATION, then judges the state it settled in. Blocking: run it on `OwnThread`.
///
/// It uses the codec and serial port of KioskCash, not `CCNETDriver`, because the driver retries
/// forever by design while the doctor must give one answer within seconds. RESET leaves the
/// validator disabled; the kiosk enables it again when it starts.
struct CashCheck {
    let path: String
    var responseTimeoutMilliseconds = 300
    var attempts = 3
    /// How long INITIALIZE / BUSY may last after RESET before the device counts as stuck.
    var settleMilliseconds = 6_000

    enum Failure: Error {
        case serial(SerialError)
        case noResponse(String)
        case unexpected(String)
    }

    func run() -> DoctorFinding {
        let name = "cash"
        let port: SerialPort
        do {
            port = try SerialPort(path: path, configuration: .ccnet)
        } catch {
            if case .busy = error {
                return DoctorFinding(name, .warn, "bill acceptor port '\(path)' is held by another program, handshake skipped",
                                     fix: "stop the kiosk (systemctl stop kiosk) to run this check")
            }
            if case let .openFailed(_, code) = error, code == ENOENT {
                return DoctorFinding(name, .fail, "no bill acceptor at '\(path)': the device node is missing (unplugged?)",
                                     fix: "check the USB-serial cable and the validator's power; `ls -l /dev/kiosk/` and udev/README.md for the link")
            }
            return DoctorFinding(name, .fail, error.description)
        }
        defer { port.close() }
        do throws(Failure) {
            let reset = try exchange(port, .reset)
            guard reset == CCNETFrame.ack.data else { throw .unexpected("RESET answered \(hex(reset)) instead of ACK") }
            var state = CCNETState(data: try exchange(port, .poll))
            let deadline = MonotonicClock.milliseconds() + Int64(settleMilliseconds)
            while Self.settling(state) && MonotonicClock.milliseconds() < deadline {
                _ = try? port.read(maxCount: 64, timeoutMilliseconds: 100)
                state = CCNETState(data: try exchange(port, .poll))
            }
            let identity = CCNETIdentification(data: try exchange(port, .identification))
            let who = identity.map { "\($0.partNumber) serial \($0.serialNumber)" } ?? "CCNET validator"
            return judge(state, who: who)
        } catch {
            switch error {
            case let .serial(serial):
                return DoctorFinding(name, .fail, serial.description)
            case let .noResponse(command):
                return DoctorFinding(name, .fail, "bill acceptor on '\(path)' did not answer \(command) (\(attempts) tries)",
                                     fix: "check the validator's power and that it is set to CCNET at 9600 baud")
            case let .unexpected(what):
                return DoctorFinding(name, .fail, "bill acceptor on '\(path)': \(what)", fix: "is this port really the bill acceptor?")
            }
        }
    }

    static func settling(_ state: CCNETState) -> Bool {
        switch state {
        case .powerUp, .powerUpWithBillInValidator, .powerUpWithBillInStacker, .initialize, .busy: return true
        default: return false
        }
    }

    func judge(_ state: CCNETState, who: String) -> DoctorFinding {
        let name = "cash"
        let seen = "\(who) on '\(path)'"
        switch state {
        case .disabled, .idling:
            return DoctorFinding(name, .ok, "\(seen) answered RESET/POLL/IDENTIFICATION, ready")
        case .dropCassetteFull:
            return DoctorFinding(name, .fail, "\(seen): cassette is full", fix: "collect the cash and empty the cassette")
        case .dropCassetteOutOfPosition:
            return DoctorFinding(name, .fail, "\(seen): cassette is removed or not seated", fix: "insert the cassette until it clicks")
        case .validatorJammed:
            return DoctorFinding(name, .fail, "\(seen): a note is jammed in the validator", fix: "open the validator head and remove the note")
        case .dropCassetteJammed:
            return DoctorFinding(name, .fail, "\(seen): a note is jammed in the cassette", fix: "open the cassette and clear the jam")
        case let .failure(failure):
            return DoctorFinding(name, .fail, "\(seen): \(failure)", fix: "power-cycle the validator; if it stays, it needs service")
        case .cheated:
            return DoctorFinding(name, .warn, "\(seen) reports a cheating attempt", fix: "inspect the validator's entry")
        case .powerUp, .powerUpWithBillInValidator, .powerUpWithBillInStacker, .initialize, .busy:
            return DoctorFinding(name, .fail, "\(seen) did not finish initialising within \(settleMilliseconds / 1000) s (\(hex(state.data)))",
                                 fix: "power-cycle the validator")
        default:
            return DoctorFinding(name, .warn, "\(seen) is busy with a note (state \(hex(state.data)))", fix: "run the check again when it is idle")
        }
    }

    /// One request and its answer's DATA; data answers are ACKed, a NAK repeats the request.
    func exchange(_ port: SerialPort, _ command: CCNETCommand) throws(Failure) -> [UInt8] {
        var decoder = CCNETFrameDecoder()
        for _ in 0..<max(1, attempts) {
            do throws(SerialError) {
                port.discardInput()
                decoder.reset()
                try port.write(command.frame.encoded())
                let deadline = MonotonicClock.milliseconds() + Int64(responseTimeoutMilliseconds)
                var answer: CCNETFrame?
                while answer == nil {
                    while let output = decoder.next() {
                        if case let .frame(frame) = output, frame.address == CCNETFrame.billValidatorAddress {
                            answer = frame
                            break
                        }
                    }
                    if answer != nil { break }
                    let remaining = deadline - MonotonicClock.milliseconds()
                    if remaining <= 0 { break }
                    decoder.append(try port.read(maxCount: 256, timeoutMilliseconds: Int(remaining)))
                }
                guard let frame = answer else { continue }
                if frame.isNak { continue }
                if !(frame.isAck || frame.isIllegalCommand) { try port.write(CCNETFrame.ack.encoded()) }
                return frame.data
            } catch {
                throw .serial(error)
            }
        }
        throw .noResponse(Self.name(command))
    }

    static func name(_ command: CCNETCommand) -> String {
        switch command {
        case .reset: return "RESET"
        case .poll: return "POLL"
        case .identification: return "IDENTIFICATION"
        default: return "command 0x" + String(command.code, radix: 16)
        }
    }

    func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
    }
}
