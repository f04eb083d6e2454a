import Foundation

/// The time, injected everywhere a rule depends on it (sales windows, validity, receipts), so
/// tests can set it and a kiosk never reads the clock behind its use cases' back.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
