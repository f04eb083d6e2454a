import Foundation
import KioskDomain

/// Lets several consumers in turn read one bill acceptor's events. A driver's `AsyncStream` has
/// one reader for its whole life, and cancelling a reader ends the stream, so one pump task reads
/// it here and hands each event to whoever is listening now (reconciliation at start, then each
/// payment). Events nobody listens to (the kiosk is idle) are dropped, except the last
/// `connected` info, which is kept for whoever asks.
public final class SharedCashAcceptor: CashAcceptor, @unchecked Sendable {
    private let device: any CashAcceptor
    private let lock = NSLock()
    private var listener: AsyncStream<CashAcceptorEvent>.Continuation?
    private var info: CashAcceptorInfo?
    private var connected = false
    private var currentFault: CashFault?
    private var pump: Task<Void, Never>?

    public init(_ device: any CashAcceptor) {
        self.device = device
        pump = Task { [weak self, device] in
            for await event in device.events {
                guard let self else { return }
                self.deliver(event)
            }
            self?.lock.withLock { self?.listener?.finish() }
        }
    }

    deinit { pump?.cancel() }

    private func deliver(_ event: CashAcceptorEvent) {
        lock.withLock {
            switch event {
            case .connected(let info):
                self.info = info
                connected = true
                currentFault = nil
            case .disconnected: connected = false
            case .fault(let fault): currentFault = fault
            case .idle, .disabled: currentFault = nil
            default: break
            }
            _ = listener?.yield(event)
        }
    }

    /// What the device said it is when it connected, if it has.
    public var connectedInfo: CashAcceptorInfo? { lock.withLock { info } }

    /// Whether the device answers now (its last word was `connected`, not `disconnected`).
    public var isConnected: Bool { lock.withLock { connected } }

    /// A fault the device reported and has not cleared (jam, cassette out or full), if any.
    public var fault: CashFault? { lock.withLock { currentFault } }

    /// A fresh stream for the next consumer; the previous consumer's stream ends.
    public var events: AsyncStream<CashAcceptorEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: CashAcceptorEvent.self)
        lock.withLock {
            listener?.finish()
            listener = continuation
        }
        return stream
    }

    /// Ends the current consumer's stream (it stops listening); events are dropped until the next.
    public func detach() {
        lock.withLock {
            listener?.finish()
            listener = nil
        }
    }

    public func enable(_ denominations: Set<Money>) async throws(CashAcceptorError) { try await device.enable(denominations) }
    public func inhibit() async throws(CashAcceptorError) { try await device.inhibit() }
    public func stack(_ note: NoteRef) async throws(CashAcceptorError) { try await device.stack(note) }
    public func returnNote(_ note: NoteRef) async throws(CashAcceptorError) { try await device.returnNote(note) }
    public func reset() async throws(CashAcceptorError) { try await device.reset() }
    public func confirmStacked(_ note: NoteRef) async throws(CashAcceptorError) { try await device.confirmStacked(note) }
}
