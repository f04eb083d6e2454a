import Dispatch

/// The thread a sink's blocking work runs on (ioctl, page-flip waits, file writes), so the
/// cooperative pool never blocks on the kernel. One serial queue per sink keeps presents in order.
final class SinkQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws(DisplayError) -> T) async throws(DisplayError) -> T {
        let result: Result<T, DisplayError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(DisplayError) { continuation.resume(returning: .success(try body())) }
                catch { continuation.resume(returning: .failure(error)) }
            }
        }
        return try result.get()
    }

    /// Runs `body` on the sink's thread and waits (for `close`, which callers expect to be done on return).
    func sync<T>(_ body: () -> T) -> T { queue.sync(execute: body) }
}
