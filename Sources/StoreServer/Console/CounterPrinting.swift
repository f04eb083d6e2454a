import Foundation
import KioskCore
import KioskDomain
import KioskPrinting

/// Voucher sheets at the counter: rendered by KioskPrinting's `VoucherSheetRenderer` (the same
/// cards the kiosk prints), sent to a CUPS queue staff pick, or downloaded as PDF.
final class CounterPrinting: Sendable {
    let client: CupsClient
    private let rasterizer: (any MonoRasterizer)?
    private let fontProblem: String?

    init(cupsServer: String?) {
        client = CupsClient(server: cupsServer)
        do {
            rasterizer = try Self.rasterizer()
            fontProblem = nil
        } catch {
            rasterizer = nil
            fontProblem = "\(error) (install fonts-dejavu-core or set KIOSK_FONT to a .ttf file)"
        }
    }

    /// DejaVu Sans (Debian's fonts-dejavu-core), or KIOSK_FONT / KIOSK_FONT_BOLD, as the kiosk tools use.
    private static func rasterizer() throws -> any MonoRasterizer {
        let environment = ProcessInfo.processInfo.environment
        if let regular = environment["KIOSK_FONT"] {
            return try GraphicsRasterizer.dejaVu(regularPath: regular, boldPath: environment["KIOSK_FONT_BOLD"] ?? regular)
        }
        return try GraphicsRasterizer.dejaVu()
    }

    /// The scheduler's queues, or the sentence to show when it cannot be reached.
    func queues() async -> (queues: [CupsQueue], problem: String?) {
        do { return (try await client.queues(), nil) } catch { return ([], error.description) }
    }

    func pdf(_ sheet: VoucherSheet) throws(Refusal) -> [UInt8] {
        try renderer().render(sheet).bytes
    }

    /// Prints the sheet on `queue` and follows the job to its end (a minute at most).
    func print(_ sheet: VoucherSheet, queue: String, title: String) async throws -> PrintOutcome {
        let renderer = try renderer()
        let printer = CupsPrinter(client: client, queue: queue, kind: .pages(renderer))
        do {
            return try await printer.submitAndFollow(renderer.render(sheet), title: title, timeout: .seconds(60))
        } catch {
            throw Refusal("print_failed", error.description)
        }
    }

    private func renderer() throws(Refusal) -> VoucherSheetRenderer {
        guard let rasterizer else { throw Refusal("no_font", fontProblem ?? "no font for voucher sheets") }
        return VoucherSheetRenderer(rasterizer: rasterizer, output: .pdf)
    }
}
