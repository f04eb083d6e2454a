import Dispatch
import KioskCore
import KioskDomain

/// The device thread of a `CCNETDriver`: connect, set up, poll, report, reconnect.
///
/// Lives and dies on that one thread, so it needs no locks of its own; it talks to the async world
/// only through the driver's `shared` state and event continuation. The flow follows CCNET
/// Interface Rev. 2.3.1 §7 "Example CCNET Message Sequences": §7.1 Power Up & Reset, §7.2 Enable,
/// §7.3 Disable, §7.4 Bill accept (stacked), §7.5 Bill accept (returned).
final class CCNETSession {
    /// One physical note from first sight to stacked/returned/rejected.
    struct Transaction {
        let note: NoteRef
        var billType: UInt8?
        var escrowSince: Int64?
        var lastHold: Int64 = 0
        var decided = false
    }

    enum Stop: Error { case requested }

    let driver: CCNETDriver
    let configuration: CCNETDriver.Configuration
    let runID: String
    var counters = CCNETLink.Counters()
    var table = CCNETBillTable(entries: [])
    var transaction: Transaction?
    /// The state seen at the previous POLL, kept across reconnects: a repeated event state (the
    /// device did not get our ACK) is then recognised and never reported twice.
    var lastState: CCNETState?
    /// The enable mask the device has, as far as we know; nil forces ENABLE BILL TYPES to be sent.
    var deviceMask: UInt32?
    var lastEnableAttempt: Int64?
    var noteCounter = 0
    /// The note last reported `.stacked`, and whether the kiosk confirmed it has recorded it.
    /// BILL STACKED is ACKed only once confirmed, so the device keeps reporting it until then.
    var stackedNote: NoteRef?
    var stackConfirmed = false
    var outageReported = false

    init(driver: CCNETDriver) {
        self.driver = driver
        self.configuration = driver.configuration
        self.runID = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    }

    var stopped: Bool { driver.shared.withLock { $0.stopped } }

    func log(_ message: String) { configuration.log("ccnet \(configuration.path): \(message)") }

    func emit(_ event: CashAcceptorEvent) {
        driver.continuation.yield(event)
    }

    // MARK: Connection loop

    func run() {
        while !stopped {
            let reason: String
            do throws(SerialError) {
                let port = try SerialPort(path: configuration.path, configuration: configuration.serial)
                let link = CCNETLink(port: port, responseTimeoutMilliseconds: configuration.responseTimeoutMilliseconds,
                                     attempts: configuration.attempts, counters: counters)
                defer {
                    counters = link.counters
                    port.close()
                }
                do throws(CCNETLink.Failure) {
                    try serve(link)
                    break
                } catch {
                    reason = describe(error)
                }
            } catch {
                reason = error.description
            }
            disconnected(reason)
            _ = driver.wake.wait(timeout: .now() + .milliseconds(configuration.reconnectDelayMilliseconds))
        }
        let pending = driver.shared.withLock { state in
            state.connected = false
            defer { state.pending = [] }
            return state.pending
        }
        pending.forEach { $0.complete(.failure(.stopped)) }
        publishCounters()
    }

    func describe(_ failure: CCNETLink.Failure) -> String {
        switch failure {
        case let .serial(error): return error.description
        case let .noResponse(command, attempts):
            return "bill acceptor on '\(configuration.path)' did not answer command 0x\(String(command, radix: 16)) (\(attempts) tries): check its power and cable"
        case let .badResponse(command, data):
            return "bill acceptor on '\(configuration.path)' answered command 0x\(String(command, radix: 16)) with \(data.count) unexpected bytes"
        }
    }

    func disconnected(_ reason: String) {
        let (wasConnected, pending) = driver.shared.withLock { state in
            let result = (state.connected, state.pending)
            if state.connected { state.statistics.disconnects += 1 }
            state.connected = false
            state.pending = []
            return result
        }
        pending.forEach { $0.complete(.failure(.notConnected)) }
        publishCounters()
        if wasConnected || !outageReported {
            log("disconnected: \(reason)")
            emit(.disconnected(reason: reason))
            outageReported = true
        }
    }

    func publishCounters() {
        let counters = self.counters
        driver.shared.withLock { state in
            state.statistics.commands = counters.commands
            state.statistics.retries = counters.retries
            state.statistics.crcErrors = counters.crcErrors
            state.statistics.discardedBytes = counters.discardedBytes
            state.statistics.timeouts = counters.timeouts
        }
    }

    // MARK: One connection

    /// Sets the device up and polls it until stopped (returns) or the link fails (throws).
    func serve(_ link: CCNETLink) throws(CCNETLink.Failure) {
        let first = CCNETState(data: try link.send(.poll, acknowledge: shouldAcknowledge))
        if isPowerUp(first) {
            try powerUp(first, link)
            lastState = first
        }
        let tableData = try link.send(.getBillTable)
        guard let table = CCNETBillTable(data: tableData) else { throw .badResponse(command: 0x41, data: tableData) }
        self.table = table
        let identity = try link.send(.identification)
        let identification = CCNETIdentification(data: identity)
        let info = CashAcceptorInfo(model: identification?.partNumber ?? "CCNET validator",
                                    serialNumber: identification?.serialNumber ?? "",
                                    denominations: accepted.map(\.amount))
        deviceMask = nil
        outageReported = false
        // Report the current state afresh after a reconnect, except a stacked/returned report
        // already passed on: the device repeats it until it gets our ACK, and it is the same note.
        switch lastState {
        case .billStacked?, .billReturned?: break
        default: lastState = nil
        }
        driver.shared.withLock { state in
            state.connected = true
            state.statistics.connects += 1
        }
        log("connected: \(info.model) serial \(info.serialNumber), notes \(info.denominations.map(\.description).joined(separator: ", "))")
        emit(.connected(info))
        if !isPowerUp(first) { try handle(first, link) }

        while true {
            if stopped { return }
            try runPendingRequests(link)
            try reconcileEnable(link)
            let state = CCNETState(data: try link.send(.poll, acknowledge: shouldAcknowledge))
            try handle(state, link)
            try keepEscrow(link)
            counters = link.counters
            publishCounters()
            _ = driver.wake.wait(timeout: .now() + .milliseconds(configuration.pollIntervalMilliseconds))
        }
    }

    var accepted: [(billType: UInt8, amount: Money)] {
        table.entries.compactMap { entry in
            if let country = configuration.country, entry.country != country { return nil }
            guard let minor = entry.minorUnits(minorPerMajor: configuration.currency.minorPerMajor), minor > 0 else { return nil }
            return (entry.billType, Money(minorUnits: minor, currency: configuration.currency))
        }
    }

    func amount(ofBillType billType: UInt8) -> Money? {
        accepted.first { $0.billType == billType }?.amount
    }

    func newNote(recovered: Bool) -> NoteRef {
        noteCounter += 1
        return NoteRef("\(runID)-\(noteCounter)\(recovered ? "-recovered" : "")")
    }

    func isPowerUp(_ state: CCNETState) -> Bool {
        switch state {
        case .powerUp, .powerUpWithBillInValidator, .powerUpWithBillInStacker: return true
        default: return false
        }
    }
}
