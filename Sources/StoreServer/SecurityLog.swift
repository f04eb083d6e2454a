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

    /// A staff decision that overrides the store's own checks (an owner releasing or dismissing a
    /// held event): logged beside the refusals with who made it and from where; not a refusal, so not counted.
    public func record(_ action: String, by username: String, source: String, detail: String) {
        logger.notice("staff decision", metadata: ["action": .string(action), "user": .string(username),
                                                   "source": .string(source), "detail": .string(String(detail.prefix(200)))])
    }

    public var refusals: [String: Int] { counts.withLock { $0 } }
}

/// A login refused unchecked: a guess budget of its source or target is spent (`GuessBudget`).
public struct GuessLimited: Error, Sendable {}
