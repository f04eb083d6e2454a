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
