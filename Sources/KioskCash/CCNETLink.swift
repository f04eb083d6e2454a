import KioskSystem
/// Request/response over one open serial port: the master side of CCNET.
///
/// CCNET Interface Rev. 2.3.1 §2.5 "Software Operational Rules": the controller sends a command
/// and the peripheral answers within the response time (§2.8 "Timing Specifications": 10 ms, with
/// at most 5 ms between bytes; USB adapters add latency, so the timeout here is configurable and
/// generous). A response that carries data is confirmed with ACK; a response with a bad CRC is
/// answered with NAK and the command is sent again. Only the driver's thread uses a link.
final class CCNETLink {
    enum Failure: Error {
        /// No valid frame within the timeout, after all retries.
        case noResponse(command: UInt8, attempts: Int)
        /// The port failed (hung up, vanished).
        case serial(SerialError)
        /// The answer could not be understood (wrong length for the command).
        case badResponse(command: UInt8, data: [UInt8])
    }

    struct Counters: Sendable, Equatable {
        var commands = 0
        var retries = 0
        var crcErrors = 0
        var discardedBytes = 0
        var timeouts = 0
    }

    let port: SerialPort
    let responseTimeoutMilliseconds: Int
    let attempts: Int
    private var decoder = CCNETFrameDecoder()
    private(set) var counters: Counters

    init(port: SerialPort, responseTimeoutMilliseconds: Int, attempts: Int, counters: Counters = Counters()) {
        self.port = port
        self.counters = counters
        self.responseTimeoutMilliseconds = responseTimeoutMilliseconds
        self.attempts = max(1, attempts)
    }

    /// Sends `command` and returns the peripheral's response DATA, ACKing data responses unless
    /// `acknowledge` says to hold the ACK back (a BILL STACKED the kiosk has not recorded yet).
    func send(_ command: CCNETCommand, acknowledge: ([UInt8]) -> Bool = { _ in true }) throws(Failure) -> [UInt8] {
        counters.commands += 1
        for attempt in 1...attempts {
            if attempt > 1 { counters.retries += 1 }
            do throws(SerialError) {
                port.discardInput()
                decoder.reset()
                try port.write(command.frame.encoded())
                if let frame = try receive() {
                    let data = frame.data
                    if !(frame.isAck || frame.isNak || frame.isIllegalCommand) && acknowledge(data) {
                        try port.write(CCNETFrame.ack.encoded())
                    }
                    if frame.isNak { continue }
                    return data
                }
            } catch {
                throw .serial(error)
            }
        }
        throw .noResponse(command: command.code, attempts: attempts)
    }

    /// The next valid frame addressed to a bill validator, or nil on timeout. A CRC error is
    /// answered with NAK (the peripheral then repeats its answer), then the wait goes on.
    private func receive() throws(SerialError) -> CCNETFrame? {
        let deadline = MonotonicClock.milliseconds() + Int64(responseTimeoutMilliseconds)
        while true {
            while let output = decoder.next() {
                switch output {
                case let .frame(frame) where frame.address == CCNETFrame.billValidatorAddress:
                    return frame
                case .frame:
                    continue
                case .crcError:
                    counters.crcErrors += 1
                    try port.write(CCNETFrame.nak.encoded())
                case let .discarded(count):
                    counters.discardedBytes += count
                }
            }
            let remaining = deadline - MonotonicClock.milliseconds()
            if remaining <= 0 {
                // A partial frame that never completed may hide a real one behind a false SYNC.
                while decoder.abandonPartialFrame() {
                    counters.discardedBytes += 1
                    while let output = decoder.next() {
                        if case let .frame(frame) = output, frame.address == CCNETFrame.billValidatorAddress {
                            return frame
                        }
                    }
                }
                counters.timeouts += 1
                return nil
            }
            let bytes = try port.read(maxCount: 256, timeoutMilliseconds: Int(remaining))
            decoder.append(bytes)
        }
    }
}
