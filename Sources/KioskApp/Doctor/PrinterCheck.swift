/// Is the receipt queue ready? Asks CUPS through `lpstat` (the scheduler named by CUPS_SERVER or
/// client.conf): the queue exists, is enabled and accepting, and its printer reports no error
/// state reason such as media-empty-error (paper out).
struct PrinterCheck {
    let queue: String
    let tools: ToolRunner

    /// printer-state-reasons that stop receipts, with what a person has to do.
    static let blocking: [(reason: String, meaning: String, fix: String)] = [
        ("media-empty", "is out of paper", "load a new paper roll"),
        ("media-jam", "has a paper jam", "open the printer and clear the jam"),
        ("door-open", "has its cover open", "close the printer cover"),
        ("cover-open", "has its cover open", "close the printer cover"),
        ("offline", "is offline", "check the printer's power and cable"),
        ("connecting-to-device", "cannot be reached", "check the printer's power and cable"),
        ("marker-supply-empty", "is out of ink/ribbon", "replace the ribbon"),
    ]

    func run() -> DoctorFinding {
        let name = "printer"
        guard let scheduler = tools.run("lpstat", ["-r"]) else {
            return DoctorFinding(name, .fail, "lpstat not found: cannot ask CUPS about queue '\(queue)'", fix: "apt-get install cups-client")
        }
        // Without a scheduler lpstat calls every queue an invalid name: say what is really wrong.
        guard scheduler.text.contains("scheduler is running") else {
            return DoctorFinding(name, .fail, "CUPS is not running, so receipts cannot print",
                                 fix: "systemctl start cups (and check CUPS_SERVER / /etc/cups/client.conf)")
        }
        guard let status = tools.run("lpstat", ["-l", "-p", queue]) else {
            return DoctorFinding(name, .fail, "lpstat vanished while checking queue '\(queue)'", fix: "apt-get install --reinstall cups-client")
        }
        let text = status.text
        if text.contains("Invalid destination name") || text.contains("Unknown destination") {
            return DoctorFinding(name, .fail, "printer queue '\(queue)' does not exist in CUPS",
                                 fix: "create it with lpadmin (docs/printing.md) or set [devices] printer to an existing queue (lpstat -p)")
        }
        if status.status != 0 || !text.contains("printer \(queue) ") {
            let first = text.split(separator: "\n").first.map(String.init) ?? "exit status \(status.status)"
            return DoctorFinding(name, .fail, "CUPS did not answer for queue '\(queue)': \(first)",
                                 fix: "start CUPS (systemctl start cups) and check CUPS_SERVER")
        }
        let reasons = Self.reasons(text)
        for blocker in Self.blocking {
            if reasons.contains(where: { $0.hasPrefix(blocker.reason) && !$0.hasSuffix("-report") }) {
                return DoctorFinding(name, .fail, "printer '\(queue)' \(blocker.meaning) (\(reasons.joined(separator: ", ")))", fix: blocker.fix)
            }
        }
        if text.contains("printer \(queue) disabled") {
            let why = Self.indented(after: "printer \(queue) disabled", in: text)
            return DoctorFinding(name, .fail, "printer queue '\(queue)' is stopped\(why.map { ": \($0)" } ?? "")",
                                 fix: "fix the printer, then `cupsenable \(queue)`")
        }
        if let accepting = tools.run("lpstat", ["-a", queue]), accepting.text.contains("not accepting") {
            return DoctorFinding(name, .fail, "printer queue '\(queue)' is not accepting jobs", fix: "`cupsaccept \(queue)`")
        }
        if let error = reasons.first(where: { $0.hasSuffix("-error") }) {
            return DoctorFinding(name, .fail, "printer '\(queue)' reports \(error)", fix: "see the printer's panel and `lpstat -l -p \(queue)`")
        }
        if let warning = reasons.first(where: { $0.hasSuffix("-warning") }) {
            return DoctorFinding(name, .warn, "printer '\(queue)' reports \(warning)", fix: "e.g. media-low-warning: have a paper roll ready")
        }
        let state = text.contains("is idle") ? "idle" : (text.contains("now printing") ? "printing" : "enabled")
        return DoctorFinding(name, .ok, "printer queue '\(queue)' \(state), accepting jobs")
    }

    /// The printer-state-reasons `lpstat -l` prints on its "Alerts:" line.
    static func reasons(_ text: String) -> [String] {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("Alerts:") {
                return trimmed.dropFirst("Alerts:".count).split(separator: " ").map(String.init).filter { $0 != "none" }
            }
        }
        return []
    }

    /// The message line lpstat prints, indented, under a disabled printer.
    static func indented(after marker: String, in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(marker) }), index + 1 < lines.count else { return nil }
        let next = lines[index + 1]
        guard next.hasPrefix("\t"), !next.contains(":") else { return nil }
        let message = next.trimmingCharacters(in: .whitespaces)
        return message.isEmpty ? nil : message
    }
}
