import Foundation

/// Runs a system tool (lpstat, timedatectl) found on PATH and returns its exit status and output.
/// Blocking: call it from `OwnThread`. Tests put stand-in tools first on PATH.
struct ToolRunner: Sendable {
    struct Output: Sendable {
        let status: Int32
        let text: String
    }

    var environment: [String: String]
    var timeoutSeconds: Double = 10

    /// The tool's full path, or nil when it is not installed.
    func locate(_ tool: String) -> String? {
        if tool.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil }
        let path = environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// nil when the tool is not installed; stdout and stderr together otherwise. A tool that runs
    /// longer than `timeoutSeconds` is terminated (status 128+SIGTERM).
    func run(_ tool: String, _ arguments: [String]) -> Output? {
        guard let executable = locate(tool) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var childEnvironment = environment
        childEnvironment["LC_ALL"] = "C"   // parsed text: never translated
        process.environment = childEnvironment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return Output(status: 127, text: "\(error)") }
        let timer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: timer)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }
}
