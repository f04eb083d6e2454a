import KioskCore
import KioskDomain

/// A CUPS queue as the kiosk's `Printer`: lays documents out for the queue's kind, submits them,
/// follows each job to its end and keeps the printer's health current for the screens.
public final class CupsPrinter: Printer {
    public let name: String
    public let kind: PrinterKind
    public let client: CupsClient
    private let broadcaster: HealthBroadcaster

    public init(client: CupsClient, queue: String, kind: PrinterKind) {
        self.client = client
        self.name = queue
        self.kind = kind
        self.broadcaster = HealthBroadcaster(initial: .unknown(queue))
    }

    public func health() async -> PrinterHealth { broadcaster.current }

    public func healthUpdates() -> AsyncStream<PrinterHealth> { broadcaster.updates() }

    /// Asks the scheduler now, publishes the answer and returns it. An unreachable scheduler is a
    /// health too (`serverReachable == false`), not an error: the screens show it like paper-out.
    @discardableResult
    public func refreshHealth() async -> PrinterHealth {
        let health: PrinterHealth
        do {
            health = try await client.printerHealth(name)
        } catch .notFound {
            health = PrinterHealth(printer: name, state: .unknown, isAcceptingJobs: false,
                                   message: "no such queue: create it with lpadmin -p \(name)")
        } catch {
            health = PrinterHealth(printer: name, state: .unknown, isAcceptingJobs: false,
                                   message: error.description, serverReachable: false)
        }
        broadcaster.publish(health)
        return health
    }

    /// Polls the printer every `interval` until the task is cancelled. The composition root runs
    /// this beside the kiosk's other services; `print` also refreshes while it follows a job.
    public func monitor(every interval: Duration = .milliseconds(500)) async {
        while !Task.isCancelled {
            await refreshHealth()
            try? await Task.sleep(for: interval)
        }
        broadcaster.finish()
    }

    public func print(_ document: PrintDocument, timeout: Duration) async throws(PrintError) -> PrintOutcome {
        let rendered = try RenderedDocument.render(document, for: kind, printer: name)
        return try await submitAndFollow(rendered, title: document.title, timeout: timeout)
    }

    /// Submits already rendered bytes (also used by `kiosk-print raw`) and follows the job.
    public func submitAndFollow(_ rendered: RenderedDocument, title: String, timeout: Duration) async throws(PrintError) -> PrintOutcome {
        let before = await refreshHealth()
        guard before.canPrint else { throw .cannotPrint(before) }
        let clock = ContinuousClock()
        let start = clock.now
        let jobID: Int32
        do {
            jobID = try await client.submit(queue: name, title: title, format: rendered.format, document: rendered.bytes)
        } catch {
            if case .unreachable = error { throw .serverUnavailable(printer: name, detail: error.description) }
            throw .submitFailed(printer: name, detail: error.description)
        }
        let job = "\(name)-\(jobID)"
        var pause = Duration.milliseconds(25)
        var last: CupsJobStatus?
        while true {
            if let status = try? await client.job(jobID) {
                last = status
                if status.state.isTerminal { break }
            }
            let health = await refreshHealth()
            if clock.now - start > timeout || Task.isCancelled {
                try? await client.cancel(queue: name, jobID: jobID)
                if Task.isCancelled {
                    throw .jobFailed(printer: name, jobID: job, state: "canceled by the kiosk", message: health.message)
                }
                throw .timedOut(printer: name, jobID: job, after: timeout)
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(200))
        }
        let finished = clock.now - start
        await refreshHealth()
        guard let last, last.state == .completed else {
            let message = last?.message ?? ""
            throw .jobFailed(printer: name, jobID: job, state: last?.state.description ?? "lost",
                             message: message.isEmpty ? broadcaster.current.message : message)
        }
        var paperConfirmed: Bool? = nil
        if case .receiptRoll(_, let probe?) = kind {
            // CUPS "completed" means the bytes left; the paper sensor says whether paper came out.
            if let status = try? await probe.paperStatus() {
                if status.paperEnded { throw .paperRanOut(printer: name, jobID: job) }
                paperConfirmed = true
            }
        }
        return PrintOutcome(jobID: job, duration: finished, paperConfirmed: paperConfirmed)
    }
}
