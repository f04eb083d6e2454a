import Foundation
import KioskCore
import KioskDomain
import Synchronization

/// A bill acceptor for unit tests of the code that uses the port: a test pushes device events
/// and reads back the commands the code sent. It behaves like a polite device: `stack` is
/// answered with `stacking` and `stacked`, `returnNote` with `returned`, unless the test says
/// otherwise. Real devices are tested through the CCNET driver against the emulator on a pty.
public final class ScriptedCashAcceptor: CashAcceptor, Sendable {
    public enum Command: Hashable, Sendable {
        case enable(Set<Money>), inhibit, stack(NoteRef), returnNote(NoteRef), reset
    }

    public let events: AsyncStream<CashAcceptorEvent>
    private let continuation: AsyncStream<CashAcceptorEvent>.Continuation
    private struct State {
        var sent: [Command] = []
        var amounts: [NoteRef: Money] = [:]
        var answersStack = true
    }
    private let state = Mutex(State())

    /// When false, `stack` is only recorded; the test sends `stacked` itself (or never: a power cut).
    public var answersStack: Bool {
        get { state.withLock { $0.answersStack } }
        set { state.withLock { $0.answersStack = newValue } }
    }

    public init() {
        (events, continuation) = AsyncStream.makeStream(of: CashAcceptorEvent.self)
    }

    public var commands: [Command] { state.withLock { $0.sent } }

    /// The customer puts a note in; it arrives in escrow.
    public func insert(_ amount: Money, note: String) {
        let ref = NoteRef(note)
        state.withLock { $0.amounts[ref] = amount }
        continuation.yield(.escrow(amount: amount, note: ref))
    }

    public func send(_ event: CashAcceptorEvent) { continuation.yield(event) }
    public func finish() { continuation.finish() }

    private func amount(of note: NoteRef) -> Money? {
        state.withLock { $0.amounts[note] }
    }

    private func record(_ command: Command) {
        state.withLock { $0.sent.append(command) }
    }

    public func enable(_ denominations: Set<Money>) async throws(CashAcceptorError) { record(.enable(denominations)) }
    public func inhibit() async throws(CashAcceptorError) { record(.inhibit) }
    public func reset() async throws(CashAcceptorError) { record(.reset) }

    public func stack(_ note: NoteRef) async throws(CashAcceptorError) {
        record(.stack(note))
        guard answersStack else { return }
        let amount = amount(of: note)
        continuation.yield(.stacking(note: note))
        if let amount { continuation.yield(.stacked(amount: amount, note: note)) }
    }

    public func returnNote(_ note: NoteRef) async throws(CashAcceptorError) {
        record(.returnNote(note))
        let amount = amount(of: note)
        continuation.yield(.returned(amount: amount, note: note))
    }
}
