import Foundation
import KioskCore
import KioskDomain

/// A bill acceptor for unit tests of the code that uses the port: a test pushes device events
/// and reads back the commands the code sent. It behaves like a polite device: `stack` is
/// answered with `stacking` and `stacked`, `returnNote` with `returned`, unless the test says
/// otherwise. Real devices are tested through the CCNET driver against the emulator on a pty.
public final class ScriptedCashAcceptor: CashAcceptor, @unchecked Sendable {
    public enum Command: Hashable, Sendable {
        case enable(Set<Money>), inhibit, stack(NoteRef), returnNote(NoteRef), reset
    }

    public let events: AsyncStream<CashAcceptorEvent>
    private let continuation: AsyncStream<CashAcceptorEvent>.Continuation
    private let lock = NSLock()
    private var sent: [Command] = []
    private var amounts: [NoteRef: Money] = [:]
    /// When false, `stack` is only recorded; the test sends `stacked` itself (or never: a power cut).
    public var answersStack = true

    public init() {
        (events, continuation) = AsyncStream.makeStream(of: CashAcceptorEvent.self)
    }

    public var commands: [Command] {
        lock.lock()
        defer { lock.unlock() }
        return sent
    }

    /// The customer puts a note in; it arrives in escrow.
    public func insert(_ amount: Money, note: String) {
        let ref = NoteRef(note)
        lock.lock()
        amounts[ref] = amount
        lock.unlock()
        continuation.yield(.escrow(amount: amount, note: ref))
    }

    public func send(_ event: CashAcceptorEvent) { continuation.yield(event) }
    public func finish() { continuation.finish() }

    private func amount(of note: NoteRef) -> Money? {
        lock.withLock { amounts[note] }
    }

    private func record(_ command: Command) {
        lock.lock()
        sent.append(command)
        lock.unlock()
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
