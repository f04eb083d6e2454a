import Testing
import KioskCore

@Suite("Printer health and fault policy")
struct PrinterFaultPolicyTests {
    let healthy = PrinterHealth(printer: "receipt", state: .idle)
    var paperOut: PrinterHealth {
        PrinterHealth(printer: "receipt", state: .idle,
                      conditions: [PrinterCondition(ippKeyword: "media-empty-error")!], message: "Paper roll is empty")
    }

    @Test("IPP keywords split into kind and severity; no suffix means error")
    func keywords() {
        let empty = PrinterCondition(ippKeyword: "media-empty-error")!
        #expect(empty.kind == .mediaEmpty && empty.severity == .error && empty.blocksPrinting)
        let low = PrinterCondition(ippKeyword: "media-low-warning")!
        #expect(low.kind == .mediaLow && !low.blocksPrinting)
        let offline = PrinterCondition(ippKeyword: "offline-report")!
        #expect(offline.kind == .offline && offline.blocksPrinting)
        #expect(PrinterCondition(ippKeyword: "door-open")!.severity == .error)
        #expect(PrinterCondition(ippKeyword: "none") == nil)
        #expect(!PrinterCondition(ippKeyword: "cups-waiting-for-job-completed")!.blocksPrinting)
        #expect(PrinterCondition(ippKeyword: "paused")!.blocksPrinting)
    }

    @Test("a printer out of paper cannot print and says what to do")
    func problemWording() {
        #expect(healthy.canPrint && healthy.problem == nil)
        #expect(!paperOut.canPrint)
        #expect(paperOut.problem == "printer 'receipt' is out of paper: load a new roll")
        let rejecting = PrinterHealth(printer: "receipt", state: .idle, isAcceptingJobs: false)
        #expect(rejecting.problem?.contains("cupsaccept receipt") == true)
        #expect(PrinterHealth.unknown("receipt").problem?.contains("cupsd") == true)
        let low = PrinterHealth(printer: "receipt", state: .idle, conditions: [PrinterCondition(ippKeyword: "media-low-warning")!])
        #expect(low.canPrint)
    }

    @Test("by default the kiosk keeps selling and shows the code on screen")
    func defaultFallback() {
        let policy = PrinterFaultPolicy()
        #expect(policy.gate(for: healthy) == .sellAndPrint)
        guard case .sellShowingCode(let reason) = policy.gate(for: paperOut) else {
            Issue.record("expected selling with the code on screen"); return
        }
        #expect(reason.contains("out of paper"))
        #expect(policy.gate(for: paperOut).acceptsMoney)
    }

    @Test("with the fallback off the kiosk takes no money while the printer cannot print")
    func strict() {
        let policy = PrinterFaultPolicy(showCodeOnScreenWhenPrinterDown: false)
        #expect(!policy.gate(for: paperOut).acceptsMoney)
        #expect(policy.gate(for: healthy).acceptsMoney)
    }

    @Test("a job that fails after payment keeps the code for a reprint")
    func afterPayment() {
        let policy = PrinterFaultPolicy()
        let failure = PrintError.jobFailed(printer: "receipt", jobID: "receipt-7", state: "aborted", message: "")
        guard case .showCodeAndKeepForReprint(let reason) = policy.afterPrint(.failure(failure)) else {
            Issue.record("expected a reprint fallback"); return
        }
        #expect(reason.contains("reprint"))
        #expect(policy.afterPrint(.success(PrintOutcome(jobID: "receipt-8", duration: .milliseconds(300)))) == .printed)
    }
}
