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
