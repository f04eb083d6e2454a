import Foundation
import Synchronization
import KioskCore
import KioskDomain

/// A printer that writes each job into a folder: the bytes a real queue would get
/// (`0001-receipt-….escpos`, `.pdf`, `.png`) and a PNG preview of the paper (`….preview.png`).
///
/// For running the kiosk without a printer (development, demos, a site that shows codes on
/// screen only) and for looking at exactly what would have been printed.
///
/// A file named `paper-out` in the folder makes it behave like a roll printer that ran out of
/// paper: its health reports `media-empty-error` and jobs fail with the error a CUPS queue in
/// that state gives, so journeys such as "paper ran out mid-sale" can be played without hardware.
/// Removing the file loads a new roll.
public final class FilePrinter: Printer {
    /// The name of the switch file in the folder; see the type's documentation.
    public static let paperOutSwitch = "paper-out"

    public let name: String
    public let folder: URL
    public let kind: PrinterKind
    private let broadcaster: HealthBroadcaster
    private let counter = Counter()

    public init(name: String = "file", folder: URL, kind: PrinterKind) {
        self.name = name
        self.folder = folder
        self.kind = kind
        self.broadcaster = HealthBroadcaster(initial: PrinterHealth(printer: name, state: .idle))
    }

    public func health() async -> PrinterHealth {
        let paperOut = FileManager.default.fileExists(atPath: folder.appendingPathComponent(Self.paperOutSwitch).path)
        let current = broadcaster.current
        if paperOut, current.canPrint {
            broadcaster.publish(PrinterHealth(printer: name, state: .stopped,
                                              conditions: [PrinterCondition(.mediaEmpty, .error, keyword: "media-empty-error")],
                                              message: "out of paper (\(Self.paperOutSwitch) in \(folder.path))"))
        } else if !paperOut, current.conditions.contains(where: { $0.kind == .mediaEmpty }) {
            broadcaster.publish(PrinterHealth(printer: name, state: .idle))
        }
        return broadcaster.current
    }
    public func healthUpdates() -> AsyncStream<PrinterHealth> { broadcaster.updates() }

    public func print(_ document: PrintDocument, timeout: Duration) async throws(PrintError) -> PrintOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        // Only the switch refuses up front: a folder that could not be written last time is tried again.
        let before = await health()
        if before.conditions.contains(where: { $0.kind == .mediaEmpty }) { throw .cannotPrint(before) }
        let rendered = try RenderedDocument.render(document, for: kind, printer: name)
        let number = counter.next()
        let stem = String(format: "%04d-", number) + document.title.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(rendered.bytes).write(to: folder.appendingPathComponent("\(stem).\(rendered.fileExtension)"))
            if let preview = rendered.preview {
                try Data(PageFiles.png(preview)).write(to: folder.appendingPathComponent("\(stem).preview.png"))
            }
        } catch {
            let health = PrinterHealth(printer: name, state: .stopped, isAcceptingJobs: false,
                                       message: "cannot write to \(folder.path): \(error.localizedDescription)")
            broadcaster.publish(health)
            throw .cannotPrint(health)
        }
        return PrintOutcome(jobID: "\(name)-\(number)", duration: clock.now - start, paperConfirmed: nil)
    }

    private final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int { value.withLock { $0 += 1; return $0 } }
    }
}
