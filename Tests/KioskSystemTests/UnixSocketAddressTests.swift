#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import KioskSystem

@Suite struct UnixSocketAddressTests {
    static let pathCapacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)   // 108 on Linux

    @Test func aPathThatFitsWithItsZeroIsTaken() throws {
        let longest = "/" + String(repeating: "a", count: Self.pathCapacity - 2)
        let address = try UnixSocketAddress(longest)
        let length = address.withSocketAddress { _, length in length }
        #expect(Int(length) == MemoryLayout.offset(of: \sockaddr_un.sun_path)! + Self.pathCapacity)
    }

    @Test func aPathOneByteTooLongIsRefusedNotCut() {
        let tooLong = "/" + String(repeating: "a", count: Self.pathCapacity - 1)
        #expect(throws: Errno(ENAMETOOLONG)) { try UnixSocketAddress(tooLong) }
        #expect(throws: Errno(EINVAL)) { try UnixSocketAddress("") }
    }

    @Test func anAbstractNameHasNoTrailingZeroInItsLength() throws {
        let address = try UnixSocketAddress("@kiosk-test")
        let (first, length) = address.withSocketAddress { pointer, length in
            pointer.withMemoryRebound(to: sockaddr_un.self, capacity: 1) { ($0.pointee.sun_path.0, length) }
        }
        #expect(first == 0)
        #expect(Int(length) == MemoryLayout.offset(of: \sockaddr_un.sun_path)! + "@kiosk-test".utf8.count)
    }

    @Test func aLineConnectionGetsOneAnswerPerLine() throws {
        let path = NSTemporaryDirectory() + "line-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let listener = try UnixSocketAddress(path).bind(SOCK_STREAM)
        defer { listener.close(); unlink(path) }
        #expect(listen(listener.raw, 1) == 0)
        // The server answers each line upper-cased, on a thread of its own.
        let server = Thread {
            let client = FileDescriptor(accept(listener.raw, nil, nil))
            defer { client.close() }
            var pending: [UInt8] = []
            while let bytes = try? client.read(maxCount: 64), !bytes.isEmpty {
                pending += bytes
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    try? client.writeAll(Array((line.uppercased() + "\n").utf8))
                }
            }
        }
        server.start()
        let connection = try LineConnection(path: path)
        #expect(try connection.send("insert 100") == "INSERT 100")
        #expect(try connection.send("status") == "STATUS")
    }

    @Test func connectingToNoSocketSaysWhy() {
        #expect(throws: Errno(ENOENT)) { try LineConnection(path: "/nonexistent-kiosk-socket") }
    }
}
