/// Turns a byte stream into CCNET frames, skipping garbage and frames with a bad CRC.
///
/// A serial line delivers frames split across reads, noise between them, and (after a reconnect
/// or a power cut mid-frame) partial frames. The decoder hunts for SYNC, checks that LNG is
/// plausible, waits until the whole frame is in, and checks the CRC. A bad CRC or length drops
/// only the SYNC byte and the search starts again one byte later, so a real frame hidden behind
/// noise is still found. Pure value type: fuzzed on its own (Tests/fuzz/ccnet).
public struct CCNETFrameDecoder: Sendable {
    public enum Output: Equatable, Sendable {
        case frame(CCNETFrame)
        /// A SYNC with a plausible length whose CRC did not match: worth a NAK.
        case crcError(received: UInt16, computed: UInt16)
        /// Bytes skipped while looking for SYNC (noise, or a SYNC with an impossible length).
        case discarded(count: Int)
    }

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// Bytes received but not yet turned into output.
    public var pendingCount: Int { buffer.count - start }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// The next frame, error or skipped run, or nil when more bytes are needed.
    public mutating func next() -> Output? {
        defer { compact() }
        var skipped = 0
        while start < buffer.count && buffer[start] != CCNETFrame.sync {
            start += 1
            skipped += 1
        }
        if skipped > 0 { return .discarded(count: skipped) }
        guard buffer.count - start >= 3 else { return nil }
        let length = Int(buffer[start + 2])
        guard length >= CCNETFrame.overhead + 1, length <= CCNETFrame.maximumLength else {
            start += 1
            return .discarded(count: 1)
        }
        guard buffer.count - start >= length else { return nil }
        let body = buffer[start..<(start + length - 2)]
        let computed = CCNETCRC.checksum(body)
        let received = UInt16(buffer[start + length - 2]) | UInt16(buffer[start + length - 1]) << 8
        guard computed == received else {
            start += 1
            return .crcError(received: received, computed: computed)
        }
        let frame = CCNETFrame(address: buffer[start + 1], data: Array(buffer[(start + 3)..<(start + length - 2)]))
        start += length
        return .frame(frame)
    }

    /// Gives up on a partial frame that never completed (the sender stopped mid-frame, or noise
    /// looked like SYNC with a long length): drops its SYNC so the search resumes one byte later.
    /// Returns false when nothing was pending.
    @discardableResult
    public mutating func abandonPartialFrame() -> Bool {
        guard start < buffer.count else { return false }
        start += 1
        compact()
        return true
    }

    /// Forgets everything received (after a reconnect).
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 512 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
