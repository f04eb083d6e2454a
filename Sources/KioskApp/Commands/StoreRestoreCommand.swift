#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import KioskCore
import KioskStoreSQLite
import KioskSync
import Logging
import StoreAPI

extension StoreCommand {
    /// `kiosk store restore`: the operator's way back from a damaged database (docs/deploy.md,
    /// "A damaged database"). Nothing is deleted and nothing is dropped silently: the damaged
    /// files are moved aside, every event they still show beyond the backup is sent to the central
    /// store (which answers whether it had it), and whatever cannot be read is named with what is
    /// known of it, on the terminal and in `<database>.restore-<time>.txt`.
    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring back the newest good backup over a damaged database, re-sync with the central store, and name every event lost.",
            discussion: """
                Stop the kiosk first (systemctl stop kiosk). Steps: read what the damaged database and its WAL still \
                show (its outbox: every sale, refill, credit and collection is one row); pick the newest backup in \
                [store] backup_folder that passes SQLite's integrity check and the ledger checks; move the damaged \
                files into <database>.damaged-<time>/; put the backup in place; send the events the damaged database \
                shows beyond the backup to the store (it answers whether it had each), then the backup's unsent ones; \
                name every event that is not in the restored database, with its fate, and what cannot be read at all. \
                Exit status 0: restored and nothing is lost; 3: restored, but events are lost or unknown (listed); 1: \
                nothing was changed (the database is sound, or no backup passes its check).
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Restore even though SQLite finds the database sound and its WAL loses nothing.")
        var force = false

        func run() async throws {
            let config = try Runtime.loadConfig(global)
            let path = config.databasePath
            let health = DatabaseIntegrity.check(path: path)
            let wal = WriteAheadLogInspection.inspect(databasePath: path)
            if health == .sound && !(wal?.losesCommits ?? false) && !force {
                print("store restore: \(path) passes SQLite's integrity check and its WAL loses nothing: nothing to restore "
                      + "(--force restores anyway)")
                throw ExitCode(1)
            }
            let chosen = await config.backups.newestGood()
            for rejected in chosen.rejected { print("backup \(rejected.path) is not used: \(rejected.problem)") }
            guard let backup = chosen.path else {
                print("store restore: no backup in \(config.backups.folder) passes its check; \(path) is left as it is "
                      + "(copy it off the box and call support)")
                throw ExitCode(1)
            }

            // Read everything from the damaged files before they move (read-only: nothing changes).
            let salvaged = SalvagedOutbox.read(path: path)
            let inBackup = try SalvagedOutbox.keys(path: backup)
            let stamp = DatabaseBackups.timeStamp(Date())
            let aside = try Self.moveAside(path, to: "\(path).damaged-\(stamp)")
            try Self.place(backup: backup, at: path)

            // The backup's own plans stay (no syncPlans here): an event is sent again with the plan
            // it was sent with, as near as the backup knows it; `kiosk run` brings the config's in.
            let store = try SQLiteKioskStore(path: path, currency: config.currency)
            if let sequence = salvaged.highestCollectionSequence { try await store.raiseCollectionSequence(atLeast: sequence) }

            let beyondBackup = salvaged.events.filter { !inBackup.contains($0.key) }
            var notes: [String] = []
            let fates = await Self.resync(beyondBackup, store: store, config: config, notes: &notes)
            let report = RestoreReport(database: path, backup: backup, aside: aside, health: health, wal: wal, salvaged: salvaged,
                                       beyondBackup: beyondBackup, fates: fates, notes: notes)
            let text = report.lines.joined(separator: "\n") + "\n"
            print(text, terminator: "")
            let file = "\(path).restore-\(stamp).txt"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            print("store restore: this report is also in \(file)")
            if report.somethingLost { throw ExitCode(3) }
        }

        /// Sends the events the backup lacks to the store, then the restored database's own unsent
        /// events; returns each event's fate by key. The store keys events per kiosk and replays a
        /// known one with its first answer, so asking is harmless and the answer says whether it
        /// had the event before.
        static func resync(_ events: [SalvagedOutbox.Event], store: SQLiteKioskStore, config: KioskConfig,
                           notes: inout [String]) async -> [String: RestoreReport.Fate] {
            var fates: [String: RestoreReport.Fate] = [:]
            let client: StoreClient?
            do {
                client = try StoreLink.client(config: config)
            } catch {
                notes.append("the store cannot be asked: \(error)")
                for event in events { fates[event.key] = .notSent("the store cannot be asked") }
                return fates
            }
            guard let client else {
                notes.append("no store configured ([devices] store_url): the events below are known only from this report")
                for event in events { fates[event.key] = .notSent("no store configured") }
                return fates
            }
            let answered = await pushAndDrain(events, store: store, client: client, currency: config.currency.code, notes: &notes)
            try? await client.shutdown()   // AsyncHTTPClient must be shut down before it goes
            return answered
        }

        static func pushAndDrain(_ events: [SalvagedOutbox.Event], store: SQLiteKioskStore, client: StoreClient, currency: String,
                                 notes: inout [String]) async -> [String: RestoreReport.Fate] {
            var fates: [String: RestoreReport.Fate] = [:]
            let mapper = OutboxEventMapper(currency: currency) { id in try await store.plan(id: id) }
            for chunk in stride(from: 0, to: events.count, by: 200).map({ Array(events[$0..<min($0 + 200, events.count)]) }) {
                var mapped: [KioskEvent] = []
                for event in chunk {
                    let entry = OutboxEntry(key: event.key, kind: event.kind, payload: event.payload,
                                            createdAt: Date(timeIntervalSince1970: Double(event.createdAt) / 1000))
                    do { mapped.append(try await mapper.event(for: entry)) } catch { fates[event.key] = .notSent("cannot be sent: \(error)") }
                }
                guard !mapped.isEmpty else { continue }
                do {
                    for result in try await client.push(mapped) {
                        let fate: RestoreReport.Fate = switch result.status {
                        case .replayed: .atStoreBefore
                        case .applied: .sentNow
                        case .conflict: .atStoreOtherBody(result.message ?? "conflict")
                        case .rejected, .quarantined: .refused("\(result.status.rawValue): \(result.message ?? "")")
                        }
                        fates[result.id] = fate
                    }
                } catch {
                    for event in mapped where fates[event.id] == nil { fates[event.id] = .notSent("the store did not answer: \(error)") }
                }
            }
            var logger = Logger(label: "kiosk-restore")
            logger.logLevel = .warning
            do {
                let drained = try await OutboxDrainer(outbox: store, client: client, mapper: mapper, logger: logger).drain()
                notes.append("the restored database's own unsent events: \(drained.sent) answered by the store "
                             + "(\(drained.applied) new to it, \(drained.replayed) it had), \(drained.conflicts + drained.quarantined + drained.unmappable) left unsent")
            } catch {
                notes.append("the restored database's unsent events were not sent now (\(error)); the kiosk sends them when it runs")
            }
            return fates
        }

        /// Moves the database, its WAL and shared-memory file into a new folder; nothing is deleted.
        static func moveAside(_ path: String, to folder: String) throws -> String {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let name = (path as NSString).lastPathComponent
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.moveItem(atPath: path + suffix, toPath: folder + "/" + name + suffix)
            }
            return folder
        }

        /// Copies the backup into place and fsyncs it and its folder before the store opens it.
        static func place(backup: String, at path: String) throws {
            try FileManager.default.copyItem(atPath: backup, toPath: path)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            try handle.synchronize()
            try handle.close()
            let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 {
                _ = fsync(folder)
                close(folder)
            }
        }
    }
}
