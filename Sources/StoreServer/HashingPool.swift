import Foundation
import NIOPosix
import Synchronization

/// Runs memory-hard hashes (scrypt, 32 MiB each) a few at a time, so 500 logins at once cannot
/// take 500 × 32 MiB: at most `concurrent` run (on NIO's blocking pool, never the cooperative
/// one), at most `maxWaiting` more wait their turn in order, and any beyond that are refused at
/// once with `HashingBusy` (503 with Retry-After), costing nothing.
final class HashingPool: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, any Error>] = []
    }

    let concurrent: Int
    let maxWaiting: Int
    private let state = Mutex(State())

    /// One hash per core by default: more would only share the cores and hold more memory.
    init(concurrent: Int = ProcessInfo.processInfo.activeProcessorCount, maxWaiting: Int = 64) {
        self.concurrent = max(1, concurrent)
        self.maxWaiting = max(0, maxWaiting)
    }

    /// Runs `body` when a slot is free. `mayRefuse: false` waits however long the queue is: for
    /// work staff asked for (a batch of accounts), never for a login from outside.
    func run<T: Sendable>(mayRefuse: Bool = true, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire(mayRefuse: mayRefuse)
        defer { release() }
        return try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// Hashes running and waiting now (for tests and the log).
    var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count) } }

    private enum Admission { case run, wait, refuse }

    private func acquire(mayRefuse: Bool) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let admission = state.withLock { state -> Admission in
                if state.running < concurrent {
                    state.running += 1
                    return .run
                }
                guard state.waiting.count < maxWaiting || !mayRefuse else { return .refuse }
                state.waiting.append(continuation)
                return .wait
            }
            switch admission {
            case .run: continuation.resume()
            case .refuse: continuation.resume(throwing: HashingBusy())
            case .wait: break
            }
        }
    }

    /// Hands the slot to the oldest waiter, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

/// Too many password checks are running and waiting: refused unchecked, try again in a second.
public struct HashingBusy: Error, Sendable {}
