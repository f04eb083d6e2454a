import Dispatch
import Foundation
import KioskCore
import KioskDomain
import Synchronization

/// A CashCode bill validator on a serial port, speaking CCNET, behind the `CashAcceptor` port.
///
/// One dedicated thread owns the port: it opens it, polls the device, turns states into events and
/// carries out commands between polls, so no blocking read ever runs on the cooperative pool.
/// When the port vanishes or the device stops answering, the thread reports `.disconnected`,
/// reopens the path every `reconnectDelay` and sets the device up again, re-applying the enabled
/// denominations. Async commands queue here and are completed by the thread.
public final class CCNETDriver: CashAcceptor {
    public struct Configuration: Sendable {
        /// The device node, e.g. /dev/ttyUSB0 or a stable /dev/serial/by-id/… link.
        public var path: String
        /// The kiosk's currency; bill-table entries are read in it.
        public var currency: Currency
        /// Bill-table country code to accept ("RUS"); nil takes every entry.
        public var country: String?
        public var serial: SerialConfiguration = .ccnet
        /// Time between POLLs. CashCode recommends 100–200 ms.
        public var pollIntervalMilliseconds = 100
        /// How long to wait for an answer before retrying a command.
        public var responseTimeoutMilliseconds = 200
        /// Tries per command before the device counts as gone.
        public var attempts = 3
        /// Delay between attempts to reopen a vanished port.
        public var reconnectDelayMilliseconds = 500
        /// While nobody decided about a note in escrow, HOLD is sent this often (the device keeps a
        /// note 10 s per HOLD) …
        public var holdEveryMilliseconds = 5_000
        /// … until this much time has passed; then the note is returned to the customer.
        public var maximumEscrowMilliseconds = 60_000
        /// Where the driver writes what it did (connects, retries, faults).
        public var log: @Sendable (String) -> Void = { _ in }

        public init(path: String, currency: Currency, country: String? = nil) {
            self.path = path
            self.currency = currency
            self.country = country
        }
    }

    /// Numbers for staff screens and tests: how healthy the line is.
    public struct Statistics: Sendable, Equatable {
        public var commands = 0
        public var retries = 0
        public var crcErrors = 0
        public var discardedBytes = 0
        public var timeouts = 0
        public var connects = 0
        public var disconnects = 0
    }

    enum Request: Sendable {
        case applyEnable
        case stack(NoteRef)
        case returnNote(NoteRef)
        case reset
        case confirmStacked(NoteRef)
    }

    struct Pending: Sendable {
        let request: Request
        let complete: @Sendable (Result<Void, CashAcceptorError>) -> Void
    }

    struct Shared: Sendable {
        var desired: Set<Money> = []
        var pending: [Pending] = []
        var connected = false
        var stopped = false
        var started = false
        var statistics = Statistics()
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
        var exited = false
    }

    public let configuration: Configuration
    public let events: AsyncStream<CashAcceptorEvent>
    let continuation: AsyncStream<CashAcceptorEvent>.Continuation
    let shared = Mutex(Shared())
    /// Signalled when a command is queued or the driver stops, so the thread wakes before its next poll.
    let wake = DispatchSemaphore(value: 0)

    public init(configuration: Configuration) {
        self.configuration = configuration
        (events, continuation) = AsyncStream.makeStream(of: CashAcceptorEvent.self, bufferingPolicy: .unbounded)
    }

    /// Starts the device thread. Call once.
    public func start() {
        let first = shared.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        precondition(first, "CCNETDriver.start() called twice")
        let thread = Thread { [self] in
            CCNETSession(driver: self).run()
            continuation.finish()
            let waiters = shared.withLock { state in
                state.exited = true
                defer { state.exitWaiters = [] }
                return state.exitWaiters
            }
            waiters.forEach { $0.resume() }
        }
        thread.name = "ccnet \(configuration.path)"
        thread.start()
    }

    /// Stops the thread, fails queued commands and finishes `events`; returns once the port is closed.
    public func stop() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let alreadyExited = shared.withLock { state -> Bool in
                state.stopped = true
                if state.exited || !state.started { return true }
                state.exitWaiters.append(waiter)
                return false
            }
            wake.signal()
            if alreadyExited { waiter.resume() }
        }
    }

    public var statistics: Statistics { shared.withLock { $0.statistics } }

    public var isConnected: Bool { shared.withLock { $0.connected } }

    public func enable(_ denominations: Set<Money>) async throws(CashAcceptorError) {
        precondition(denominations.allSatisfy { $0.currency == configuration.currency }, "denominations must be in \(configuration.currency.code)")
        shared.withLock { $0.desired = denominations }
        try await submit(.applyEnable)
    }

    public func inhibit() async throws(CashAcceptorError) {
        try await enable([])
    }

    public func stack(_ note: NoteRef) async throws(CashAcceptorError) {
        try await submit(.stack(note))
    }

    public func returnNote(_ note: NoteRef) async throws(CashAcceptorError) {
        try await submit(.returnNote(note))
    }

    public func reset() async throws(CashAcceptorError) {
        try await submit(.reset)
    }

    /// The next POLL that finds the device still reporting BILL STACKED for `note` ACKs it; the
    /// device then moves on. Without this the device keeps the report (see the port).
    public func confirmStacked(_ note: NoteRef) async throws(CashAcceptorError) {
        try await submit(.confirmStacked(note))
    }

    /// Queues a request for the device thread and waits for its outcome.
    private func submit(_ request: Request) async throws(CashAcceptorError) {
        let result = await withCheckedContinuation { (waiter: CheckedContinuation<Result<Void, CashAcceptorError>, Never>) in
            let rejection = shared.withLock { state -> CashAcceptorError? in
                if state.stopped { return .stopped }
                if !state.connected { return .notConnected }
                state.pending.append(Pending(request: request, complete: { waiter.resume(returning: $0) }))
                return nil
            }
            if let rejection {
                waiter.resume(returning: .failure(rejection))
            } else {
                wake.signal()
            }
        }
        try result.get()
    }
}
