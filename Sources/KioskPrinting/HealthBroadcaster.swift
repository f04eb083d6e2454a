import Foundation
import KioskCore

/// Keeps the latest printer health and hands every change to any number of listeners.
///
/// A class with a lock rather than an actor because `Printer.healthUpdates()` is synchronous:
/// a screen subscribes without awaiting.
final class HealthBroadcaster: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: PrinterHealth
    private var listeners: [UUID: AsyncStream<PrinterHealth>.Continuation] = [:]

    init(initial: PrinterHealth) { latest = initial }

    var current: PrinterHealth { lock.withLock { latest } }

    /// Records `health`; listeners hear of it only if it differs from the last one.
    func publish(_ health: PrinterHealth) {
        let targets: [AsyncStream<PrinterHealth>.Continuation] = lock.withLock {
            guard health != latest else { return [] }
            latest = health
            return Array(listeners.values)
        }
        for target in targets { target.yield(health) }
    }

    func updates() -> AsyncStream<PrinterHealth> {
        let (stream, continuation) = AsyncStream.makeStream(of: PrinterHealth.self, bufferingPolicy: .bufferingNewest(16))
        let id = UUID()
        let first: PrinterHealth = lock.withLock {
            listeners[id] = continuation
            return latest
        }
        continuation.yield(first)
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    func finish() {
        let targets = lock.withLock { Array(listeners.values) }
        for target in targets { target.finish() }
    }
}
