import Foundation

/// One OS thread that runs every libcups call of a client, in order.
///
/// libcups keeps state per thread (the default connection, `cupsLastError`), and its calls block
/// on sockets, so they must not run on Swift's cooperative pool, and a request and the error
/// read after it must run on the same thread. A serial dispatch queue does not promise the same
/// thread; this does.
final class CupsThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var work: [@Sendable () -> Void] = []
    private var stopping = false
    private var threadID: pthread_t?

    init(name: String) {
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.stackSize = 512 * 1024
        thread.start()
    }

    private func loop() {
        condition.lock()
        threadID = pthread_self()
        condition.broadcast()
        condition.unlock()
        while true {
            condition.lock()
            while work.isEmpty && !stopping { condition.wait() }
            if work.isEmpty && stopping {
                condition.unlock()
                return
            }
            let next = work.removeFirst()
            condition.unlock()
            next()
        }
    }

    /// Whether the caller is this thread (confined objects assert it).
    var isCurrent: Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let threadID else { return false }
        return pthread_equal(threadID, pthread_self()) != 0
    }

    /// Runs `body` on the thread and returns its result to the awaiting task.
    func run<T: Sendable, E: Error>(_ body: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await withCheckedContinuation { continuation in
            enqueue { continuation.resume(returning: Result { () throws(E) -> T in try body() }) }
        }
        return try result.get()
    }

    func enqueue(_ body: @escaping @Sendable () -> Void) {
        condition.lock()
        precondition(!stopping, "CUPS thread used after stop")
        work.append(body)
        condition.signal()
        condition.unlock()
    }

    /// Lets queued work finish, then ends the thread.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }
}
