import Foundation
import Synchronization

/// The store's notion of "now", injected so tests can move time (session charges, rate windows).
public protocol StoreClock: Sendable {
    func now() -> Date
}

public struct SystemStoreClock: StoreClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock tests move by hand.
public final class ManualStoreClock: StoreClock {
    private let current: Mutex<Date>
    public init(_ start: Date) { current = Mutex(start) }
    public func now() -> Date { current.withLock { $0 } }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
