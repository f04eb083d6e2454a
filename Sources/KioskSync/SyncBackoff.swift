import Foundation

/// How long to wait before the next try after `failures` failures in a row: exponential with full
/// jitter (a random wait between zero and the cap), so kiosks that lost the store at the same
/// moment do not all come back at the same moment.
public struct SyncBackoff: Sendable, Hashable {
    public var base: Duration
    public var maximum: Duration

    public init(base: Duration = .milliseconds(500), maximum: Duration = .seconds(60)) {
        self.base = base
        self.maximum = maximum
    }

    /// The ceiling for the wait: base × 2^(failures-1), at most `maximum`.
    public func ceiling(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let exponent = min(failures - 1, 30)
        let ceiling = base * (1 << exponent)
        return min(ceiling, maximum)
    }

    public func delay<R: RandomNumberGenerator>(afterFailures failures: Int, using rng: inout R) -> Duration {
        let ceiling = ceiling(afterFailures: failures)
        guard ceiling > .zero else { return .zero }
        let milliseconds = ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000
        return .milliseconds(Int64.random(in: 0...max(milliseconds, 0), using: &rng))
    }
}
