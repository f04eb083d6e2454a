import Foundation
import KioskDomain
import KioskStoreSQLite
import Testing
@testable import KioskApp

@Suite struct DoctorSystemTests {
    // MARK: Disk

    @Test func diskThresholds() {
        let gib: UInt64 = 1 << 30
        #expect(DiskCheck.judge(.init(availableBytes: 20 * gib, totalBytes: 64 * gib), folder: "/d").status == .ok)
        #expect(DiskCheck.judge(.init(availableBytes: 5 * gib, totalBytes: 64 * gib), folder: "/d").status == .warn)   // 7 %
        #expect(DiskCheck.judge(.init(availableBytes: 400 << 20, totalBytes: 2 * gib), folder: "/d").status == .warn)  // 400 MiB
        let full = DiskCheck.judge(.init(availableBytes: 2 * gib, totalBytes: 64 * gib), folder: "/d")                // 3 %
        #expect(full.status == .fail && full.message.hasPrefix("disk nearly full, /d: 2048 MiB free"))
        #expect(DiskCheck.judge(.init(availableBytes: 10 << 20, totalBytes: 100 << 20), folder: "/d").status == .fail) // 10 MiB
    }

    @Test func diskOfAFolderNotYetMadeIsMeasuredAtItsParent() throws {
        let box = try DoctorSandbox()
        let space = try #require(DiskCheck.measure(box.root + "/not/yet"))
        #expect(space.totalBytes > 0 && space.availableBytes <= space.totalBytes)
    }

    // MARK: Clock

    @Test func clockBefore2024IsWrong() throws {
        let box = try DoctorSandbox()
        let tools = try box.tools([:])
        let wrong = ClockCheck(now: Date(timeIntervalSince1970: 0), tools: tools).time()
        #expect(wrong.status == .fail && wrong.message.contains("1970-01-01T00:00:00Z"))
        let right = ClockCheck(now: ISO8601DateFormatter().date(from: "2026-03-01T10:00:00Z")!, tools: tools).time()
        #expect(right.status == .ok)
    }

    @Test(arguments: [("yes", DoctorFinding.Status.ok), ("no", .warn)])
    func ntpStateFromTimedatectl(answer: String, status: DoctorFinding.Status) throws {
        let box = try DoctorSandbox()
        let tools = try box.tools(["timedatectl": (answer, 0)])
        #expect(ClockCheck(now: Date(), tools: tools).ntp().status == status)
    }

    @Test func ntpUnknownWithoutSystemd() throws {
        let box = try DoctorSandbox()
        let tools = try box.tools(["timedatectl": ("System has not been booted with systemd as init system (PID 1). Can't operate.", 1)])
        let finding = ClockCheck(now: Date(), tools: tools).ntp()
        #expect(finding.status == .warn && finding.message.contains("cannot read NTP state"))
    }

    // MARK: Database

    @Test func databaseFolderAndFile() throws {
        let box = try DoctorSandbox()
        let path = box.root + "/data/kiosk.sqlite"
        #expect(DatabaseCheck(path: path, currency: .rub).run().status == .warn)
        try FileManager.default.createDirectory(atPath: box.root + "/data", withIntermediateDirectories: true)
        let notYet = DatabaseCheck(path: path, currency: .rub).run()
        #expect(notYet.status == .ok && notYet.message.contains("not created yet"))
        _ = try SQLiteKioskStore(path: path, currency: .rub)
        let opened = DatabaseCheck(path: path, currency: .rub).run()
        #expect(opened.status == .ok && opened.message.contains("WAL, synchronous=FULL"), "\(opened.line)")
    }

    @Test func garbageInTheDatabaseFileIsAFailure() throws {
        let box = try DoctorSandbox()
        try box.write("data/kiosk.sqlite", String(repeating: "not a database ", count: 500))
        let finding = DatabaseCheck(path: box.root + "/data/kiosk.sqlite", currency: .rub).run()
        #expect(finding.status == .fail && finding.message.contains("is damaged: file is not a database"), "\(finding.line)")
    }

    /// One page of a real kiosk database overwritten: the same integrity check as `kiosk run`'s
    /// start says FAIL, in SQLite's words, and the fix names the restore.
    @Test func anOverwrittenPageIsAFailureWithTheRestoreAsFix() throws {
        let box = try DoctorSandbox()
        let path = box.root + "/data/kiosk.sqlite"
        try FileManager.default.createDirectory(atPath: box.root + "/data", withIntermediateDirectories: true)
        do { _ = try SQLiteKioskStore(path: path, currency: .rub) }   // closed again: the WAL is checkpointed into the file
        #expect(DatabaseCheck(path: path, currency: .rub).run().status == .ok)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 4096)   // page 2: the root of the first table
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 4096))
        try handle.close()
        let finding = DatabaseCheck(path: path, currency: .rub).run()
        #expect(finding.status == .fail && finding.message.contains("is damaged"), "\(finding.line)")
        #expect(finding.line.contains("kiosk store restore"), "\(finding.line)")
    }

    // MARK: Store

    @Test func noStoreURLMeansStandalone() async {
        #expect(await StoreCheck(baseURL: nil).run().status == .ok)
    }

    @Test func unreachableStoreIsAFailure() async {
        // Port 9 (discard) on loopback: nothing listens in a test environment.
        let finding = await StoreCheck(baseURL: "http://127.0.0.1:9", timeoutSeconds: 2).run()
        #expect(finding.status == .fail && finding.message.contains("unreachable"))
    }

    // MARK: Config and command

    @Test func devicesTableIsRead() throws {
        let config = try ConfigLoader.parse("""
            [devices]
            display = "fbdev"
            cash = "/dev/ttyUSB0"
            touch = "/dev/input/event5"
            printer = "kitchen"
            store_url = "http://10.0.0.2:8443/"
            """, file: "k.toml")
        #expect(config.devices.display == .fbdev && config.devices.cash == "/dev/ttyUSB0" && config.devices.touch == "/dev/input/event5")
        #expect(config.devices.printer == "kitchen" && config.devices.storeURL == "http://10.0.0.2:8443")
        #expect(KioskConfig().devices == DeviceConfig())
    }

    @Test(arguments: [
        ("[devices]\ndisplay = \"x11\"\n", 2, "devices.display", "must be one of"),
        ("[devices]\ncash = \"ttyUSB0\"\n", 2, "devices.cash", "absolute path"),
        ("[devices]\n\nstore_url = \"10.0.0.2\"\n", 3, "devices.store_url", "http://"),
        ("[devices]\nprinterr = \"receipt\"\n", 2, "devices.printerr", "unknown key"),
    ])
    func badDevicesAreLocated(toml: String, line: Int, key: String, says: String) {
        #expect {
            _ = try ConfigLoader.parse(toml, file: "k.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == line && error.key == key && error.message.contains(says)
        }
    }

    @Test func helpTellsTheExitStatus() {
        let help = KioskCommand.helpMessage(for: DoctorCommand.self)
        #expect(help.contains("0: all OK; 1: at least one FAIL; 2: warnings only"))
        #expect(!help.contains("--sysfs"))   // test hooks stay hidden
    }

    @Test func findingLinesAreOneLineWithTheFix() {
        let line = DoctorFinding("cash", .fail, "no bill acceptor", fix: "plug it in").line
        #expect(line == "FAIL cash     no bill acceptor — fix: plug it in")
        #expect(DoctorFinding.Status.fail > DoctorFinding.Status.warn && DoctorFinding.Status.warn > DoctorFinding.Status.ok)
    }
}
