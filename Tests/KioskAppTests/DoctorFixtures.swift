import Foundation
@testable import KioskApp

/// A throwaway folder standing for /sys and /dev (and for PATH tools), removed when done.
final class DoctorSandbox {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "doctor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    var paths: SystemPaths { SystemPaths(sysfs: root + "/sys", dev: root + "/dev") }

    func write(_ relative: String, _ text: String, executable: Bool = false) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
    }

    /// A stand-in tool on a PATH of its own: prints `output` and exits with `status`.
    func tools(_ scripts: [String: (output: String, status: Int32)]) throws -> ToolRunner {
        for (name, script) in scripts {
            try write("bin/\(name)", "#!/bin/sh\n/bin/cat <<'OUT'\n\(script.output)\nOUT\nexit \(script.status)\n", executable: true)
        }
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        return ToolRunner(environment: ["PATH": root + "/bin"])
    }

    /// An evdev device in sysfs with capability bitmaps as the kernel prints them.
    func inputDevice(_ node: String, name: String, abs: String = "0", rel: String = "0", key: String = "0") throws {
        let base = "sys/class/input/\(node)/device"
        try write(base + "/name", name + "\n")
        try write(base + "/capabilities/abs", abs + "\n")
        try write(base + "/capabilities/rel", rel + "\n")
        try write(base + "/capabilities/key", key + "\n")
        try write("dev/input/\(node)", "")
    }
}
