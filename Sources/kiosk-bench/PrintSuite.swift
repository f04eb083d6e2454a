import ArgumentParser
import Foundation
import KioskCore
import KioskDomain
import KioskPrinting

/// `kiosk-bench print`: time from "print" to CUPS job completed, for a receipt (raster and text
/// mode) and for a batch of 100 voucher cards, plus the rendering part alone.
///
/// Starts its own cupsd on loopback (like Tests/system/printing-cups.sh) with a raw queue and a
/// PDF driver queue, both writing to files, unless --server names a scheduler with the queues.
struct PrintSuite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "print",
        abstract: "Receipt and 100-card batch: render time and print-to-completed time through a private cupsd.")

    @Option(help: "Use this scheduler (socket path or host:port) instead of starting a private cupsd.") var server: String?
    @Option(help: "Raw ESC/POS queue on --server.") var receiptQueue = "bench-receipt"
    @Option(help: "PDF driver queue on --server.") var sheetQueue = "bench-sheets"
    @Option(help: "Receipts per mode (median, min, max are printed).") var receipts = 20
    @Option(help: "Cards per batch.") var cards = 100
    @Option(help: "Batches.") var batches = 3

    func run() async throws {
        var cupsd: PrivateCupsd? = nil
        let serverAddress: String
        if let server {
            serverAddress = server
        } else {
            let started = try PrivateCupsd.start(receiptQueue: receiptQueue, sheetQueue: sheetQueue)
            cupsd = started
            serverAddress = started.socket
            print("print: private cupsd ready in \(ms(started.startup)) ms at \(started.folder) (user \(NSUserName()))")
        }
        defer { cupsd?.stop() }
        let client = CupsClient(server: serverAddress)
        let rasterizer = try GraphicsRasterizer.dejaVu()

        for (label, mode) in [("raster 576", ReceiptMode.raster(rasterizer)), ("text 576", .text(.pc866))] {
            let encoder = ReceiptEncoder(paperWidth: 576, mode: mode)
            let printer = CupsPrinter(client: client, queue: receiptQueue, kind: .receiptRoll(encoder, statusProbe: nil))
            var render: [Duration] = [], total: [Duration] = []
            var bytes = 0
            for index in 0..<receipts {
                let receipt = Self.receipt(index)
                let t0 = ContinuousClock.now
                bytes = encoder.encode(receipt).bytes.count
                render.append(ContinuousClock.now - t0)
                let t1 = ContinuousClock.now
                _ = try await printer.print(.receipt(receipt), timeout: .seconds(30))
                total.append(ContinuousClock.now - t1)
            }
            print("print: receipt \(label): \(bytes) bytes; render \(summary(render)); print -> completed \(summary(total)) over \(receipts) receipts")
        }

        let renderer = VoucherSheetRenderer(rasterizer: rasterizer, output: .pdf)
        let printer = CupsPrinter(client: client, queue: sheetQueue, kind: .pages(renderer))
        var render: [Duration] = [], total: [Duration] = []
        var bytes = 0, pages = 0
        for _ in 0..<batches {
            let sheet = Self.sheet(cards)
            let t0 = ContinuousClock.now
            let rendered = renderer.render(sheet)
            render.append(ContinuousClock.now - t0)
            bytes = rendered.bytes.count
            pages = (cards + 9) / 10
            let t1 = ContinuousClock.now
            _ = try await printer.print(.voucherSheet(sheet), timeout: .seconds(120))
            total.append(ContinuousClock.now - t1)
        }
        print("print: \(cards) cards on A4 (\(pages) pages, PDF \(bytes / 1024) KiB): render \(summary(render)); print -> completed \(summary(total)) over \(batches) batches")
    }

    func summary(_ durations: [Duration]) -> String {
        let sorted = durations.sorted()
        return String(format: "median %.1f ms", median(durations.map(\.ms))) + " (min \(ms(sorted.first!)), max \(ms(sorted.last!)))"
    }

    static func receipt(_ index: Int) -> Receipt {
        var rng = SystemRandomNumberGenerator()
        let code = AccessCode.generate(namespace: KioskNamespace(number: 7)!, using: &rng)
        return Receipt(header: ["Net Cafe", "1 Main Street"],
                       items: [Receipt.Item(name: "Internet 1 hour", detail: "60 min, zone A", amount: .major(100, .rub))],
                       paid: .major(150, .rub), surplus: Receipt.Surplus(kind: .credit, amount: .major(50, .rub)),
                       code: code, qrPayload: code.canonical, footer: ["Thank you!"], reference: "B\(index)", issuedAt: Date())
    }

    static func sheet(_ count: Int) -> VoucherSheet {
        var rng = SystemRandomNumberGenerator()
        let cards = (0..<count).map { _ in
            let code = AccessCode.generate(namespace: KioskNamespace(number: 7)!, using: &rng)
            return VoucherCard(planName: "Internet 3 hours", credential: .code(code), qrPayload: code.canonical,
                               validUntil: Date().addingTimeInterval(30 * 86_400), price: .major(250, .rub))
        }
        return VoucherSheet(cards: cards, stock: .a4(columns: 2, rows: 5))
    }
}

func ms(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
}

/// A throwaway cupsd for the bench: loopback only, its own socket and folders under /tmp (as root
/// jobs run as lp, which must reach them), queues writing to files. Stopped by its pid.
struct PrivateCupsd {
    let folder: String
    let socket: String
    let process: Process
    let startup: Duration

    static let ppd = """
    *PPD-Adobe: "4.3"
    *FormatVersion: "4.3"
    *FileVersion: "1.0"
    *LanguageVersion: English
    *LanguageEncoding: ISOLatin1
    *PCFileName: "KBENCH.PPD"
    *Manufacturer: "Kiosk"
    *Product: "(Kiosk bench PDF)"
    *ModelName: "Kiosk bench PDF"
    *ShortNickName: "Kiosk bench PDF"
    *NickName: "Kiosk bench PDF"
    *PSVersion: "(3010.000) 0"
    *LanguageLevel: "3"
    *ColorDevice: False
    *DefaultColorSpace: Gray
    *FileSystem: False
    *Throughput: "1"
    *LandscapeOrientation: Plus90
    *TTRasterizer: Type42
    *cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"
    *OpenUI *PageSize/Media Size: PickOne
    *OrderDependency: 10 AnySetup *PageSize
    *DefaultPageSize: A4
    *PageSize A4/A4: "<</PageSize[595 842]>>setpagedevice"
    *CloseUI: *PageSize
    *DefaultImageableArea: A4
    *ImageableArea A4/A4: "0 0 595 842"
    *DefaultPaperDimension: A4
    *PaperDimension A4/A4: "595 842"

    """

    static func start(receiptQueue: String, sheetQueue: String) throws -> PrivateCupsd {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/cupsd") else {
            throw ValidationError("cupsd is not installed: apt-get install cups-daemon cups-client cups-filters cups, or pass --server")
        }
        let folder = "/tmp/kiosk-bench-print-\(getpid())"
        let fm = FileManager.default
        for sub in ["etc/ppd", "spool/tmp", "cache", "run", "log", "out", "serverbin/backend"] {
            try fm.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
        }
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: "\(folder)/out")
        for sub in ["cgi-bin", "daemon", "driver", "filter", "monitor", "notifier"] {
            try fm.createSymbolicLink(atPath: "\(folder)/serverbin/\(sub)", withDestinationPath: "/usr/lib/cups/\(sub)")
        }
        for backend in try fm.contentsOfDirectory(atPath: "/usr/lib/cups/backend") {
            try fm.createSymbolicLink(atPath: "\(folder)/serverbin/backend/\(backend)", withDestinationPath: "/usr/lib/cups/backend/\(backend)")
        }
        let root = getuid() == 0
        let user = root ? "lp" : NSUserName()
        let group = root ? "lp" : (getgrgid(getgid()).map { String(cString: $0.pointee.gr_name) } ?? "nogroup")
        let port = 30000 + Int(getpid() % 20000)
        try """
        SystemGroup \(root ? "root" : group)
        User \(user)
        Group \(group)
        ServerRoot \(folder)/etc
        RequestRoot \(folder)/spool
        TempDir \(folder)/spool/tmp
        CacheDir \(folder)/cache
        StateDir \(folder)/run
        ServerBin \(folder)/serverbin
        DataDir /usr/share/cups
        AccessLog \(folder)/log/access_log
        ErrorLog \(folder)/log/error_log
        PageLog \(folder)/log/page_log
        FileDevice Yes

        """.write(toFile: "\(folder)/etc/cups-files.conf", atomically: true, encoding: .utf8)
        try """
        LogLevel warn
        Listen 127.0.0.1:\(port)
        Listen \(folder)/run/cups.sock
        Browsing No
        WebInterface No
        ErrorPolicy abort-job
        <Location />
          Order allow,deny
          Allow from 127.0.0.1
        </Location>
        <Policy default>
          <Limit All>
            Order deny,allow
          </Limit>
        </Policy>

        """.write(toFile: "\(folder)/etc/cupsd.conf", atomically: true, encoding: .utf8)
        try ppd.write(toFile: "\(folder)/bench.ppd", atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/cupsd")
        process.arguments = ["-f", "-c", "\(folder)/etc/cupsd.conf", "-s", "\(folder)/etc/cups-files.conf"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        let socket = "\(folder)/run/cups.sock"
        var ready = false
        for _ in 0..<200 where !ready {
            ready = fm.fileExists(atPath: socket) && lpadmin(socket, ["-p", "probe-none", "-x"]) != -1
            if !ready { usleep(25_000) }
        }
        let cupsd = PrivateCupsd(folder: folder, socket: socket, process: process, startup: ContinuousClock.now - start)
        guard ready, process.isRunning else {
            cupsd.stop()
            throw ValidationError("private cupsd did not start; see \(folder)/log/error_log")
        }
        guard lpadmin(socket, ["-p", receiptQueue, "-E", "-v", "file://\(folder)/out/receipt.bin", "-m", "raw"]) == 0,
              lpadmin(socket, ["-p", sheetQueue, "-E", "-v", "file://\(folder)/out/sheet.pdf", "-P", "\(folder)/bench.ppd"]) == 0 else {
            cupsd.stop()
            throw ValidationError("lpadmin could not create the bench queues")
        }
        return cupsd
    }

    /// Runs lpadmin against `socket`; returns its exit status, -1 when it could not reach cupsd.
    static func lpadmin(_ socket: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/lpadmin")
        process.arguments = arguments
        process.environment = ["CUPS_SERVER": socket, "PATH": "/usr/sbin:/usr/bin:/bin"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if text.contains("Unable to connect") || text.contains("Connection refused") { return -1 }
        return process.terminationStatus
    }

    /// SIGTERM, then SIGKILL after 2 s: a child started through Foundation's Process may inherit
    /// a blocked SIGTERM (seen here: cupsd ignored it), and the bench must never leave it behind.
    func stop() {
        if process.isRunning {
            process.terminate()
            for _ in 0..<40 where process.isRunning { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
