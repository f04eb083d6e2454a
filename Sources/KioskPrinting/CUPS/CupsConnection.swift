import CCups
import Foundation
import KioskCore

/// The one explicit libcups connection (`http_t`) of a `CupsClient`, used only on its thread.
///
/// Every method is a blocking libcups call; `CupsClient` calls them through its `CupsThread`.
/// `@unchecked Sendable` only so the client can hold it: `assertOnThread` checks the confinement.
final class CupsConnection: @unchecked Sendable {
    let host: String
    let port: Int32
    private let thread: CupsThread
    private var http: OpaquePointer?

    init(host: String, port: Int32, thread: CupsThread) {
        self.host = host
        self.port = port
        self.thread = thread
    }

    private func assertOnThread() {
        precondition(thread.isCurrent, "libcups connection used off its thread")
    }

    /// Opens the connection on first use; libcups reconnects it by itself after an error.
    /// Calls httpConnect2.
    private func connection() throws(CupsError) -> OpaquePointer {
        assertOnThread()
        if let http { return http }
        guard let opened = httpConnect2(host, port, nil, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000, nil) else {
            throw .unreachable(server: serverDescription, detail: Self.lastError())
        }
        http = opened
        return opened
    }

    var serverDescription: String { host.hasPrefix("/") ? host : "\(host):\(port)" }

    func close() {
        assertOnThread()
        if let http { httpClose(http) }
        http = nil
    }

    static func lastError() -> String { String(cString: cupsLastErrorString()) }

    static func printerURI(_ queue: String) -> String { "ipp://localhost/printers/\(queue)" }

    /// Sends `request` (consumed) and returns the response, which the caller deletes. Calls cupsDoRequest.
    private func perform(_ request: OpaquePointer?, operation: String) throws(CupsError) -> OpaquePointer {
        let http = try connection()
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nil, cupsUser())
        guard let response = cupsDoRequest(http, request, "/") else {
            let detail = Self.lastError()
            if httpGetFd(http) < 0 || cupsLastError() == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE {
                close()
                throw .unreachable(server: serverDescription, detail: detail)
            }
            throw .request(operation: operation, status: Int32(cupsLastError().rawValue), detail: detail)
        }
        let status = ippGetStatusCode(response)
        if status.rawValue > IPP_STATUS_OK_EVENTS_COMPLETE.rawValue {
            ippDelete(response)
            if status == IPP_STATUS_ERROR_NOT_FOUND { throw .notFound(operation: operation) }
            throw .request(operation: operation, status: Int32(status.rawValue), detail: Self.lastError())
        }
        return response
    }

    // MARK: Printers

    /// IPP Get-Printer-Attributes: state, reasons, accepting-jobs, message.
    func printerHealth(_ queue: String) throws(CupsError) -> PrinterHealth {
        let request = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, Self.printerURI(queue))
        let response = try perform(request, operation: "Get-Printer-Attributes \(queue)")
        defer { ippDelete(response) }
        return Self.health(queue, from: Self.attributes(of: response).first ?? [:])
    }

    /// CUPS-Get-Printers: every queue with its device and state.
    func queues() throws(CupsError) -> [CupsQueue] {
        let request = ippNewRequest(IPP_OP_CUPS_GET_PRINTERS)
        let response: OpaquePointer
        do {
            response = try perform(request, operation: "CUPS-Get-Printers")
        } catch .notFound {
            return []   // cupsd answers not-found when there are no queues at all
        }
        defer { ippDelete(response) }
        return Self.attributes(of: response).compactMap { group in
            guard let name = group["printer-name"]?.first else { return nil }
            return CupsQueue(name: name, deviceURI: group["device-uri"]?.first ?? "",
                             makeAndModel: group["printer-make-and-model"]?.first ?? "",
                             health: Self.health(name, from: group))
        }
    }

    static func health(_ queue: String, from group: [String: [String]]) -> PrinterHealth {
        let state: PrinterHealth.State = switch group["printer-state"]?.first {
        case "3": .idle
        case "4": .processing
        case "5": .stopped
        default: .unknown
        }
        return PrinterHealth(printer: queue, state: state,
                             conditions: (group["printer-state-reasons"] ?? []).compactMap(PrinterCondition.init(ippKeyword:)),
                             isAcceptingJobs: group["printer-is-accepting-jobs"]?.first == "true",
                             message: group["printer-state-message"]?.first ?? "")
    }

    /// The printer or job groups of a response as name → values (enums as numbers, booleans as
    /// "true"/"false"), which is all the kiosk reads.
    static func attributes(of response: OpaquePointer) -> [[String: [String]]] {
        var groups: [[String: [String]]] = []
        var current: [String: [String]] = [:]
        var currentTag = IPP_TAG_ZERO
        var attribute = ippFirstAttribute(response)
        while let attr = attribute {
            let group = ippGetGroupTag(attr)
            if group != currentTag || ippGetName(attr) == nil {
                if !current.isEmpty && currentTag != IPP_TAG_OPERATION { groups.append(current) }
                current = [:]
                currentTag = group
            }
            if let cName = ippGetName(attr) {
                current[String(cString: cName)] = values(of: attr)
            }
            attribute = ippNextAttribute(response)
        }
        if !current.isEmpty && currentTag != IPP_TAG_OPERATION { groups.append(current) }
        return groups
    }

    private static func values(of attr: OpaquePointer) -> [String] {
        (0..<ippGetCount(attr)).map { index in
            switch ippGetValueTag(attr) {
            case IPP_TAG_INTEGER, IPP_TAG_ENUM: String(ippGetInteger(attr, index))
            case IPP_TAG_BOOLEAN: ippGetBoolean(attr, index) != 0 ? "true" : "false"
            default: ippGetString(attr, index, nil).map { String(cString: $0) } ?? ""
            }
        }
    }

    // MARK: Jobs

    /// Create-Job + Send-Document with the whole document, in 64 KiB writes.
    /// Calls cupsCreateJob, cupsStartDocument, cupsWriteRequestData, cupsFinishDocument.
    ///
    /// The title travels as `job-name` only. Send-Document carries no `document-name`, as `lp`
    /// sends none: Debian 12's cupsd 2.4.2-3+deb12u10 corrupts its heap when a job has a
    /// `document-name-supplied` attribute and dies with SIGSEGV at that job or a later one
    /// (docs/printing.md, "cupsd and document-name"). Nothing of the kiosk reads a document's name.
    func submit(queue: String, title: String, format: String, document: [UInt8], options: [String: String]) throws(CupsError) -> Int32 {
        let http = try connection()
        var cOptions: UnsafeMutablePointer<cups_option_t>? = nil
        var count: Int32 = 0
        for (name, value) in options { count = cupsAddOption(name, value, count, &cOptions) }
        let jobID = cupsCreateJob(http, queue, title, count, cOptions)
        cupsFreeOptions(count, cOptions)
        guard jobID > 0 else {
            throw .request(operation: "Create-Job on \(queue)", status: Int32(cupsLastError().rawValue), detail: Self.lastError())
        }
        var status = cupsStartDocument(http, queue, jobID, nil, format, 1)
        guard status == HTTP_STATUS_CONTINUE else {
            _ = cupsCancelJob2(http, queue, jobID, 0)
            throw .request(operation: "Send-Document job \(jobID)", status: Int32(status.rawValue), detail: Self.lastError())
        }
        document.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count && status == HTTP_STATUS_CONTINUE {
                let length = min(65536, raw.count - offset)
                status = cupsWriteRequestData(http, raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self), length)
                offset += length
            }
        }
        let finish = cupsFinishDocument(http, queue)
        guard status == HTTP_STATUS_CONTINUE, finish.rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else {
            throw .request(operation: "Send-Document job \(jobID)", status: Int32(finish.rawValue), detail: Self.lastError())
        }
        return jobID
    }

    /// Get-Job-Attributes.
    func job(_ jobID: Int32) throws(CupsError) -> CupsJobStatus {
        let request = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", nil, "ipp://localhost/jobs/\(jobID)")
        let response = try perform(request, operation: "Get-Job-Attributes \(jobID)")
        defer { ippDelete(response) }
        let group = Self.attributes(of: response).first ?? [:]
        return CupsJobStatus(id: jobID,
                             state: group["job-state"]?.first.flatMap(Int32.init).flatMap(CupsJobState.init(rawValue:)) ?? .pending,
                             reasons: group["job-state-reasons"] ?? [],
                             message: group["job-printer-state-message"]?.first ?? "")
    }

    /// Cancel-Job. Calls cupsCancelJob2.
    func cancel(queue: String, jobID: Int32) throws(CupsError) {
        let http = try connection()
        let status = cupsCancelJob2(http, queue, jobID, 0)
        guard status.rawValue <= IPP_STATUS_OK_EVENTS_COMPLETE.rawValue else {
            throw .request(operation: "Cancel-Job \(jobID)", status: Int32(status.rawValue), detail: Self.lastError())
        }
    }
}
