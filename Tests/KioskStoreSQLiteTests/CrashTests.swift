import Foundation
import KioskCore
import KioskStoreSQLite
import Testing

/// Power cut in the middle of writing: a child process (`kiosk-bench store --writer`) writes
/// purchases and reports each committed id over a pipe; it is killed with SIGKILL at a random
/// moment after at least k commits. Every reported id must survive, and the file must open and
/// pass verify. SIGKILL leaves what the kernel has; synchronous=FULL is what makes that enough.
@Suite(.serialized) struct CrashTests {
    @Test(arguments: 1...6)
    func killedWriterLosesNoCommittedPurchase(round: Int) async throws {
        guard let bench = builtProduct("kiosk-bench") else {
            Issue.record("kiosk-bench is not built beside the tests: run `swift build` first")
            return
        }
        let folder = TemporaryFolder()
        var rng = SystemRandomNumberGenerator()
        let atLeast = Int.random(in: 5...40, using: &rng)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: bench)
        process.arguments = ["store", "--writer", folder.database]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()

        var reported: [String] = []
        var buffer = Data()
        let reader = pipe.fileHandleForReading
        // Read until k commits, then let it run a random extra moment (mid-transaction or not).
        while reported.count < atLeast {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            reported = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("committed ") }.map { String($0.dropFirst("committed ".count)) }
        }
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...60, using: &rng)))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        buffer.append(reader.readDataToEndOfFile())
        reported = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("committed ") && !$0.hasSuffix(" ") }.map { String($0.dropFirst("committed ".count)) }
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(reported.count >= atLeast, "the writer reported \(reported.count) commits, wanted at least \(atLeast)")

        let store = try SQLiteKioskStore(path: folder.database, currency: .rub)
        #expect(try await store.verify().isEmpty)
        guard let sqlite = ["/usr/bin/sqlite3", "/bin/sqlite3"].first(where: FileManager.default.isExecutableFile) else {
            Issue.record("the sqlite3 tool is missing (apt-get install sqlite3)")
            return
        }
        let (_, output) = try runCommand(sqlite, [folder.database,
            "SELECT id FROM purchases WHERE state IN ('issued', 'completed') AND ticket_code IS NOT NULL"])
        let stored = Set(output.split(separator: "\n").map(String.init))
        let lost = reported.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "committed purchases lost after SIGKILL: \(lost)")
    }
}
