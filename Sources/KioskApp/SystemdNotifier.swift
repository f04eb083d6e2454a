#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KioskSystem

/// A tiny sd_notify(3) client: datagrams to the unix socket systemd names in $NOTIFY_SOCKET.
///
/// kiosk.service is `Type=notify` with `WatchdogSec=`: the kiosk sends `READY=1` once it can
/// sell, then `WATCHDOG=1` from its main loop at least every `watchdogInterval`; if the loop hangs
/// the pings stop and systemd restarts the kiosk. Ping from the loop itself, never from a timer
/// of its own: a timer keeps pinging while the loop is stuck. Without $NOTIFY_SOCKET (run by
/// hand, in tests) `init` returns nil and the kiosk runs the same without it.
///
/// Protocol: sd_notify(3) and systemd's "NOTIFY_SOCKET" notes: one datagram of newline-separated
/// VAR=VALUE assignments; a path beginning with "@" is in the abstract namespace.
public struct SystemdNotifier: Sendable {
    public enum NotifyError: Error, CustomStringConvertible {
        case badSocketPath(String)
        case sendFailed(path: String, errno: Int32)

        public var description: String {
            switch self {
            case let .badSocketPath(path): return "NOTIFY_SOCKET '\(path)' is not a unix socket path systemd would give"
            case let .sendFailed(path, code): return "cannot notify systemd on '\(path)' (\(Errno(code).text))"
            }
        }
    }

    public let socketPath: String
    /// Half of WatchdogSec (from $WATCHDOG_USEC, when $WATCHDOG_PID is this process or unset):
    /// how often to send `WATCHDOG=1`, as sd_watchdog_enabled(3) recommends. nil: no watchdog.
    public let watchdogInterval: Duration?

    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        socketPath = path
        if let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// The service is up: systemd marks it started and starts the watchdog clock.
    public func ready(status: String? = nil) throws(NotifyError) {
        try notify(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// The main loop is alive.
    public func watchdog() throws(NotifyError) {
        try notify(["WATCHDOG=1"])
    }

    /// A line `systemctl status kiosk` shows ("selling", "bill acceptor disconnected").
    public func status(_ text: String) throws(NotifyError) {
        try notify(["STATUS=\(text)"])
    }

    public func stopping() throws(NotifyError) {
        try notify(["STOPPING=1"])
    }

    /// Sends one datagram (`socket(2)` AF_UNIX/SOCK_DGRAM, `sendto(2)` with MSG_DONTWAIT, so a
    /// stuck systemd never blocks the caller).
    public func notify(_ assignments: [String]) throws(NotifyError) {
        guard socketPath.hasPrefix("@") || socketPath.hasPrefix("/"),
              let address = try? UnixSocketAddress(socketPath) else { throw .badSocketPath(socketPath) }
        let fd: FileDescriptor
        do { fd = try UnixSocketAddress.socket(SOCK_DGRAM) } catch { throw .sendFailed(path: socketPath, errno: error.code) }
        defer { fd.close() }
        let message = Array(assignments.joined(separator: "\n").utf8)
        let sent = address.withSocketAddress { socketAddress, length in
            message.withUnsafeBytes { buffer in
                retryingEINTR { sendto(fd.raw, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
        guard sent == message.count else { throw .sendFailed(path: socketPath, errno: sent < 0 ? errno : EMSGSIZE) }
    }
}
