import CCups
import Foundation
import KioskCore

/// A CUPS scheduler, reached through one explicit libcups connection owned by one thread.
///
/// Async methods hop to that thread and back, so callers on the cooperative pool never block.
/// Queue discovery, job submission, job and printer state, cancellation: all the kiosk needs.
public final class CupsClient: Sendable {
    private let thread: CupsThread
    private let connection: CupsConnection

    /// `server` is what CUPS_SERVER takes: a socket path (`/run/cups/cups.sock`) or `host[:port]`.
    /// Nil uses libcups' own default (CUPS_SERVER, then client.conf, then the local scheduler).
    public init(server: String? = nil) {
        let (host, port) = Self.split(server ?? String(cString: cupsServer()), defaultPort: ippPort())
        thread = CupsThread(name: "cups \(host)")
        connection = CupsConnection(host: host, port: port, thread: thread)
    }

    deinit {
        let connection = self.connection
        thread.enqueue { connection.close() }
        thread.stop()
    }

    public var server: String { connection.serverDescription }

    static func split(_ server: String, defaultPort: Int32) -> (String, Int32) {
        if server.hasPrefix("/") { return (server, defaultPort) }
        if let colon = server.lastIndex(of: ":"), !server.hasPrefix("["), let port = Int32(server[server.index(after: colon)...]) {
            return (String(server[..<colon]), port)
        }
        return (server, defaultPort)
    }

    public func queues() async throws(CupsError) -> [CupsQueue] {
        try await thread.run { () throws(CupsError) in try self.connection.queues() }
    }

    public func printerHealth(_ queue: String) async throws(CupsError) -> PrinterHealth {
        try await thread.run { () throws(CupsError) in try self.connection.printerHealth(queue) }
    }

    /// Submits `document` as one job; returns the job id once the scheduler has all the bytes.
    public func submit(queue: String, title: String, format: String, document: [UInt8],
                       options: [String: String] = [:]) async throws(CupsError) -> Int32 {
        try await thread.run { () throws(CupsError) in
            try self.connection.submit(queue: queue, title: title, format: format, document: document, options: options)
        }
    }

    public func job(_ id: Int32) async throws(CupsError) -> CupsJobStatus {
        try await thread.run { () throws(CupsError) in try self.connection.job(id) }
    }

    public func cancel(queue: String, jobID: Int32) async throws(CupsError) {
        try await thread.run { () throws(CupsError) in try self.connection.cancel(queue: queue, jobID: jobID) }
    }
}

/// A queue as CUPS-Get-Printers describes it.
public struct CupsQueue: Sendable, Hashable {
    public var name: String
    public var deviceURI: String
    public var makeAndModel: String
    public var health: PrinterHealth
}

/// IPP job-state values (RFC 8011 §5.3.7).
public enum CupsJobState: Int32, Sendable, Hashable, CustomStringConvertible {
    case pending = 3, held = 4, processing = 5, stopped = 6, canceled = 7, aborted = 8, completed = 9

    public var isTerminal: Bool { rawValue >= 7 }

    public var description: String {
        switch self {
        case .pending: "pending"
        case .held: "held"
        case .processing: "processing"
        case .stopped: "stopped"
        case .canceled: "canceled"
        case .aborted: "aborted"
        case .completed: "completed"
        }
    }
}

public struct CupsJobStatus: Sendable, Hashable {
    public var id: Int32
    public var state: CupsJobState
    public var reasons: [String]
    /// The backend's last message for this job ("Paper roll is empty").
    public var message: String
}

/// What went wrong talking to the scheduler.
public enum CupsError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreachable(server: String, detail: String)
    case notFound(operation: String)
    case request(operation: String, status: Int32, detail: String)

    public var description: String {
        switch self {
        case .unreachable(let server, let detail):
            "cannot reach the CUPS scheduler at \(server) (\(detail)): check that cupsd runs and CUPS_SERVER points at it"
        case .notFound(let operation): "\(operation): no such printer or job (check the queue name with `lpstat -p`)"
        case .request(let operation, let status, let detail): "\(operation) failed: IPP status 0x\(String(status, radix: 16)) \(detail)"
        }
    }
}
