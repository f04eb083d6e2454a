import Foundation
import KioskStoreSQLite

/// What `kiosk store restore` tells the operator, line by line (printed and written beside the
/// database). Every event the damaged database still shows beyond the backup gets a line with
/// its fate; what cannot be read is named by outbox id, or said to be unknowable, never skipped.
struct RestoreReport {
    enum Fate: Sendable, Equatable {
        /// The store had it already (it answered `replayed`): only this kiosk's ledger lacks it.
        case atStoreBefore
        /// The store did not have it and took it now (`applied`).
        case sentNow
        /// The store holds an event under this key with another body (`conflict`): it has the
        /// event; the body differs because the plan's definition changed since it was first sent.
        case atStoreOtherBody(String)
        /// The store refused it (rejected, quarantined, or another body under its key).
        case refused(String)
        /// Not sent: no store, the store unreachable, or the event unreadable as an event.
        case notSent(String)

        var reachedStore: Bool {
            switch self {
            case .atStoreBefore, .sentNow, .atStoreOtherBody: true
            case .refused, .notSent: false
            }
        }

        var text: String {
            switch self {
            case .atStoreBefore: "the store had it already"
            case .sentNow: "the store did not have it: sent now"
            case .atStoreOtherBody(let why): "the store holds an event under this key, with another body (\(why))"
            case .refused(let why): "REFUSED by the store (\(why))"
            case .notSent(let why): "NOT at the store (\(why))"
            }
        }
    }

    let database: String
    let backup: String
    let aside: String
    let health: DatabaseIntegrity.Health
    let wal: WriteAheadLogInspection?
    let salvaged: SalvagedOutbox
    /// Events the damaged database shows that the backup lacks.
    let beyondBackup: [SalvagedOutbox.Event]
    let fates: [String: Fate]
    let notes: [String]

    /// Events the restored database lacks that the store does not hold either.
    var lost: [SalvagedOutbox.Event] { beyondBackup.filter { !(fates[$0.key]?.reachedStore ?? false) } }

    /// Whether anything is lost or cannot be known: events not at the store, outbox rows that
    /// cannot be read, or committed transactions SQLite ignores in the WAL.
    var somethingLost: Bool {
        !lost.isEmpty || !salvaged.unreadableIDs.isEmpty || salvaged.newestUnknown || (wal?.losesCommits ?? false)
    }

    var lines: [String] {
        var lines = ["restore: \(database) restored from \(backup)",
                     "restore: the damaged files are kept in \(aside)"]
        switch health {
        case .damaged(let messages): lines += messages.map { "restore: SQLite said: \($0)" }
        case .sound: lines.append("restore: SQLite found the database itself sound (restored for its WAL, or as asked)")
        case .missing: lines.append("restore: there was no database file")
        }
        lines.append("restore: the damaged database shows \(salvaged.events.count) events; \(beyondBackup.count) of them are not in the backup")
        lines += salvaged.readErrors.map { "restore: reading the damaged database stopped: \($0)" }
        var uncounted: Int64 = 0
        for event in beyondBackup {
            let fate = fates[event.key] ?? .notSent("not tried")
            lines.append("EVENT \(event.key) (\(event.kind), \(Self.time(event.createdAt))\(Self.money(event.payload))): "
                         + "\(fate.text); not in this kiosk's restored ledger")
            if let paid = event.payload["paid_minor"].flatMap { Int64($0) } {
                let (sum, overflow) = uncounted.addingReportingOverflow(paid)
                precondition(!overflow, "the sum of paid amounts overflows Int64")
                uncounted = sum
            }
        }
        if uncounted > 0 {
            lines.append("restore: money paid in the events above: \(uncounted) minor units; the restored cash box does not count "
                         + "those notes, so the next collection counts more than the kiosk expects")
        }
        for gap in salvaged.unreadableIDs {
            lines.append("UNREADABLE outbox ids \(gap.lowerBound)…\(gap.upperBound) (\(gap.count) events): the damaged database no longer "
                         + "shows them; the store holds those this kiosk had sent, this kiosk cannot name them")
        }
        if salvaged.newestUnknown {
            lines.append("UNREADABLE the newest events (after outbox id \(salvaged.events.last?.id ?? 0)): the damaged database cannot "
                         + "be read from its end; how many there were cannot be known here")
        }
        lines.append(walLine)
        let lostKeys = lost.map(\.key)
        lines.append(lostKeys.isEmpty ? "restore: every event the damaged database shows is in the backup or at the store"
                                      : "LOST \(lostKeys.count) event(s) neither restored nor at the store: \(lostKeys.joined(separator: ", "))")
        lines += notes.map { "restore: \($0)" }
        return lines
    }

    var walLine: String {
        guard let wal else {
            return "WAL: none beside the damaged database (it was closed cleanly, or checkpointed): no frames ignored"
        }
        if !wal.headerValid && wal.framesInFile > 0 {
            return "WAL: its header is damaged, so SQLite ignores all \(wal.framesInFile) frames in it (\(wal.commitsIgnored) of them end "
                + "a transaction): what those transactions wrote after outbox id \(salvaged.events.last?.id ?? 0) cannot be read; "
                + "the store holds the events among them that the kiosk had sent"
        }
        if wal.losesCommits {
            return "WAL: frame \(wal.firstBadFrame ?? 0) is damaged, so SQLite ignores the frames from there on (\(wal.framesIgnored) "
                + "written in this WAL's generation); \(wal.commitsIgnored) of them end a transaction: up to \(wal.commitsIgnored) committed "
                + "transaction(s) after outbox id \(salvaged.events.last?.id ?? 0) cannot be read (the last one may be a commit a "
                + "power cut interrupted); the store holds the events among them that the kiosk had sent"
        }
        return "WAL: SQLite uses all \(wal.framesUsed) committed frames of \(wal.framesInFile); nothing committed is ignored"
    }

    static func time(_ millis: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// The event's amounts, as written (`paid_minor=10000`).
    static func money(_ payload: [String: String]) -> String {
        payload.keys.filter { $0.hasSuffix("_minor") }.sorted().map { ", \($0)=\(payload[$0] ?? "")" }.joined()
    }
}
