import Foundation
import KioskCore
import Synchronization

/// Keeps the latest printer health and hands every change to any number of listeners.
///
/// A class with a lock rather than an actor because `Printer.healthUpdates()` is synchronous:
/// a screen subscribes without awaiting.
final class HealthBroadcaster: Sendable {
    private struct State {
        var latest: PrinterHealth
        var listeners: [UUID: AsyncStream<PrinterHealth>.Continuation] = [:]
    }
    private let state: Mutex<State>

    init(initial: PrinterHealth) { state = Mutex(State(latest: initial)) }

    var current: PrinterHealth { state.withLock { $0.latest } }

    /// Records `health`; listeners hear of it only if it differs from the last one.
    func publish(_ health: PrinterHealth) {
        let targets: [AsyncStream<PrinterHealth>.Continuation] = state.withLock { state in
            guard health != state.latest else { return [] }
            state.latest = health
            return Array(state.listeners.values)
        }
        for target in targets { target.yield(health) }
    }

    func updates() -> AsyncStream<PrinterHealth> {
        let (stream, continuation) = AsyncStream.makeStream(of: PrinterHealth.self, bufferingPolicy: .bufferingNewest(16))
        let id = UUID()
        let first: PrinterHealth = state.withLock { state in
            state.listeners[id] = continuation
            return state.latest
        }
        continuation.yield(first)
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    func finish() {
        let targets = state.withLock { Array($0.listeners.values) }
        for target in targets { target.finish() }
    }
}
