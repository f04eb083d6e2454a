import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite

/// A fresh folder per test, removed afterwards; real files, never `:memory:`.
struct TemporaryFolder: ~Copyable {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-store-test-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var database: String { path + "/kiosk.sqlite" }
}

let hourPlan = PricePlan(id: "internet-1h", name: "Internet 1 hour", price: .major(100, .rub), grant: .minutes(60, .internet))

func openStore(_ path: String) async throws -> SQLiteKioskStore {
    let store = try SQLiteKioskStore(path: path, currency: .rub)
    try await store.syncPlans([hourPlan])
    return store
}

func newTicket(_ rng: inout SystemRandomNumberGenerator) -> Ticket {
    Ticket(code: AccessCode.generate(namespace: KioskNamespace(number: 9)!, using: &rng), planID: hourPlan.id, sellMode: .now,
           createdAt: Date())
}

/// Finds an executable this package builds, beside the test bundle (`.build/debug`).
func builtProduct(_ name: String) -> String? {
    if let override = ProcessInfo.processInfo.environment["KIOSK_BIN_DIR"] {
        return override + "/" + name
    }
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
        let candidate = folder.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        folder = folder.deletingLastPathComponent()
    }
    return nil
}

/// Runs a command to completion, returning its exit status and standard output.
@discardableResult
func runCommand(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
