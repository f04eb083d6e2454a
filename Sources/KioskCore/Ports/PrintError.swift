/// Why a print did not come out, worded for the person who can fix it.
public enum PrintError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The printer said beforehand it cannot print (out of paper, offline, stopped).
    case cannotPrint(PrinterHealth)
    /// The print server did not answer or refused the request.
    case serverUnavailable(printer: String, detail: String)
    case submitFailed(printer: String, detail: String)
    /// The job ended without printing (CUPS `aborted` or `canceled`).
    case jobFailed(printer: String, jobID: String, state: String, message: String)
    /// The job was still not done after the timeout and has been cancelled.
    case timedOut(printer: String, jobID: String, after: Duration)
    /// The bytes left, but the printer's own sensor says the roll ran out: the receipt may be cut short.
    case paperRanOut(printer: String, jobID: String)
    /// The document cannot be printed on this kind of queue (a voucher sheet on a receipt roll).
    case unsupported(printer: String, detail: String)

    public var description: String {
        switch self {
        case .cannotPrint(let health): health.problem ?? "printer '\(health.printer)' cannot print"
        case .serverUnavailable(let printer, let detail):
            "the print server for printer '\(printer)' does not answer (\(detail)): check that cupsd is running and CUPS_SERVER is right"
        case .submitFailed(let printer, let detail): "printer '\(printer)' refused the job: \(detail)"
        case .jobFailed(let printer, let jobID, let state, let message):
            "job \(jobID) on printer '\(printer)' was \(state)" + (message.isEmpty ? "" : ": \(message)")
                + "; the code is kept, reprint it from the staff menu"
        case .timedOut(let printer, let jobID, let after):
            "job \(jobID) on printer '\(printer)' did not finish within \(after) and was cancelled; check the printer, then reprint"
        case .paperRanOut(let printer, let jobID):
            "printer '\(printer)' ran out of paper during job \(jobID): load a roll and reprint"
        case .unsupported(let printer, let detail): "printer '\(printer)' cannot print this: \(detail)"
        }
    }
}
