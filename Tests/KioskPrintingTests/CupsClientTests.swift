import Foundation
import KioskCore
import Testing
@testable import KioskPrinting

@Suite("CUPS client without a scheduler")
struct CupsClientTests {
    @Test("server strings split like CUPS_SERVER: socket path, host, host:port")
    func split() {
        #expect(CupsClient.split("/run/cups/cups.sock", defaultPort: 631) == ("/run/cups/cups.sock", 631))
        #expect(CupsClient.split("printhost", defaultPort: 631) == ("printhost", 631))
        #expect(CupsClient.split("127.0.0.1:8631", defaultPort: 631) == ("127.0.0.1", 8631))
    }

    @Test("an absent scheduler is a health the screens can show, not a crash")
    func unreachable() async throws {
        let receipt = try sampleReceipt()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-cupsd-\(UUID().uuidString).sock").path
        let printer = CupsPrinter(client: CupsClient(server: path), queue: "receipt",
                                  kind: .receiptRoll(ReceiptEncoder(paperWidth: 576, mode: .text(.pc437)), statusProbe: nil))
        let health = await printer.refreshHealth()
        #expect(!health.serverReachable && !health.canPrint)
        #expect(health.problem?.contains("cupsd") == true)
        do {
            _ = try await printer.print(.receipt(receipt), timeout: .seconds(2))
            Issue.record("printed without a scheduler")
        } catch {
            guard case .cannotPrint = error else { Issue.record("unexpected \(error)"); return }
        }
    }

    @Test("health updates start with the current value and repeat only changes")
    func broadcaster() async {
        let broadcaster = HealthBroadcaster(initial: PrinterHealth(printer: "p", state: .idle))
        let stream = broadcaster.updates()
        broadcaster.publish(PrinterHealth(printer: "p", state: .idle))
        broadcaster.publish(PrinterHealth(printer: "p", state: .processing))
        broadcaster.finish()
        var seen: [PrinterHealth.State] = []
        for await health in stream { seen.append(health.state) }
        #expect(seen == [.idle, .processing])
    }
}
