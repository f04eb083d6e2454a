#if canImport(Glibc)
import Glibc
#endif
import KioskCash
import KioskSystem
import Synchronization

/// The emulator's own record of every note that went into the cassette or back to the customer:
/// one line per note, appended and fsynced before the device reports it, so that after a power cut
/// of the *kiosk* this file is the ground truth of what is in the cassette.
///
/// Line format (space separated): `SEQ UNIX_MS stacked|returned DENOMINATION COUNTRY type=N`,
/// e.g. `17 1795430400123 stacked 100 RUS type=2`.
final class NoteLog: Sendable {
    let path: String?
    private let fd: FileDescriptor?
    private let lines = Mutex(0)

    /// Opens (creates) `path` for appending; nil keeps no log.
    init(path: String?) throws(EmulatorError) {
        self.path = path
        guard let path else {
            fd = nil
            return
        }
        do { fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_APPEND, mode: 0o644) } catch {
            throw .system("cannot open note log '\(path)'", error.code)
        }
        lines.withLock { $0 = NoteLog.countLines(path) }
    }

    deinit {
        fd?.close()
    }

    func record(_ what: String, billType: UInt8, table: CCNETBillTable) {
        guard let fd else { return }
        let entry = table.entry(billType: billType)
        let denomination = entry?.minorUnits(minorPerMajor: 1).map(String.init) ?? "?"
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let millis = Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        let sequence = lines.withLock { count in
            count += 1
            return count
        }
        let line = "\(sequence) \(millis) \(what) \(denomination) \(entry?.country ?? "?") type=\(billType)\n"
        // A note the log cannot hold must not be reported as stacked: the emulator stops instead.
        do {
            try fd.writeAll(Array(line.utf8))
            try fd.sync()
        } catch {
            fatalError("note log '\(path ?? "")' write failed: \(error)")
        }
    }

    /// Lines already in the file: numbering goes on across emulator restarts.
    private static func countLines(_ path: String) -> Int {
        guard let file = fopen(path, "r") else { return 0 }
        defer { fclose(file) }
        var count = 0
        while true {
            let character = getc(file)
            if character == EOF { break }
            if character == 0x0A { count += 1 }
        }
        return count
    }
}

/// Why the emulator cannot run, for the person starting it.
enum EmulatorError: Error, CustomStringConvertible {
    case system(String, Int32)
    case usage(String)

    var description: String {
        switch self {
        case let .system(what, code): return "\(what): \(Errno(code).text)"
        case let .usage(text): return text
        }
    }
}
