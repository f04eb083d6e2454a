#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import KioskApp
import KioskSystem

/// The sd_notify client against a datagram socket standing in for systemd's.
@Suite struct DoctorSystemdNotifierTests {
    /// A bound AF_UNIX datagram socket; `name` starting with "@" is abstract.
    final class FakeSystemd {
        let fd: Int32
        let name: String

        init(_ name: String) throws {
            self.name = name
            fd = try UnixSocketAddress(name).bind(SOCK_DGRAM).raw
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit {
            close(fd)
            if !name.hasPrefix("@") { unlink(name) }
        }

        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count < 0 ? nil : String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }

    @Test func readyAndWatchdogReachThePathSocket() throws {
        let path = NSTemporaryDirectory() + "notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let systemd = try FakeSystemd(path)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))
        try notifier.ready(status: "selling")
        #expect(systemd.receive() == "READY=1\nSTATUS=selling")
        try notifier.watchdog()
        #expect(systemd.receive() == "WATCHDOG=1")
    }

    @Test func abstractSocketNamesWork() throws {
        let name = "@kiosk-notify-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let systemd = try FakeSystemd(name)
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]))
        try notifier.stopping()
        #expect(systemd.receive() == "STOPPING=1")
    }

    @Test func watchdogIntervalIsHalfOfWatchdogSec() throws {
        let mine = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "30000000",
                                                              "WATCHDOG_PID": "\(getpid())"]))
        #expect(mine.watchdogInterval == .seconds(15))
        let other = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "30000000",
                                                               "WATCHDOG_PID": "1"]))
        #expect(other.watchdogInterval == nil)
        #expect(SystemdNotifier(environment: [:]) == nil)
    }

    @Test func errorsSayWhatIsWrong() throws {
        let relative = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/path"]))
        #expect(throws: SystemdNotifier.NotifyError.self) { try relative.ready() }
        let gone = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify.sock"]))
        do {
            try gone.watchdog()
            Issue.record("sending to a missing socket must fail")
        } catch {
            #expect(error.description.contains("/nonexistent/notify.sock"))
        }
    }
}
