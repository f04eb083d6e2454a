import CKioskShim
import Foundation
import Glibc
import KioskCore
import KioskDisplay
import KioskDomain
import KioskPrinting
import KioskStoreSQLite
import Testing
@testable import KioskApp

/// Every key `kiosk run` reads changes what the composed kiosk uses: each row sets one key in a
/// config file, builds the kiosk the way `kiosk run` does (`KioskComposition.build`), and looks
/// at the built objects — the port written to, the sink chosen, the file drawn, the printer
/// used — not at the parsed config. The rows are keyed by the parser's own key lists, so a key
/// added to the parser without a row here fails `everyKeyHasARow`.
@Suite(.serialized) struct KioskCompositionTests {
    /// Keys outside `[devices]` that the composition reads.
    static let otherKeys = ["kiosk.support_phone", "kiosk.login_url", "sales.show_code_when_printer_down"]

    static var allKeys: [String] { DeviceConfig.keys.map { "devices.\($0)" } + otherKeys }

    /// A folder per test, a pty the bill acceptor can be pointed at, and the baseline every row
    /// starts from: the png display (no DRM in a test) and a cash port that answers nothing.
    final class Fixture {
        let folder: String
        let ptyMaster: Int32
        let ptySlave: Int32
        let ptyPath: String

        init() throws {
            folder = NSTemporaryDirectory() + "kiosk-composition-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var master: Int32 = -1, slave: Int32 = -1
            guard kiosk_openpty(&master, &slave) == 0 else { throw CommandFailure(description: "no pty") }
            (ptyMaster, ptySlave) = (master, slave)
            ptyPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(slave)")) ?? ""
        }

        deinit {
            close(ptyMaster)
            close(ptySlave)
            try? FileManager.default.removeItem(atPath: folder)
        }

        func config(_ devices: String, kiosk: String = "", sales: String = "") throws -> KioskConfig {
            // The baseline's keys, except those the row sets itself (TOML refuses a key twice).
            let baseline = ["display = \"png\"", "png_path = \"\(folder)/baseline.png\"", "cash = \"\(folder)/no-such-port\""]
                .filter { line in !devices.split(separator: "\n").contains { $0.hasPrefix(line.prefix { $0 != " " } + " ") } }
            let text = """
                [kiosk]
                \(kiosk)
                [store]
                path = "\(folder)/kiosk.sqlite"
                [sales]
                \(sales)
                [devices]
                \(baseline.joined(separator: "\n"))
                \(devices)
                """
            return try ConfigLoader.parse(text, file: "\(folder)/kiosk.toml")
        }

        /// Bytes the composed kiosk's bill-acceptor driver wrote to the pty within `seconds`.
        func readPty(seconds: Double) -> [UInt8] {
            var got: [UInt8] = []
            let end = Date().addingTimeInterval(seconds)
            while Date() < end, got.count < 6 {
                var fds = [pollfd(fd: ptyMaster, events: Int16(POLLIN), revents: 0)]
                guard poll(&fds, 1, 100) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 64)
                let n = read(ptyMaster, &buffer, buffer.count)
                if n > 0 { got += buffer.prefix(n) }
            }
            return got
        }
    }

    typealias Check = @Sendable (ComposedKiosk, Fixture) async throws -> Void

    /// One row per key: the line(s) that set it, and what must then be true of the built kiosk.
    static let rows: [String: (devices: String, kiosk: String, sales: String, check: Check)] = [
        "devices.display": ("display = \"vnc\"\nvnc_port = 15931", "", "", { kiosk, _ in
            #expect(kiosk.sink is VNCSink)
            #expect(kiosk.input != nil)   // VNC's pointer and keys
        }),
        "devices.size": ("size = \"800x480\"", "", "", { kiosk, _ in
            #expect(kiosk.sink.mode.width == 800 && kiosk.sink.mode.height == 480)
            #expect(kiosk.theme.size.width == 800)
        }),
        "devices.rotation": ("size = \"1920x1080\"\nrotation = 90", "", "", { kiosk, _ in
            #expect(kiosk.sink.mode.rotation == .clockwise90)
            #expect(kiosk.sink.mode.width == 1080 && kiosk.sink.mode.height == 1920)   // portrait UI on a landscape panel
        }),
        "devices.dpi": ("dpi = 200", "", "", { kiosk, _ in #expect(kiosk.theme.dpi == 200) }),
        // 1920 px at 96 dpi is 508 mm: at 800 mm its top 88 mm are above 1220 mm and left empty.
        "devices.mounting_height_mm": ("size = \"1080x1920\"\nmounting_height_mm = 800", "", "", { kiosk, _ in
            #expect(kiosk.theme.mountingHeight == 800)
            #expect(kiosk.theme.unreachable.top == 333 && kiosk.theme.unreachable.bottom == 0, "\(kiosk.theme.unreachable)")
        }),
        "devices.vnc_port": ("display = \"vnc\"\nvnc_port = 15932", "", "", { _, _ in
            let greeting = try greeting(port: 15932)
            #expect(greeting.hasPrefix("RFB 003.008"), "a VNC server answers on the configured port: \(greeting)")
        }),
        "devices.png_path": ("png_path = \"@/drawn.png\"", "", "", { kiosk, f in
            await kiosk.session.start()
            #expect(FileManager.default.fileExists(atPath: f.folder + "/drawn.png"))
            #expect(!FileManager.default.fileExists(atPath: f.folder + "/baseline.png"))
        }),
        "devices.touch": ("touch = \"/dev/input/by-path/panel-event\"", "", "", { kiosk, _ in
            #expect(kiosk.touch.touchNode == "/dev/input/by-path/panel-event")
        }),
        "devices.touch_calibration": ("touch_calibration = [\"swap_axes\", \"invert_y\"]", "", "", { kiosk, _ in
            #expect(kiosk.touch.calibration == TouchCalibrationOverrides(swapAxes: true, invertX: false, invertY: true))
        }),
        "devices.cash": ("cash = \"@pty\"", "", "", { kiosk, f in
            kiosk.driver.start()
            let bytes = f.readPty(seconds: 3)
            #expect(bytes.starts(with: [0x02, 0x03]), "the driver's CCNET frames reach the configured port: \(bytes)")
        }),
        "devices.notes": ("notes = [100, 500]", "", "", { kiosk, _ in
            #expect(kiosk.deps.acceptedNotes == [.major(100, .rub), .major(500, .rub)])
            #expect(await kiosk.session.model.catalog.acceptedNotes == [.major(100, .rub), .major(500, .rub)])
        }),
        "devices.printer": ("printer = \"counter-roll\"", "", "", { kiosk, _ in
            let printer = try #require(kiosk.deps.printer as? CupsPrinter)
            #expect(printer.name == "counter-roll")
        }),
        "devices.receipt_folder": ("receipt_folder = \"@/paper\"", "", "", { kiosk, f in
            _ = try await kiosk.deps.printer.print(.receipt(sampleReceipt), timeout: .seconds(10))
            let files = try FileManager.default.contentsOfDirectory(atPath: f.folder + "/paper")
            #expect(files.contains { $0.hasSuffix(".escpos") })
        }),
        "devices.store_url": ("store_url = \"http://127.0.0.1:15933\"\nstore_token_file = \"@/token\"", "", "", { kiosk, _ in
            #expect(kiosk.deps.storeLink?.client.endpoint.baseURL == "http://127.0.0.1:15933")
        }),
        "devices.store_ca": ("store_url = \"https://store.example:8443\"\nstore_token_file = \"@/token\"\nstore_ca = \"@/ca.pem\"", "", "", { kiosk, f in
            #expect(kiosk.deps.storeLink?.client.endpoint.caCertificatePath == f.folder + "/ca.pem")
        }),
        "devices.store_token_file": ("store_url = \"http://127.0.0.1:15934\"\nstore_token_file = \"@/token\"", "", "", { kiosk, _ in
            #expect(kiosk.deps.storeLink?.client.endpoint.kioskToken == "k1.secret")
        }),
        "devices.sync_seconds": ("store_url = \"http://127.0.0.1:15935\"\nstore_token_file = \"@/token\"\nsync_seconds = 42", "", "", { kiosk, _ in
            let interval = await kiosk.deps.storeLink?.sync.interval
            #expect(interval == .seconds(42))
        }),
        "kiosk.support_phone": ("", "support_phone = \"+7 900 555-01-02\"", "", { kiosk, _ in
            #expect(await kiosk.session.model.supportPhone == "+7 900 555-01-02")
        }),
        "kiosk.login_url": ("", "login_url = \"https://cafe.example/login?code=\"", "", { kiosk, _ in
            let code = try AccessCode.parse("0177-FDKN-MWE0-8")
            #expect(kiosk.deps.qrPayload(code) == "https://cafe.example/login?code=" + code.canonical)
        }),
        "sales.show_code_when_printer_down": ("", "", "show_code_when_printer_down = false", { kiosk, _ in
            #expect(kiosk.deps.printerPolicy.showCodeOnScreenWhenPrinterDown == false)
        }),
    ]

    static let sampleReceipt = Receipt(header: ["kiosk-1"], items: [.init(name: "Internet 1 hour", amount: .major(100, .rub))],
                                       paid: .major(100, .rub), code: nil, qrPayload: nil, reference: "test",
                                       issuedAt: Date(timeIntervalSince1970: 1_800_000_000), language: .en,
                                       timeZone: TimeZone(identifier: "UTC")!)

    /// The first bytes a server on localhost:`port` sends.
    static func greeting(port: UInt16) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        var buffer = [UInt8](repeating: 0, count: 12)
        let n = read(fd, &buffer, 12)
        return String(decoding: buffer.prefix(max(0, n)), as: UTF8.self)
    }

    @Test func everyKeyHasARow() {
        #expect(Set(Self.rows.keys) == Set(Self.allKeys), "keys without a row: \(Set(Self.allKeys).subtracting(Self.rows.keys).sorted())")
    }

    @Test(arguments: allKeys) func keyChangesTheComposedKiosk(_ key: String) async throws {
        let row = try #require(Self.rows[key])
        let f = try Fixture()
        try "k1.secret\n".write(toFile: f.folder + "/token", atomically: true, encoding: .utf8)
        let fill = { (text: String) in text.replacingOccurrences(of: "@pty", with: f.ptyPath).replacingOccurrences(of: "@/", with: f.folder + "/") }
        let config = try f.config(fill(row.devices), kiosk: fill(row.kiosk), sales: fill(row.sales))
        let store = try SQLiteKioskStore(path: config.databasePath, currency: config.currency)
        try await store.syncPlans(config.plans)
        let kiosk = try KioskComposition.build(config: config, store: store, font: Self.font, log: { _ in })
        do {
            try await row.check(kiosk, f)
        } catch {
            await kiosk.stop()
            throw error
        }
        await kiosk.stop()
    }

    /// The baseline itself: no key set, the defaults of an installed kiosk.
    @Test func defaultsAreThoseOfAnInstalledKiosk() async throws {
        let f = try Fixture()
        let config = try f.config("")
        #expect(KioskConfig().devices.cash == "/dev/kiosk/cash" && KioskConfig().devices.touch == "/dev/kiosk/touch")
        let store = try SQLiteKioskStore(path: config.databasePath, currency: config.currency)
        let kiosk = try KioskComposition.build(config: config, store: store, font: Self.font, log: { _ in })
        #expect((kiosk.deps.printer as? CupsPrinter)?.name == "receipt")
        #expect(kiosk.deps.storeLink == nil)
        #expect(kiosk.touch.touchNode == "/dev/kiosk/touch")
        await kiosk.stop()
    }

    /// A bad value of any key stops the kiosk with the file, the line and the key.
    @Test(arguments: [
        ("display = \"hdmi\"", "devices.display"), ("size = \"big\"", "devices.size"), ("rotation = 45", "devices.rotation"),
        ("dpi = 5", "devices.dpi"), ("vnc_port = 70000", "devices.vnc_port"), ("png_path = \"screen.png\"", "devices.png_path"),
        ("touch = \"event3\"", "devices.touch"), ("touch_calibration = [\"flip\"]", "devices.touch_calibration"),
        ("cash = \"ttyUSB0\"", "devices.cash"), ("notes = [100, -5]", "devices.notes"), ("printer = \"\"", "devices.printer"),
        ("receipt_folder = \"paper\"", "devices.receipt_folder"), ("store_url = \"ftp://x\"", "devices.store_url"),
        ("store_ca = \"ca.pem\"", "devices.store_ca"), ("store_token_file = \"t\"", "devices.store_token_file"),
        ("sync_seconds = 0", "devices.sync_seconds"), ("beeper = true", "devices.beeper"),
    ]) func badValueNamesFileLineAndKey(_ line: String, _ key: String) throws {
        let text = "[kiosk]\nid = \"k\"\n\n[devices]\n\(line)\n"
        #expect {
            try ConfigLoader.parse(text, file: "/etc/kiosk/kiosk.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "/etc/kiosk/kiosk.toml" && error.line == 5 && error.key == key
        }
    }

    static let font: String? = {
        let here = URL(fileURLWithPath: #filePath)
        let repo = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bundled = repo.appendingPathComponent("Assets/fonts/DejaVuSans.ttf").path
        return FileManager.default.fileExists(atPath: bundled) ? bundled : nil
    }()
}
