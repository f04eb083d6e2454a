import ArgumentParser
import Foundation
import KioskCore
import KioskDomain
import KioskPrinting

/// `kiosk-print`: drives the printing adapter by hand and from Tests/system/printing-cups.sh.
/// The scheduler comes from --server or CUPS_SERVER, as for lpstat.
@main
struct KioskPrint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-print",
        abstract: "Prints receipts, raster images and voucher cards through CUPS; shows queues and printer state.",
        subcommands: [Queues.self, Status.self, Raw.self, Raster.self, ReceiptCommand.self, Reprint.self, Cards.self])
}

/// Options every printing subcommand shares.
struct PrinterOptions: ParsableArguments {
    @Option(help: "CUPS scheduler: a socket path or host:port (default: CUPS_SERVER, then the local cupsd).")
    var server: String?
    @Option(help: "Seconds before an unfinished job is cancelled and reported.")
    var timeout: Double = 45
    @Option(help: "Write jobs into this folder (bytes + PNG preview) instead of a CUPS queue.")
    var toFolder: String?

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }
}

/// Options of ESC/POS receipt rolls.
struct RollOptions: ParsableArguments {
    @Option(help: "Paper width in dots: 384 (58 mm) or 576 (80 mm).")
    var width: Int = 576
    @Option(help: "raster (drawn image, any language) or text (printer font, PC866).")
    var mode: String = "raster"
    @Option(help: "host:port of the printer's raw port, asked for its paper sensor (DLE EOT 4) after each job.")
    var statusProbe: String?

    func validate() throws {
        guard [384, 576].contains(width) else { throw ValidationError("--width must be 384 (58 mm) or 576 (80 mm)") }
        guard ["raster", "text"].contains(mode) else { throw ValidationError("--mode must be raster or text") }
        if let statusProbe, ESCPOSStatusProbe(address: statusProbe) == nil {
            throw ValidationError("--status-probe must be host:port, got \(statusProbe)")
        }
    }

    func encoder() throws -> ReceiptEncoder {
        switch mode {
        case "text": return ReceiptEncoder(paperWidth: width, mode: .text(.pc866))
        default: return ReceiptEncoder(paperWidth: width, mode: .raster(try Rasterizers.standard()))
        }
    }

    var kind: PrinterKind {
        get throws { .receiptRoll(try encoder(), statusProbe: statusProbe.flatMap(ESCPOSStatusProbe.init(address:))) }
    }
}

func makePrinter(_ queue: String, _ options: PrinterOptions, kind: PrinterKind) -> any Printer {
    if let folder = options.toFolder {
        return FilePrinter(name: queue, folder: URL(fileURLWithPath: folder), kind: kind)
    }
    return CupsPrinter(client: CupsClient(server: options.server), queue: queue, kind: kind)
}

/// Prints every health change of `printer`, stamped with seconds since `start`, until cancelled.
func watchHealth(_ printer: any Printer, since start: ContinuousClock.Instant) -> Task<Void, Never> {
    Task {
        var first = true
        for await health in printer.healthUpdates() {
            if first { first = false; if health.state == .unknown { continue } }
            let elapsed = ContinuousClock.now - start
            let line = "t=\(seconds(elapsed))s health \(health)" + (health.problem.map { " -> \($0)" } ?? "")
            print(line)
            fflush(nil)
        }
    }
}

func seconds(_ duration: Duration) -> String {
    let (s, atto) = duration.components
    let ms = s * 1000 + atto / 1_000_000_000_000_000
    return String(format: "%.3f", Double(ms) / 1000)
}

/// Exit codes the system test reads: 0 printed, 3 the job failed or timed out, 4 the printer could not print.
func failureExit(for error: PrintError) -> ExitCode {
    switch error {
    case .cannotPrint: ExitCode(4)
    default: ExitCode(3)
    }
}

struct Queues: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lists the scheduler's queues with device and state.")
    @OptionGroup var options: PrinterOptions

    func run() async throws {
        let client = CupsClient(server: options.server)
        let queues = try await client.queues()
        print("server \(client.server): \(queues.count) queue(s)")
        for queue in queues { print("  \(queue.name) \(queue.deviceURI) \(queue.health)") }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Shows one printer's state, reasons and whether it can print; --watch follows changes.")
    @OptionGroup var options: PrinterOptions
    @Argument(help: "Queue name.") var queue: String
    @Option(help: "Keep polling for this many seconds, printing each change.") var watch: Double = 0

    func run() async throws {
        let printer = CupsPrinter(client: CupsClient(server: options.server), queue: queue, kind: .receiptRoll(
            ReceiptEncoder(paperWidth: 576, mode: .text(.pc437)), statusProbe: nil))
        let health = await printer.refreshHealth()
        print("\(health) canPrint=\(health.canPrint)" + (health.problem.map { " problem=\"\($0)\"" } ?? ""))
        guard watch > 0 else { return }
        let watcher = watchHealth(printer, since: .now)
        let monitor = Task { await printer.monitor(every: .milliseconds(200)) }
        try await Task.sleep(for: .milliseconds(Int64(watch * 1000)))
        monitor.cancel()
        watcher.cancel()
    }
}

struct Raw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Sends a file unchanged (raw, pdf, png or a MIME type) and follows the job.")
    @OptionGroup var options: PrinterOptions
    @Argument(help: "Queue name.") var queue: String
    @Argument(help: "File to send.") var file: String
    @Option(help: "raw, pdf, png, text or a MIME type.") var format: String = "raw"

    func run() async throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let mime = ["raw": "application/vnd.cups-raw", "pdf": "application/pdf", "png": "image/png", "text": "text/plain"][format] ?? format
        let printer = CupsPrinter(client: CupsClient(server: options.server), queue: queue,
                                  kind: .receiptRoll(ReceiptEncoder(paperWidth: 576, mode: .text(.pc437)), statusProbe: nil))
        do {
            let outcome = try await printer.submitAndFollow(
                RenderedDocument(format: mime, bytes: bytes, fileExtension: "bin", preview: nil),
                title: "kiosk-print raw", timeout: options.timeoutDuration)
            print("job \(outcome.jobID) completed in \(seconds(outcome.duration))s (\(bytes.count) bytes)")
        } catch {
            print("error: \(error)")
            throw failureExit(for: error)
        }
    }
}

struct Raster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Prints a PBM (P4) image on an ESC/POS roll as GS v 0 raster, then cuts.")
    @OptionGroup var options: PrinterOptions
    @Argument(help: "Queue name.") var queue: String
    @Argument(help: "A raw PBM (P4) image no wider than the paper.") var image: String
    @Option(help: "Paper width in dots: 384 or 576.") var width: Int = 576
    @Option(help: "Also write the ESC/POS bytes here.") var saveBytes: String?

    func run() async throws {
        let bitmap = try PBM.read(URL(fileURLWithPath: image))
        guard bitmap.width <= width else { throw ValidationError("the image is \(bitmap.width) dots wide; the paper \(width)") }
        var paper = MonoBitmap(width: width, height: bitmap.height)
        paper.draw(bitmap, x: (width - bitmap.width) / 2, y: 0)
        var writer = ESCPOSWriter()
        writer.initialize()
        writer.raster(paper)
        writer.cut()
        let bytes = writer.bytes
        if let saveBytes { try Data(bytes).write(to: URL(fileURLWithPath: saveBytes)) }
        let printer = CupsPrinter(client: CupsClient(server: options.server), queue: queue,
                                  kind: .receiptRoll(ReceiptEncoder(paperWidth: width, mode: .text(.pc437)), statusProbe: nil))
        do {
            let outcome = try await printer.submitAndFollow(
                RenderedDocument(format: "application/vnd.cups-raw", bytes: bytes, fileExtension: "escpos", preview: paper),
                title: "kiosk-print raster", timeout: options.timeoutDuration)
            print("job \(outcome.jobID) completed in \(seconds(outcome.duration))s (\(bytes.count) bytes, \(paper.width)x\(paper.height) dots)")
        } catch {
            print("error: \(error)")
            throw failureExit(for: error)
        }
    }
}

/// Netpbm P4 reading, for `kiosk-print raster`.
enum PBM {
    static func read(_ url: URL) throws -> MonoBitmap {
        let data = [UInt8](try Data(contentsOf: url))
        var index = 0
        func token() throws -> String {
            var out = ""
            while index < data.count {
                let c = data[index]
                if c == UInt8(ascii: "#") { while index < data.count && data[index] != 0x0A { index += 1 }; continue }
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 {
                    index += 1
                    if !out.isEmpty { return out }
                    continue
                }
                out.append(Character(Unicode.Scalar(c)))
                index += 1
            }
            throw ValidationError("\(url.path) ends inside its PBM header")
        }
        guard try token() == "P4", let width = Int(try token()), let height = Int(try token()), width > 0, height > 0 else {
            throw ValidationError("\(url.path) is not a raw PBM (P4) image")
        }
        let count = (width + 7) / 8 * height
        guard data.count - index >= count else { throw ValidationError("\(url.path) is shorter than its \(width)x\(height) header says") }
        return MonoBitmap(width: width, height: height, bits: Array(data[index..<index + count]))
    }
}
