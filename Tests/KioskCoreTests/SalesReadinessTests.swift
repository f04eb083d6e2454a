import KioskCore
import Testing

@Suite struct SalesReadinessTests {
    @Test func allWellSellsAndPrints() {
        #expect(SalesReadiness().verdict == .open(showCodeOnScreen: false))
    }

    @Test func printerDownSellsWithTheCodeOnScreenByDefault() {
        var readiness = SalesReadiness()
        readiness.printerGate = PrinterFaultPolicy().gate(for: PrinterHealth(printer: "receipt", state: .stopped, isAcceptingJobs: false,
                                                                             message: "out of paper"))
        #expect(readiness.verdict == .open(showCodeOnScreen: true))
    }

    @Test func printerDownWithTheFallbackOffTakesNoMoney() {
        var readiness = SalesReadiness()
        readiness.printerGate = PrinterFaultPolicy(showCodeOnScreenWhenPrinterDown: false)
            .gate(for: PrinterHealth(printer: "receipt", state: .stopped, isAcceptingJobs: false, message: "out of paper"))
        #expect(!readiness.verdict.acceptsMoney)
    }

    @Test(arguments: [
        { (r: inout SalesReadiness) in r.outOfService = true },
        { (r: inout SalesReadiness) in r.databaseWritable = false },
        { (r: inout SalesReadiness) in r.freeBytes = 10 * 1024 * 1024 },
        { (r: inout SalesReadiness) in r.cashFault = .cassetteRemoved },
        { (r: inout SalesReadiness) in r.cashAcceptorConnected = false },
    ] as [@Sendable (inout SalesReadiness) -> Void])
    func anyBlockingConditionClosesSales(condition: @Sendable (inout SalesReadiness) -> Void) {
        var readiness = SalesReadiness()
        condition(&readiness)
        guard case .closed(let reasons) = readiness.verdict else { Issue.record("still open"); return }
        #expect(reasons.count == 1)
    }
}
