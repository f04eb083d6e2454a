import ArgumentParser
import Foundation
import KioskCore
import KioskDomain
import KioskPrinting

/// Sells a demo ticket on paper: prints its receipt, watching the printer while the job runs.
/// A failed job keeps the receipt (and so the code) in --keep for `kiosk-print reprint`.
struct ReceiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receipt",
        abstract: "Prints a sale receipt (header, item, paid, credit, the code large, QR, cut) and follows the job.")
    @OptionGroup var options: PrinterOptions
    @OptionGroup var roll: RollOptions
    @Argument(help: "Queue name.") var queue: String
    @Option(help: "The access code to print (default: a new one).") var code: String?
    @Option(help: "What the QR encodes (default: the code, without hyphens).") var qrPayload: String?
    @Option(help: "en or ru.") var language: String = "en"
    @Option(help: "Folder where a receipt whose job failed is kept for a staff reprint.") var keep: String?
    @Option(help: "Also write the rendered bytes here.") var saveBytes: String?

    func run() async throws {
        let accessCode: AccessCode
        if let code {
            accessCode = try AccessCode.parse(code)
        } else {
            var rng = SystemRandomNumberGenerator()
            accessCode = AccessCode.generate(namespace: KioskNamespace(number: 42)!, using: &rng)
        }
        let receipt = DemoSale.receipt(code: accessCode, qrPayload: qrPayload ?? accessCode.canonical,
                                       language: MoneyFormatter.Language(rawValue: language) ?? .en)
        print("code \(accessCode.canonical)")
        print("sale \(receipt.reference)")
        let kind = try roll.kind
        if let saveBytes {
            let rendered = try RenderedDocument.render(.receipt(receipt), for: kind, printer: queue)
            try Data(rendered.bytes).write(to: URL(fileURLWithPath: saveBytes))
        }
        let printer = makePrinter(queue, options, kind: kind)
        try await printKeeping(receipt, on: printer, timeout: options.timeoutDuration, keep: keep)
    }
}

/// Prints `receipt`; on failure applies the fault policy: the code is kept for a reprint.
func printKeeping(_ receipt: Receipt, on printer: any Printer, timeout: Duration, keep: String?) async throws {
    let start = ContinuousClock.now
    let watcher = watchHealth(printer, since: start)
    defer { watcher.cancel() }
    let policy = PrinterFaultPolicy(jobTimeout: timeout)
    let result: Result<PrintOutcome, PrintError>
    do {
        result = .success(try await printer.print(.receipt(receipt), timeout: timeout))
    } catch {
        result = .failure(error)
    }
    try await Task.sleep(for: .milliseconds(20))   // let the watcher print the last change
    switch policy.afterPrint(result) {
    case .printed:
        let outcome = try result.get()
        print("job \(outcome.jobID) completed in \(seconds(outcome.duration))s"
              + (outcome.paperConfirmed == true ? ", paper sensor ok" : ""))
    case .showCodeAndKeepForReprint(let reason):
        print("error: \(reason)")
        print("show on screen: \(receipt.code?.grouped ?? "-")")
        if let keep {
            let folder = URL(fileURLWithPath: keep)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("\(receipt.reference).json")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(receipt).write(to: file)
            print("kept for reprint: \(file.path)")
        }
        if case .failure(let error) = result { throw failureExit(for: error) }
    }
}

/// Staff reprint: prints every receipt kept by a failed job, removing each once it printed.
struct Reprint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reprints receipts kept after failed jobs (staff menu action).")
    @OptionGroup var options: PrinterOptions
    @OptionGroup var roll: RollOptions
    @Argument(help: "Queue name.") var queue: String
    @Option(help: "Folder of kept receipts.") var kept: String

    func run() async throws {
        let folder = URL(fileURLWithPath: kept)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        guard !files.isEmpty else { print("nothing to reprint in \(kept)"); return }
        let printer = makePrinter(queue, options, kind: try roll.kind)
        var failed = 0
        for file in files {
            let receipt = try JSONDecoder().decode(Receipt.self, from: Data(contentsOf: file))
            do {
                let outcome = try await printer.print(.receipt(receipt), timeout: options.timeoutDuration)
                try FileManager.default.removeItem(at: file)
                print("reprinted \(receipt.reference) code \(receipt.code?.canonical ?? "-") as job \(outcome.jobID) in \(seconds(outcome.duration))s")
            } catch {
                failed += 1
                print("error: \(receipt.reference): \(error) (still kept)")
            }
        }
        if failed > 0 { throw ExitCode(3) }
    }
}

/// The sale the demo receipt describes: one hour of internet, 150 paid for 100, 50 kept as credit.
enum DemoSale {
    static func receipt(code: AccessCode, qrPayload: String, language: MoneyFormatter.Language) -> Receipt {
        let now = Date()
        let reference = "P" + String(UInt32.random(in: 100_000...999_999))
        return Receipt(
            header: language == .ru ? ["Интернет-кафе «Сеть»", "ул. Ленина, 1"] : ["Net Cafe", "1 Main Street"],
            items: [Receipt.Item(name: language == .ru ? "Интернет 1 час" : "Internet 1 hour",
                                 detail: language == .ru ? "60 мин, зона A" : "60 min, zone A", amount: .major(100, .rub))],
            paid: .major(150, .rub),
            surplus: Receipt.Surplus(kind: .credit, amount: .major(50, .rub), reference: "CR-\(reference)"),
            code: code, qrPayload: qrPayload,
            validUntil: Validity.adding(days: 7, to: now, in: .current),
            footer: language == .ru ? ["Спасибо!"] : ["Thank you!"],
            reference: reference, issuedAt: now, language: language)
    }
}
