import Foundation
import Logging
import Synchronization

/// Every refused request is counted by reason and logged with its source, so an attack shows up
/// in `GET /v1/admin/stats` and in the log where staff look.
public final class SecurityLog: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func refuse(_ reason: String, source: String, detail: String) {
        let count = counts.withLock { counts -> Int in
            counts[reason, default: 0] += 1
            return counts[reason]!
        }
        logger.warning("refused request", metadata: ["reason": .string(reason), "source": .string(source),
                                                     "detail": .string(String(detail.prefix(200))),
                                                     "count": .stringConvertible(count)])
    }

    public var refusals: [String: Int] { counts.withLock { $0 } }
}

/// Limits failed code and password guesses per source: after `maxFailures` failures within
/// `window` seconds, further logins from that source are refused unchecked until the window
/// passes. 50 random bits per code make guessing hopeless; this keeps it from being free.
public final class AttemptLimiter: Sendable {
    public let maxFailures: Int
    public let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])
    private static let maxSources = 100_000

    public init(maxFailures: Int = 10, window: TimeInterval = 300) {
        self.maxFailures = maxFailures
        self.window = window
    }

    public func isBlocked(_ source: String, now: Date) -> Bool {
        failures.withLock { table in
            let recent = (table[source] ?? []).filter { now.timeIntervalSince($0) < window }
            table[source] = recent.isEmpty ? nil : recent
            return recent.count >= maxFailures
        }
    }

    public func recordFailure(_ source: String, now: Date) {
        failures.withLock { table in
            if table.count >= Self.maxSources {
                table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            }
            table[source, default: []].append(now)
        }
    }
}
