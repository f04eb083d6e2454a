import Foundation
import KioskDomain

/// A printer the kiosk (receipts) or the counter (voucher sheets) prints on.
///
/// The port speaks in documents, not bytes: the adapter knows whether the queue is an ESC/POS
/// thermal roll or a driver queue for A4, and lays the document out for it. `print` returns only
/// when the job has reached an end (completed, failed, or cancelled after the policy's timeout),
/// because the caller decides what the customer sees from that end.
public protocol Printer: Sendable {
    /// The queue name people know the printer by ("receipt"), used in every message.
    var name: String { get }
    /// The latest known health. Cheap: adapters keep it fresh in the background.
    func health() async -> PrinterHealth
    /// Every change of health, starting with the current one, so a screen can show "out of paper"
    /// the moment the printer says so rather than when a job times out.
    func healthUpdates() -> AsyncStream<PrinterHealth>
    /// Prints and waits for the job's end; a job that has not ended after `timeout` is cancelled
    /// and reported as `.timedOut`.
    func print(_ document: PrintDocument, timeout: Duration) async throws(PrintError) -> PrintOutcome
}

/// What can be printed.
public enum PrintDocument: Sendable, Hashable {
    case receipt(Receipt)
    case voucherSheet(VoucherSheet)

    /// A short label for job titles and logs.
    public var title: String {
        switch self {
        case .receipt(let receipt): "receipt \(receipt.reference)"
        case .voucherSheet(let sheet): "vouchers ×\(sheet.cards.count)"
        }
    }
}

/// A customer's receipt for one sale: enough to prove payment and to log in with the code.
public struct Receipt: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public var name: String
        /// What the item grants, already worded ("60 min internet").
        public var detail: String
        public var amount: Money
        public init(name: String, detail: String = "", amount: Money) {
            self.name = name
            self.detail = detail
            self.amount = amount
        }
    }

    /// Money beyond the price and where it went (a customer credit, a change voucher, extra time).
    public struct Surplus: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable { case credit, changeVoucher, extraTime }
        public var kind: Kind
        public var amount: Money
        /// The credit or change-voucher code to quote at the counter, when there is one.
        public var reference: String?
        public init(kind: Kind, amount: Money, reference: String? = nil) {
            self.kind = kind
            self.amount = amount
            self.reference = reference
        }
    }

    /// Site name and address lines, printed centred at the top.
    public var header: [String]
    public var items: [Item]
    public var paid: Money
    public var surplus: Surplus?
    /// The access code, printed large; nil for a receipt that only records money (a credit).
    public var code: AccessCode?
    /// What the QR encodes (a login link or the bare code); nil prints no QR.
    public var qrPayload: String?
    public var validUntil: Date?
    public var footer: [String]
    /// The purchase id, printed small so staff can find the sale.
    public var reference: String
    public var issuedAt: Date
    public var language: MoneyFormatter.Language
    public var timeZone: TimeZone

    public init(header: [String], items: [Item], paid: Money, surplus: Surplus? = nil, code: AccessCode?,
                qrPayload: String?, validUntil: Date? = nil, footer: [String] = [], reference: String,
                issuedAt: Date, language: MoneyFormatter.Language = .en, timeZone: TimeZone = .current) {
        self.header = header
        self.items = items
        self.paid = paid
        self.surplus = surplus
        self.code = code
        self.qrPayload = qrPayload
        self.validUntil = validUntil
        self.footer = footer
        self.reference = reference
        self.issuedAt = issuedAt
        self.language = language
        self.timeZone = timeZone
    }

    public var total: Money? {
        guard let first = items.first else { return nil }
        return items.dropFirst().reduce(first.amount) { $0 + $1.amount }
    }
}

/// Cards for the counter: many on A4 to cut, or one per sheet of card stock.
public struct VoucherSheet: Sendable, Hashable, Codable {
    public enum Stock: Sendable, Hashable, Codable {
        /// A4 portrait with `columns` × `rows` cards of 85.6 × 54 mm and cut marks.
        case a4(columns: Int, rows: Int)
        /// One 85.6 × 54 mm (ID-1) card per page.
        case card
    }

    public var cards: [VoucherCard]
    public var stock: Stock
    public var language: MoneyFormatter.Language
    public var timeZone: TimeZone

    public init(cards: [VoucherCard], stock: Stock = .a4(columns: 2, rows: 5),
                language: MoneyFormatter.Language = .en, timeZone: TimeZone = .current) {
        self.cards = cards
        self.stock = stock
        self.language = language
        self.timeZone = timeZone
    }
}

/// One printed voucher: a code, or a username and password, for a plan.
public struct VoucherCard: Sendable, Hashable, Codable {
    public enum Credential: Sendable, Hashable, Codable {
        case code(AccessCode)
        case account(username: String, password: String)
    }
    public var planName: String
    public var credential: Credential
    public var qrPayload: String?
    public var validUntil: Date?
    public var price: Money?

    public init(planName: String, credential: Credential, qrPayload: String?, validUntil: Date? = nil, price: Money? = nil) {
        self.planName = planName
        self.credential = credential
        self.qrPayload = qrPayload
        self.validUntil = validUntil
        self.price = price
    }
}

/// How a job ended well.
public struct PrintOutcome: Sendable, Hashable {
    /// The job's id on its queue ("receipt-42"), for logs and staff.
    public var jobID: String
    /// From submission to the job's end.
    public var duration: Duration
    /// Whether the printer itself confirmed it still had paper after the job (ESC/POS paper
    /// sensor); nil when the printer cannot say. A CUPS "completed" only means the bytes left, so
    /// an adapter that reads the sensor and finds the roll empty throws `.paperRanOut` instead.
    public var paperConfirmed: Bool?

    public init(jobID: String, duration: Duration, paperConfirmed: Bool? = nil) {
        self.jobID = jobID
        self.duration = duration
        self.paperConfirmed = paperConfirmed
    }
}

/// What a printer reports about itself (CUPS printer-state, printer-state-reasons, accepting-jobs).
public struct PrinterHealth: Sendable, Hashable, CustomStringConvertible {
    public enum State: String, Sendable, Hashable { case idle, processing, stopped, unknown }

    public var printer: String
    public var state: State
    public var conditions: [PrinterCondition]
    public var isAcceptingJobs: Bool
    /// The printer's or backend's own words ("Paper roll is empty").
    public var message: String
    /// False when the print server itself did not answer.
    public var serverReachable: Bool

    public init(printer: String, state: State, conditions: [PrinterCondition] = [], isAcceptingJobs: Bool = true,
                message: String = "", serverReachable: Bool = true) {
        self.printer = printer
        self.state = state
        self.conditions = conditions
        self.isAcceptingJobs = isAcceptingJobs
        self.message = message
        self.serverReachable = serverReachable
    }

    public static func unknown(_ printer: String) -> PrinterHealth {
        PrinterHealth(printer: printer, state: .unknown, isAcceptingJobs: false, serverReachable: false)
    }

    /// The conditions that stop a job from coming out.
    public var blockingConditions: [PrinterCondition] { conditions.filter(\.blocksPrinting) }

    public var canPrint: Bool {
        serverReachable && isAcceptingJobs && state != .stopped && state != .unknown && blockingConditions.isEmpty
    }

    /// Why the printer cannot print, in words for staff; nil when it can.
    public var problem: String? {
        if canPrint { return nil }
        if !serverReachable { return "the print server for printer '\(printer)' does not answer: check that cupsd is running" }
        if let first = blockingConditions.first { return "printer '\(printer)' \(first.explanation)" }
        if !isAcceptingJobs { return "printer '\(printer)' is not accepting jobs: run `cupsaccept \(printer)`" }
        if state == .stopped { return "printer '\(printer)' is stopped: run `cupsenable \(printer)` after fixing it" }
        return "printer '\(printer)' is in an unknown state"
    }

    public var description: String {
        "\(printer): \(state.rawValue) reasons=\(conditions.map(\.keyword)) accepting=\(isAcceptingJobs)"
            + (message.isEmpty ? "" : " \"\(message)\"")
    }
}

/// One IPP printer-state-reason, e.g. `media-empty-error`: a kind and how serious it is.
public struct PrinterCondition: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case offline, paused, mediaEmpty, mediaLow, mediaJam, mediaNeeded, doorOpen, coverOpen
        case markerSupplyLow, markerSupplyEmpty, other(String)
    }
    /// IPP's suffix: `-error` stops printing, `-warning` does not, `-report` is news.
    public enum Severity: String, Sendable, Hashable { case error, warning, report }

    public var kind: Kind
    public var severity: Severity
    /// The keyword as the printer sent it.
    public var keyword: String

    /// Parses an IPP printer-state-reasons keyword; nil for `none`.
    public init?(ippKeyword: String) {
        if ippKeyword == "none" || ippKeyword.isEmpty { return nil }
        keyword = ippKeyword
        var base = ippKeyword
        // No suffix means error (RFC 8011 §5.4.12).
        severity = .error
        for suffix in [Severity.error, .warning, .report] where ippKeyword.hasSuffix("-" + suffix.rawValue) {
            severity = suffix
            base = String(ippKeyword.dropLast(suffix.rawValue.count + 1))
        }
        switch base {
        case "offline": kind = .offline
        case "paused": kind = .paused
        case "media-empty": kind = .mediaEmpty
        case "media-low": kind = .mediaLow
        case "media-jam": kind = .mediaJam
        case "media-needed": kind = .mediaNeeded
        case "door-open": kind = .doorOpen
        case "cover-open": kind = .coverOpen
        case "marker-supply-low", "toner-low": kind = .markerSupplyLow
        case "marker-supply-empty", "toner-empty": kind = .markerSupplyEmpty
        default: kind = .other(base)
        }
    }

    public init(_ kind: Kind, _ severity: Severity, keyword: String) {
        self.kind = kind
        self.severity = severity
        self.keyword = keyword
    }

    /// Whether this condition stops jobs. Offline and paused block whatever their suffix (CUPS
    /// reports an unreachable socket printer as `offline-report`); CUPS' own `cups-*` keywords
    /// are bookkeeping and never block.
    public var blocksPrinting: Bool {
        switch kind {
        case .offline, .paused: return true
        case .other(let base) where base.hasPrefix("cups-") || base.hasPrefix("com.apple."): return false
        default: return severity == .error
        }
    }

    public var explanation: String {
        switch kind {
        case .offline: "is offline: check its power and cable"
        case .paused: "is paused: run `cupsenable` after fixing it"
        case .mediaEmpty: "is out of paper: load a new roll"
        case .mediaLow: "is low on paper: have a roll ready"
        case .mediaJam: "has a paper jam: open it and clear the paper"
        case .mediaNeeded: "needs paper loaded"
        case .doorOpen, .coverOpen: "is open: close its cover"
        case .markerSupplyLow: "is low on ink or toner"
        case .markerSupplyEmpty: "is out of ink or toner"
        case .other(let base): "reports \(base)"
        }
    }

    public var description: String { keyword }
}

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

/// The kiosk's rules for a printer that cannot print, kept in one small value so the screens and
/// the use cases agree.
///
/// Default: keep selling and show the code on screen (a customer with a code on screen can still
/// log in; turning customers away loses sales for a missing slip of paper). A site that must hand
/// out paper (fiscal rules, a code that must be carried away) switches the fallback off, and then
/// the kiosk takes no money while the printer cannot print.
public struct PrinterFaultPolicy: Sendable, Hashable, Codable {
    /// Sell while the printer is down, showing the code on screen instead of printing it.
    public var showCodeOnScreenWhenPrinterDown: Bool
    /// A job not finished after this long is cancelled and reported.
    public var jobTimeout: Duration

    public init(showCodeOnScreenWhenPrinterDown: Bool = true, jobTimeout: Duration = .seconds(45)) {
        self.showCodeOnScreenWhenPrinterDown = showCodeOnScreenWhenPrinterDown
        self.jobTimeout = jobTimeout
    }

    public enum SaleGate: Sendable, Hashable {
        /// Take money and print the receipt.
        case sellAndPrint
        /// Take money; the printer is down, so the code will be shown on screen.
        case sellShowingCode(reason: String)
        /// Take no money: the printer is down and the fallback is off.
        case refuse(reason: String)

        public var acceptsMoney: Bool { if case .refuse = self { false } else { true } }
    }

    /// Asked before the bill acceptor is enabled for a sale.
    public func gate(for health: PrinterHealth) -> SaleGate {
        guard let problem = health.problem else { return .sellAndPrint }
        return showCodeOnScreenWhenPrinterDown ? .sellShowingCode(reason: problem) : .refuse(reason: problem)
    }

    public enum AfterPrint: Sendable, Hashable {
        case printed
        /// The money is taken and the code stored: show it on screen, keep it for a staff reprint,
        /// and tell staff why.
        case showCodeAndKeepForReprint(reason: String)
    }

    /// Asked after a paid sale's receipt job ended. Whatever happened, the sale stands.
    public func afterPrint(_ result: Result<PrintOutcome, PrintError>) -> AfterPrint {
        switch result {
        case .success: .printed
        case .failure(let error): .showCodeAndKeepForReprint(reason: error.description)
        }
    }
}
