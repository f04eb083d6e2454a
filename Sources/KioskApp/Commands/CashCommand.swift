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
            let clock = SystemWallClock()
            let folder = receipts ?? (config.dataFolder + "/receipts")
            let printer = FilePrinter(name: "receipt", folder: URL(fileURLWithPath: folder),
                                      kind: .receiptRoll(ReceiptEncoder(paperWidth: 576, mode: .text(.pc866)), statusProbe: nil))
            // The very checkout `kiosk run` sells through; its step lines go to standard output.
            let checkout = Checkout(store: runtime.store, acceptor: SharedCashAcceptor(driver),
                                    sell: SellTicket(store: runtime.store, clock: clock, namespace: config.namespace,
                                                     overpayment: config.overpayment, rng: SystemRandomNumberGenerator()),
                                    refill: RefillAtKiosk(store: runtime.store, clock: clock, siteTimeZone: config.siteTimeZone),
                                    printer: printer, printerPolicy: config.printerPolicy, clock: clock, log: say)
            _ = try await checkout.settleAfterRestart(settle: .milliseconds(settleMs))
            say("ready")

            guard sales > 0 else { return await driver.stop() }
            guard let info = checkout.acceptor.connectedInfo else {
                await driver.stop()
                throw CommandFailure(description: "bill acceptor on \(device) did not answer: check its cable, power and the device path")
            }
            let wording = Checkout<SystemRandomNumberGenerator>.ReceiptWording(header: [config.kioskID], itemName: plan.name,
                                                                            language: config.language, timeZone: config.siteTimeZone,
                                                                            qrPrefix: config.loginURL ?? "")
            for _ in 0..<sales {
                let purchase = try await checkout.begin(.ticket(plan), currency: config.currency, keptCredit: nil)
                guard case .paid(let paid) = try await checkout.payment(for: purchase, denominations: Set(info.denominations)).run() else {
                    throw CommandFailure(description: "payment cancelled")
                }
                _ = try await checkout.complete(paid, wording: wording)
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
