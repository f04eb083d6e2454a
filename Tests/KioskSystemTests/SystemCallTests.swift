#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import KioskSystem

@Suite struct SystemCallTests {
    @Test func errnoReadsAsTheLibraryTextAndNumber() {
        #expect(Errno(ENOENT).text == "No such file or directory")
        #expect(Errno(ENOENT).description == "No such file or directory (errno 2)")
    }

    @Test func retryingEINTRCallsAgainOnlyForEINTR() {
        var calls = 0
        let interruptedTwice = retryingEINTR { () -> Int32 in
            calls += 1
            if calls <= 2 { errno = EINTR; return -1 }
            return 7
        }
        #expect(interruptedTwice == 7 && calls == 3)
        calls = 0
        let failed = retryingEINTR { () -> Int32 in
            calls += 1
            errno = EIO
            return -1
        }
        #expect(failed == -1 && calls == 1)
    }

    @Test func aFileDescriptorWritesAllAndReadsBack() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (reader, writer) = (FileDescriptor(ends[0]), FileDescriptor(ends[1]))
        defer { reader.close() }
        try writer.writeAll(Array("note 100\n".utf8))
        writer.close()
        #expect(try reader.read(maxCount: 64) == Array("note 100\n".utf8))
        #expect(try reader.read(maxCount: 64) == [])   // end of file
    }

    @Test func openFailsWithTheErrno() {
        #expect(throws: Errno(ENOENT)) { try FileDescriptor.open("/nonexistent-kiosk/file", O_RDONLY) }
    }

    @Test func theMonotonicClockNeverGoesBack() {
        var last = MonotonicClock.nanoseconds()
        for _ in 0..<1000 {
            let now = MonotonicClock.nanoseconds()
            #expect(now >= last)
            last = now
        }
        #expect(abs(MonotonicClock.seconds() - Double(MonotonicClock.milliseconds()) / 1000) < 1)
    }
}
