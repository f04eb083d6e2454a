import ArgumentParser
import Foundation
import KioskCash
import KioskCore
import KioskDomain
import KioskPrinting

struct CashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cash", abstract: "Cash sales without a screen.",
                                                    subcommands: [Sell.self])

    /// Sells tickets for cash with no screen: for the power-cut test, for a technician checking a
    /// bill acceptor, and as the smallest whole kiosk (device → use cases → store → printer).
    /// Every start first reconciles what an earlier run left unfinished.
    struct Sell: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reconcile, then sell tickets for cash through a CCNET bill acceptor.",
            discussion: """
                Prints one line per step ("step escrow <purchase>", "committed <purchase> <code>", "sold …") \
                so a test or a person can follow the money. --sales 0 only reconciles.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "Serial device of the bill acceptor (e.g. /dev/ttyUSB0, or the emulator's link).") var device: String
        @Option(help: "Plan to sell (see `kiosk plans list`).") var plan = "internet-1h"
        @Option(help: "Tickets to sell before exiting; 0 only reconciles.") var sales = 1
        @Option(help: "Milliseconds to listen to the device at start for notes it finished after a restart.") var settleMs = 1500
        @Option(help: "Folder for receipts (file printer); default: receipts/ beside the database.") var receipts: String?

        func run() async throws {
            let runtime = try await Runtime.open(global)
            let config = runtime.config
            guard let plan = try await runtime.store.plan(id: plan) else { throw CommandFailure(description: "no plan '\(self.plan)'") }
            var driverConfig = CCNETDriver.Configuration(path: device, currency: config.currency)
            driverConfig.log = { say("driver \($0)") }
            let driver = CCNETDriver(configuration: driverConfig)
            driver.start()
            let acceptor = SharedCashAcceptor(driver)
            let clock = SystemWallClock()
            let sale = SellTicket(store: runtime.store, clock: clock, namespace: config.namespace, overpayment: config.overpayment,
                                  rng: SystemRandomNumberGenerator())
            let refills = RefillAtKiosk(store: runtime.store, clock: clock, siteTimeZone: config.siteTimeZone)

            let reports = await ComposedKiosk.powerUpReports(acceptor, settle: .milliseconds(settleMs))
            let resolutions = try await ReconcileAfterRestart(store: runtime.store, sale: sale, refills: refills).run(deviceReports: reports, acceptor: acceptor)
            for resolution in resolutions { say("reconciled \(resolution)") }
            say("ready")

            guard sales > 0 else { return await driver.stop() }
            guard let info = acceptor.connectedInfo else {
                await driver.stop()
                throw CommandFailure(description: "bill acceptor on \(device) did not answer: check its cable, power and the device path")
            }
            let folder = receipts ?? (URL(fileURLWithPath: config.databasePath).deletingLastPathComponent().path + "/receipts")
            let printer = FilePrinter(name: "receipt", folder: URL(fileURLWithPath: folder),
                                      kind: .receiptRoll(ReceiptEncoder(paperWidth: 576, mode: .text(.pc866)), statusProbe: nil))
            for _ in 0..<sales {
                let purchase = try await sale.begin(.ticket(plan), currency: config.currency)
                say("begin \(purchase.id) price \(MoneyFormatter.plain(plan.effectivePrice))")
                let payment = CashPayment(store: runtime.store, acceptor: acceptor, purchase: purchase,
                                          denominations: Set(info.denominations), onStep: { say("step \($0.rawValue) \(purchase.id)") })
                guard case .paid(let paid) = try await payment.run() else { throw CommandFailure(description: "payment cancelled") }
                let issued = try await sale.issue(paid)
                say("committed \(purchase.id) \(issued.code.canonical)")
                say("printing \(purchase.id)")
                let receipt = Receipt(header: [config.kioskID], items: [.init(name: plan.name, amount: plan.effectivePrice)],
                                      paid: paid.credit, code: issued.code, qrPayload: issued.code.canonical,
                                      reference: purchase.id, issuedAt: clock.now(), language: config.language,
                                      timeZone: config.siteTimeZone)
                let printed = (try? await printer.print(.receipt(receipt), timeout: .seconds(30))) != nil
                try await sale.finish(purchaseID: purchase.id, printed: printed)
                say("sold \(purchase.id) \(issued.code.grouped) printed=\(printed)")
            }
            await driver.stop()
        }
    }
}

/// One line on standard output, written at once (no buffering), so a test that kills this
/// process knows exactly how far it got.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
