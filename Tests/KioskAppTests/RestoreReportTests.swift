import Foundation
import KioskStoreSQLite
import Testing
@testable import KioskApp

/// The restore's report names every event the restored database lacks: each beyond the backup
/// with its fate, each unreadable outbox id range, and what a damaged WAL hides.
@Suite struct RestoreReportTests {
    func event(_ id: Int64, _ key: String, paid: Int64) -> SalvagedOutbox.Event {
        .init(id: id, key: key, kind: "sale", payload: ["paid_minor": String(paid), "code": "K7AB"], createdAt: 1_800_000_000_000, sentAt: nil)
    }

    func report(_ salvaged: SalvagedOutbox, beyond: [SalvagedOutbox.Event], fates: [String: RestoreReport.Fate],
                wal: WriteAheadLogInspection? = nil) -> RestoreReport {
        RestoreReport(database: "/d/kiosk.sqlite", backup: "/d/kiosk.sqlite.backup/kiosk-1.sqlite", aside: "/d/aside",
                      health: .damaged(["database disk image is malformed"]), wal: wal, salvaged: salvaged,
                      beyondBackup: beyond, fates: fates, notes: [])
    }

    @Test func everyMissingEventIsNamedWithItsFate() {
        let salvaged = SalvagedOutbox(events: [event(1, "sale-a", paid: 10000), event(2, "sale-b", paid: 10000), event(5, "sale-e", paid: 5000)])
        let beyond = Array(salvaged.events.dropFirst())
        let lines = report(salvaged, beyond: beyond, fates: ["sale-b": .sentNow, "sale-e": .notSent("no store configured")]).lines
        let text = lines.joined(separator: "\n")
        #expect(text.contains("EVENT sale-b (sale, 2027-01-15T08:00:00Z, paid_minor=10000): the store did not have it: sent now"), "\(text)")
        #expect(text.contains("EVENT sale-e") && text.contains("NOT at the store (no store configured)"), "\(text)")
        #expect(text.contains("UNREADABLE outbox ids 3…4 (2 events)"), "\(text)")
        #expect(text.contains("LOST 1 event(s) neither restored nor at the store: sale-e"), "\(text)")
        #expect(text.contains("money paid in the events above: 15000 minor units"), "\(text)")
        #expect(text.contains("restore: SQLite said: database disk image is malformed"))
    }

    @Test func nothingLostWhenTheStoreHasEverything() {
        let salvaged = SalvagedOutbox(events: [event(1, "sale-a", paid: 10000), event(2, "sale-b", paid: 10000)])
        let done = report(salvaged, beyond: [salvaged.events[1]], fates: ["sale-b": .atStoreBefore])
        #expect(!done.somethingLost)
        #expect(done.lines.contains("restore: every event the damaged database shows is in the backup or at the store"))
        let conflict = report(salvaged, beyond: [salvaged.events[1]], fates: ["sale-b": .atStoreOtherBody("conflict")])
        #expect(!conflict.somethingLost, "the store holds an event under that key")
    }

    @Test func unreadableNewestRowsAndAWALThatLosesCommitsAreLosses() {
        let salvaged = SalvagedOutbox(events: [event(1, "sale-a", paid: 10000)], newestUnknown: true)
        let newest = report(salvaged, beyond: [], fates: [:])
        #expect(newest.somethingLost)
        #expect(newest.lines.contains { $0.hasPrefix("UNREADABLE the newest events (after outbox id 1)") })
        var wal = WriteAheadLogInspection()
        wal.headerValid = true
        wal.framesInFile = 9
        wal.framesUsed = 3
        wal.firstBadFrame = 4
        wal.framesIgnored = 6
        wal.commitsIgnored = 2
        let lost = report(SalvagedOutbox(events: [event(1, "sale-a", paid: 10000)]), beyond: [], fates: [:], wal: wal)
        #expect(lost.somethingLost)
        #expect(lost.walLine.contains("frame 4 is damaged") && lost.walLine.contains("after outbox id 1"), "\(lost.walLine)")
    }
}
