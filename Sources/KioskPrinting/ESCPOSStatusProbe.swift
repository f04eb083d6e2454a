import Foundation
import KioskSystem

/// Asks a network ESC/POS printer for its paper sensor (DLE EOT 4) over its raw TCP port.
///
/// CUPS calls a job "completed" once the bytes have left; only the printer knows whether paper
/// came out. The probe runs after a receipt job completes (the backend has closed its connection
/// by then, so a one-connection printer answers) and turns "roll ended" into a failed print.
public struct ESCPOSStatusProbe: Sendable, Hashable {
    public var host: String
    public var port: UInt16
    public var timeout: Duration

    public init(host: String, port: UInt16 = 9100, timeout: Duration = .seconds(2)) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    /// Parses `host:port` (the port defaults to 9100).
    public init?(address: String) {
        let parts = address.split(separator: ":")
        guard let host = parts.first, parts.count <= 2 else { return nil }
        let port = parts.count == 2 ? UInt16(parts[1]) : 9100
        guard let port else { return nil }
        self.init(host: String(host), port: port)
    }

    /// The paper status, read on a thread of its own (the socket calls block).
    public func paperStatus() async throws(ESCPOSProbeError) -> ESCPOSPaperStatus {
        let probe = self
        let result: Result<ESCPOSPaperStatus, ESCPOSProbeError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(ESCPOSProbeError) in try probe.paperStatusBlocking() })
            }
            thread.name = "escpos probe"
            thread.start()
        }
        return try result.get()
    }

    /// Connect, send DLE EOT 4, half-close, read one byte. Calls getaddrinfo, socket, connect, send, recv.
    public func paperStatusBlocking() throws(ESCPOSProbeError) -> ESCPOSPaperStatus {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .unreachable("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard fd >= 0 else { throw .unreachable("socket: \(Errno.current.text)") }
        defer { close(fd) }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))   // also bounds connect on Linux
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard retryingEINTR({ connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) }) == 0 else {
            throw .unreachable("connect to \(host):\(port): \(Errno.current.text)")
        }
        let request = ESCPOSCommand.realTimeStatus(4).bytes
        guard retryingEINTR({ send(fd, request, request.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            throw .unreachable("send: \(Errno.current.text)")
        }
        shutdown(fd, Int32(SHUT_WR))
        var byte: UInt8 = 0
        let received = retryingEINTR { recv(fd, &byte, 1, 0) }
        guard received == 1 else { throw .noAnswer(host: host, port: port) }
        let status = ESCPOSPaperStatus(byte: byte)
        guard status.isWellFormed else { throw .malformed(byte) }
        return status
    }
}

public enum ESCPOSProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreachable(String)
    case noAnswer(host: String, port: UInt16)
    case malformed(UInt8)

    public var description: String {
        switch self {
        case .unreachable(let detail): "the printer's status port cannot be reached (\(detail)): check its cable and address"
        case .noAnswer(let host, let port): "the printer at \(host):\(port) did not answer DLE EOT 4: it may not report status; leave the status probe unset"
        case .malformed(let byte): "the printer answered DLE EOT 4 with 0x\(String(byte, radix: 16)), not a status byte"
        }
    }
}
