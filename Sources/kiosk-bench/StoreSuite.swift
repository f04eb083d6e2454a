import ArgumentParser
import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite

/// `kiosk-bench store`: durable purchases per second with the PRAGMAs in effect, and the time to
/// generate and save 10,000 vouchers. With `--writer`, it is instead the child process of the
/// store's crash test: it writes purchases forever, printing each committed purchase id.
struct StoreSuite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store",
                                                    abstract: "Durable purchases per second; voucher batch generation.")

    @Option(help: "Purchases to write for the throughput figure.") var purchases = 300
    @Option(help: "Vouchers in the batch figure.") var vouchers = 10_000
    @Option(help: "Rounds of the voucher batch (the median is printed).") var rounds = 5
    @Option(help: ArgumentHelp("Crash-test writer: write purchases into this database until killed.", visibility: .hidden))
    var writer: String?

    func run() async throws {
        if let writer { return try await CrashTestWriter.run(path: writer) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-store-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let store = try SQLiteKioskStore(path: folder + "/purchases.sqlite", currency: .rub)
        try await store.syncPlans(KioskSample.plans)
        print("store: PRAGMAs \(try store.pragmas().sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        var rng = SystemRandomNumberGenerator()
        let start = ContinuousClock.now
        for index in 0..<purchases {
            try await KioskSample.purchase(store: store, id: "bench-\(index)", rng: &rng)
        }
        let seconds = (ContinuousClock.now - start).seconds
        print(String(format: "store: %d durable purchases (begin, escrow, stacked, issue, complete = 5 transactions each) in %.2f s: %.0f purchases/s, %.2f ms each",
                     purchases, seconds, Double(purchases) / seconds, seconds * 1000 / Double(purchases)))

        var times: [Double] = []
        for round in 0..<rounds {
            let batchStore = try SQLiteKioskStore(path: folder + "/vouchers-\(round).sqlite", currency: .rub)
            try await batchStore.syncPlans(KioskSample.plans)
            let generate = GenerateVouchers(store: batchStore, clock: SystemWallClock(), namespace: KioskNamespace(number: 1)!,
                                            rng: SystemRandomNumberGenerator())
            let begin = ContinuousClock.now
            let saved = try await generate.run(VoucherBatch(count: vouchers, kind: .ticket, planID: "internet-1h"))
            times.append((ContinuousClock.now - begin).seconds)
            precondition(saved.items.count == vouchers)
        }
        times.sort()
        print(String(format: "store: generate + save %d vouchers (one transaction): median %.3f s, min %.3f s, max %.3f s over %d rounds (goal < 1 s)",
                     vouchers, median(times), times.first!, times.last!, rounds))
        try await timeKioskCommand(folder: folder)
    }

    /// Times the real command a cashier runs, as a separate process, when `kiosk` is built beside us.
    private func timeKioskCommand(folder: String) async throws {
        let kiosk = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kiosk").path
        guard FileManager.default.isExecutableFile(atPath: kiosk) else {
            print("store: `kiosk` is not built beside kiosk-bench; skipped timing the command")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kiosk)
        process.arguments = ["vouchers", "generate", "--count", String(vouchers), "--plan", "internet-1h", "--format", "csv",
                             "--database", folder + "/command.sqlite"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let begin = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let seconds = (ContinuousClock.now - begin).seconds
        print(String(format: "store: `kiosk vouchers generate --count %d --format csv` (whole process, fresh database): %.3f s, exit %d",
                     vouchers, seconds, process.terminationStatus))
    }
}

/// The crash test's child: each committed sale's id goes to stdout the moment it is durable.
enum CrashTestWriter {
    static func run(path: String) async throws {
        let store = try SQLiteKioskStore(path: path, currency: .rub)
        try await store.syncPlans(KioskSample.plans)
        var rng = SystemRandomNumberGenerator()
        var index = 0
        let prefix = UUID().uuidString.prefix(8)
        while true {
            let id = "crash-\(prefix)-\(index)"
            try await KioskSample.purchase(store: store, id: id, rng: &rng)
            FileHandle.standardOutput.write(Data("committed \(id)\n".utf8))
            index += 1
        }
    }
}

/// One cash sale through the store, as the kiosk makes it.
enum KioskSample {
    static let plans = [PricePlan(id: "internet-1h", name: "Internet 1 hour", price: .major(100, .rub), grant: .minutes(60, .internet))]

    static func purchase(store: SQLiteKioskStore, id: String, rng: inout SystemRandomNumberGenerator) async throws {
        let plan = plans[0]
        try await store.beginPurchase(PurchaseRecord(id: id, product: .ticket(plan), startedAt: Date()))
        let note = try await store.recordEscrow(purchaseID: id, amount: plan.price, deviceRef: "bench")
        _ = try await store.recordStacked(noteID: note, paysPurchase: true)   // one note of the price
        let ticket = Ticket(code: AccessCode.generate(namespace: KioskNamespace(number: 2)!, using: &rng), planID: plan.id,
                            sellMode: .now, createdAt: Date())
        try await store.issueTicket(purchaseID: id, ticket: ticket, grant: plan.grant, surplus: nil)
        try await store.completePurchase(purchaseID: id)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
