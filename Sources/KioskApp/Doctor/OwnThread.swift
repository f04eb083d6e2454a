import Foundation

/// Runs blocking work (serial IO, statvfs, waiting for a child process) on a thread of its own,
/// so the cooperative pool never blocks, as the house rules ask.
enum OwnThread {
    static func run<T: Sendable>(_ name: String, _ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.name = name
            thread.start()
        }
    }
}
