import Foundation
import KioskSystem

/// The real kiosk, as installed: `kiosk run` with a config file (`KIOSK_CONFIG`, no device flags)
/// naming the png display, a bill acceptor (ccnet-emulator on a pty) and a receipt folder. It
/// measures process start → first frame on the panel (the png file written), process start →
/// sales open (the bill acceptor's power-up reports settled), and the peak and current RSS at
/// 1920×1080 after one purchase paid with a note. It prints numbers; nothing asserts a time.
struct KioskRunMeasure {
    let kiosk: String
    let emulator: String
    let runs: Int

    func run() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-bench-run-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let emu = Process()
        emu.executableURL = URL(fileURLWithPath: emulator)
        emu.arguments = ["run", "--link", dir + "/tty", "--control", dir + "/ctl", "--note-log", dir + "/notes.log"]
        emu.standardOutput = FileHandle.nullDevice
        emu.standardError = FileHandle.nullDevice
        try emu.run()
        defer { emu.terminate(); emu.waitUntilExit() }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: dir + "/ctl") { Thread.sleep(forTimeInterval: 0.02) }

        var firstFrame: [Double] = [], salesOpen: [Double] = []
        for index in 0..<runs {
            let run = dir + "/run\(index)"
            try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
            let config = try writeConfig(run, tty: dir + "/tty")
            let (process, log) = try start(config: config, data: run, script: nil)
            let started = ContinuousClock.now
            var frame: Double?
            var open: Double?
            while (frame == nil || open == nil) && ContinuousClock.now - started < .seconds(30) {
                if frame == nil, FileManager.default.fileExists(atPath: run + "/screen.png") { frame = (ContinuousClock.now - started).ms }
                if open == nil, (try? String(contentsOfFile: log, encoding: .utf8))?.contains("kiosk: running on") == true {
                    open = (ContinuousClock.now - started).ms
                }
                Thread.sleep(forTimeInterval: 0.001)
            }
            process.terminate(); process.waitUntilExit()
            if let frame { firstFrame.append(frame) }
            if let open { salesOpen.append(open) }
        }
        print(String(format: "display: kiosk run as installed (config file, bill acceptor attached), png 1920x1080: process start → first frame %.0f ms, → sales open %.0f ms (medians of %d)",
                     median(firstFrame), median(salesOpen), runs))

        // One purchase: the plan pressed by script, a 100 note inserted, then memory read.
        let run = dir + "/purchase"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let config = try writeConfig(run, tty: dir + "/tty")
        try "wait 0.5\npress choosePlan internet-1h\nwait 60\n".write(toFile: run + "/script", atomically: true, encoding: .utf8)
        let (process, log) = try start(config: config, data: run, script: run + "/script")
        defer { process.terminate(); process.waitUntilExit() }
        guard wait(for: "payment for Internet 1 hour started", in: log, seconds: 30) else {
            print("display: kiosk run RSS: the payment never started (see \(log))")
            return
        }
        // The payment enables the acceptor a moment after it says it started; a note offered to a
        // disabled acceptor is refused at the slot, so insert once it idles enabled.
        for _ in 0..<100 {
            if controlAnswer(dir + "/ctl", "status").contains("state=idling"),
               controlAnswer(dir + "/ctl", "insert 100").contains("state=accepting") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard wait(for: "sold Internet 1 hour", in: log, seconds: 30) else {
            print("display: kiosk run RSS: nothing was sold (see \(log))")
            return
        }
        Thread.sleep(forTimeInterval: 1)
        let pid = process.processIdentifier
        print("display: kiosk run as installed, 1920x1080, after one purchase: peak RSS \(statusField(pid, "VmHWM:")), RSS now \(statusField(pid, "VmRSS:"))")
    }

    private func writeConfig(_ folder: String, tty: String) throws -> String {
        let path = folder + "/kiosk.toml"
        try """
            [store]
            path = "\(folder)/kiosk.sqlite"
            [devices]
            display = "png"
            png_path = "\(folder)/screen.png"
            size = "1920x1080"
            cash = "\(tty)"
            receipt_folder = "\(folder)/receipts"
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func start(config: String, data: String, script: String?) throws -> (Process, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: kiosk)
        p.arguments = ["run"] + (script.map { ["--script", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["KIOSK_CONFIG"] = config
        environment["KIOSK_DATA_DIR"] = data
        p.environment = environment
        let log = data + "/kiosk.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return (p, log)
    }

    private func wait(for text: String, in log: String, seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if (try? String(contentsOfFile: log, encoding: .utf8))?.contains(text) == true { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    /// One line to the emulator's control socket and its answer ("" when it does not answer yet).
    private func controlAnswer(_ socketPath: String, _ line: String) -> String {
        (try? LineConnection(path: socketPath).send(line)) ?? ""
    }
}

