import Foundation
import KioskDomain
import Synchronization

/// Lets several consumers in turn read one bill acceptor's events. A driver's `AsyncStream` has
/// one reader for its whole life, and cancelling a reader ends the stream, so one pump task reads
/// it here and hands each event to whoever is listening now (reconciliation at start, then each
/// payment). Events nobody listens to (the kiosk is idle) are dropped, except the last
/// `connected` info, which is kept for whoever asks.
public final class SharedCashAcceptor: CashAcceptor, Sendable {
    private struct State {
        var listener: AsyncStream<CashAcceptorEvent>.Continuation?
        var info: CashAcceptorInfo?
        var connected = false
        var currentFault: CashFault?
        var pump: Task<Void, Never>?
    }
    private let device: any CashAcceptor
    private let state = Mutex(State())

    public init(_ device: any CashAcceptor) {
        self.device = device
        let pump = Task { [weak self, device] in
            for await event in device.events {
                guard let self else { return }
                self.deliver(event)
            }
            self?.state.withLock { $0.listener?.finish() }
        }
        state.withLock { $0.pump = pump }
    }

    deinit { state.withLock { $0.pump?.cancel() } }

    private func deliver(_ event: CashAcceptorEvent) {
        state.withLock { state in
            switch event {
            case .connected(let info):
                state.info = info
                state.connected = true
                state.currentFault = nil
            case .disconnected: state.connected = false
            case .fault(let fault): state.currentFault = fault
            case .idle, .disabled: state.currentFault = nil
            default: break
            }
            _ = state.listener?.yield(event)
        }
    }

    /// What the device said it is when it connected, if it has.
    public var connectedInfo: CashAcceptorInfo? { state.withLock { $0.info } }

    /// Whether the device answers now (its last word was `connected`, not `disconnected`).
    public var isConnected: Bool { state.withLock { $0.connected } }

    /// A fault the device reported and has not cleared (jam, cassette out or full), if any.
    public var fault: CashFault? { state.withLock { $0.currentFault } }

    /// A fresh stream for the next consumer; the previous consumer's stream ends.
    public var events: AsyncStream<CashAcceptorEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: CashAcceptorEvent.self)
        state.withLock { state in
            state.listener?.finish()
            state.listener = continuation
        }
        return stream
    }

    /// Ends the current consumer's stream (it stops listening); events are dropped until the next.
    public func detach() {
        state.withLock { state in
            state.listener?.finish()
            state.listener = nil
        }
    }

    public func enable(_ denominations: Set<Money>) async throws(CashAcceptorError) { try await device.enable(denominations) }
    public func inhibit() async throws(CashAcceptorError) { try await device.inhibit() }
    public func stack(_ note: NoteRef) async throws(CashAcceptorError) { try await device.stack(note) }
    public func returnNote(_ note: NoteRef) async throws(CashAcceptorError) { try await device.returnNote(note) }
    public func reset() async throws(CashAcceptorError) { try await device.reset() }
    public func confirmStacked(_ note: NoteRef) async throws(CashAcceptorError) { try await device.confirmStacked(note) }
}
