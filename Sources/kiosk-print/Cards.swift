import ArgumentParser
import Foundation
import KioskCore
import KioskDomain
import KioskPrinting

/// Voucher cards for the counter: N new codes (or accounts) on A4 or card stock, as PDF or PNG.
struct Cards: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Prints N voucher cards on A4 (grid with cut marks) or card stock.")
    @OptionGroup var options: PrinterOptions
    @Argument(help: "Queue name (a driver queue taking PDF or PNG).") var queue: String
    @Option(help: "How many cards.") var count: Int = 10
    @Option(help: "a4 or card.") var stock: String = "a4"
    @Option(help: "Cards across an A4 page.") var columns: Int = 2
    @Option(help: "Cards down an A4 page.") var rows: Int = 5
    @Option(help: "pdf or png (png holds one page).") var format: String = "pdf"
    @Option(help: "code or account.") var credential: String = "code"
    @Option(help: "Write the first code here (tests compare it with the decoded QR).") var firstCodeFile: String?

    func validate() throws {
        guard (1...10_000).contains(count) else { throw ValidationError("--count must be 1…10000") }
        guard ["a4", "card"].contains(stock) else { throw ValidationError("--stock must be a4 or card") }
        guard ["pdf", "png"].contains(format) else { throw ValidationError("--format must be pdf or png") }
        guard ["code", "account"].contains(credential) else { throw ValidationError("--credential must be code or account") }
    }

    func run() async throws {
        let sheet = Self.sheet(count: count, stock: stock == "card" ? .card : .a4(columns: columns, rows: rows),
                               accounts: credential == "account")
        if let firstCodeFile, let first = sheet.cards.first {
            let text: String = switch first.credential {
            case .code(let code): code.canonical
            case .account(let username, _): username
            }
            try text.write(toFile: firstCodeFile, atomically: true, encoding: .utf8)
        }
        let renderer = VoucherSheetRenderer(rasterizer: try Rasterizers.standard(), output: format == "png" ? .png : .pdf)
        let printer = makePrinter(queue, options, kind: .pages(renderer))
        do {
            let outcome = try await printer.print(.voucherSheet(sheet), timeout: options.timeoutDuration)
            print("job \(outcome.jobID) completed in \(seconds(outcome.duration))s (\(count) cards)")
        } catch {
            print("error: \(error)")
            throw failureExit(for: error)
        }
    }

    static func sheet(count: Int, stock: VoucherSheet.Stock, accounts: Bool) -> VoucherSheet {
        var rng = SystemRandomNumberGenerator()
        let expiry = Validity.adding(days: 30, to: Date(), in: .current)
        let cards = (0..<count).map { index -> VoucherCard in
            if accounts {
                let username = "USER\(index + 1)"
                let password = String((0..<8).map { _ in Array("abcdefghjkmnpqrstuvwxyz23456789").randomElement(using: &rng)! })
                return VoucherCard(planName: "Internet 3 hours", credential: .account(username: username, password: password),
                                   qrPayload: username, validUntil: expiry, price: .major(250, .rub))
            }
            let code = AccessCode.generate(namespace: KioskNamespace(number: 42)!, using: &rng)
            return VoucherCard(planName: "Internet 3 hours", credential: .code(code), qrPayload: code.canonical,
                               validUntil: expiry, price: .major(250, .rub))
        }
        return VoucherSheet(cards: cards, stock: stock)
    }
}

/// The rasterizer the tools use: KioskGraphics text (DejaVu Sans, or KIOSK_FONT / KIOSK_FONT_BOLD)
/// and libqrencode QR.
enum Rasterizers {
    static func standard() throws -> any MonoRasterizer {
        let environment = ProcessInfo.processInfo.environment
        do {
            if let regular = environment["KIOSK_FONT"] {
                return try GraphicsRasterizer.dejaVu(regularPath: regular, boldPath: environment["KIOSK_FONT_BOLD"] ?? regular)
            }
            return try GraphicsRasterizer.dejaVu()
        } catch {
            throw ValidationError("\(error) (install fonts-dejavu-core or set KIOSK_FONT to a .ttf file)")
        }
    }
}
