/// `kiosk run --exit-after SECONDS`: a test's way to stop the kiosk after a while, on whichever
/// screen it runs (the selling one, or the out-of-service one of a damaged database).
enum ExitAfter {
    /// Adds the timer to `group` (none when `seconds` is nil) and waits for all its tasks; true
    /// when the timer is what ended them.
    static func wait(_ group: inout ThrowingTaskGroup<Void, any Error>, seconds: Double?) async throws -> Bool {
        if let seconds {
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                throw CancellationError()
            }
        }
        do {
            while try await group.next() != nil {}
        } catch is CancellationError {
            return true
        }
        return false
    }
}
