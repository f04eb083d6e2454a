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

/// "Now" read from a file holding seconds since 1970, for system tests that move the store's time
/// across processes (`kiosk-store --test-clock-file`). A missing or unreadable file means the
/// system clock, so a stray option never stops the store.
public struct FileStoreClock: StoreClock {
    public let path: String
    public init(path: String) { self.path = path }

    public func now() -> Date {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let seconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return Date() }
        return Date(timeIntervalSince1970: seconds)
    }
}
