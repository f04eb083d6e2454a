import Foundation

/// What a database's WAL file holds beyond what SQLite will use, read byte by byte without SQLite.
///
/// SQLite reads the WAL frame by frame at recovery and stops at the first frame whose salt or
/// checksum does not match (the checksum runs cumulatively through every frame before it); it
/// then uses the frames up to the last commit before that point and silently ignores the rest.
/// A damaged frame therefore costs every transaction committed after it. This reads the same
/// format (https://sqlite.org/fileformat2.html#walformat) to say how much SQLite ignores and how
/// many transactions ended in the ignored part, so `kiosk store restore` can name that loss.
///
/// Frames after the first bad one are counted when they carry the WAL header's salts: those were
/// written in the WAL's current generation (older leftovers carry older salts and are not losses).
/// What the ignored frames wrote cannot be read from here: they are B-tree pages, not rows.
public struct WriteAheadLogInspection: Sendable, Equatable {
    /// Bytes in the file.
    public var fileSize = 0
    /// False when the 32-byte header's own checksum fails: SQLite then ignores the whole file.
    public var headerValid = false
    /// Whole frames in the file.
    public var framesInFile = 0
    /// Frames SQLite uses (up to the last commit before the first bad frame).
    public var framesUsed = 0
    /// 1-based number of the first frame that fails its salt or checksum; nil when none does.
    public var firstBadFrame: Int?
    /// Frames after `framesUsed` that carry the header's salts: written now, ignored by SQLite.
    public var framesIgnored = 0
    /// How many of the ignored frames end a transaction (a commit frame): committed work lost,
    /// except that a power cut during the very last commit can leave that one unacknowledged.
    public var commitsIgnored = 0

    public init() {}

    /// True when SQLite ignores committed transactions that the file still shows.
    public var losesCommits: Bool { commitsIgnored > 0 || (!headerValid && framesInFile > 0) }

    static let headerSize = 32
    static let frameHeaderSize = 24

    /// Inspects `<database>-wal`; nil when there is no WAL file (the last connection closed cleanly)
    /// or an empty one (a read-only check of a database at rest creates it empty).
    public static func inspect(databasePath: String) -> WriteAheadLogInspection? {
        guard let data = FileManager.default.contents(atPath: databasePath + "-wal"), !data.isEmpty else { return nil }
        return inspect(Array(data))
    }

    static func inspect(_ bytes: [UInt8]) -> WriteAheadLogInspection {
        var result = WriteAheadLogInspection()
        result.fileSize = bytes.count
        guard bytes.count >= headerSize else { return result }
        let magic = word(bytes, 0)
        let pageSize = word(bytes, 8) == 1 ? 65536 : Int(word(bytes, 8))   // 65536 is written as 1
        guard magic == 0x377f_0682 || magic == 0x377f_0683, pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
            return result   // not a WAL header SQLite would accept: the whole file is ignored
        }
        let bigEndianSums = magic & 1 == 1
        let frameSize = frameHeaderSize + pageSize
        result.framesInFile = (bytes.count - headerSize) / frameSize
        var sums = checksum(bytes, 0, 24, (0, 0), bigEndian: bigEndianSums)
        result.headerValid = sums == (word(bytes, 24), word(bytes, 28))
        let salts = (word(bytes, 16), word(bytes, 20))
        var lastCommit = 0
        var chainIntact = result.headerValid
        for index in 0..<result.framesInFile {
            let start = headerSize + index * frameSize
            let frameSalts = (word(bytes, start + 8), word(bytes, start + 12))
            let isCommit = word(bytes, start + 4) != 0
            if chainIntact {
                sums = checksum(bytes, start, 8, sums, bigEndian: bigEndianSums)
                sums = checksum(bytes, start + frameHeaderSize, pageSize, sums, bigEndian: bigEndianSums)
                if frameSalts == salts && sums == (word(bytes, start + 16), word(bytes, start + 20)) {
                    if isCommit { lastCommit = index + 1 }
                    continue
                }
                chainIntact = false
                result.firstBadFrame = index + 1
            }
            // Past the first bad frame (or with a bad header): count what carries this WAL's salts.
            let sameGeneration = result.headerValid ? frameSalts == salts
                : frameSalts == (word(bytes, headerSize + 8), word(bytes, headerSize + 12))   // the first frame's, for want of the header's
            if sameGeneration {
                result.framesIgnored += 1
                if isCommit { result.commitsIgnored += 1 }
            }
        }
        if result.headerValid {
            result.framesUsed = lastCommit
            // Frames after the last commit but before the first bad one: an unfinished transaction,
            // never acknowledged; they are not counted as losses.
        } else if result.framesInFile > 0 {
            result.firstBadFrame = 0
        }
        return result
    }

    /// A 32-bit big-endian integer at `offset` (the WAL's header and frame header fields).
    static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    /// SQLite's walChecksumBytes: over 32-bit words of `count` bytes (a multiple of 8) from
    /// `offset`, continuing from `sums`; the words are read big-endian when the magic's low bit
    /// says so, else little-endian.
    static func checksum(_ bytes: [UInt8], _ offset: Int, _ count: Int, _ sums: (UInt32, UInt32), bigEndian: Bool) -> (UInt32, UInt32) {
        var (s1, s2) = sums
        var i = offset
        let end = offset + count
        func read(_ at: Int) -> UInt32 {
            bigEndian ? word(bytes, at)
                : UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        while i < end {
            s1 = s1 &+ read(i) &+ s2
            s2 = s2 &+ read(i + 4) &+ s1
            i += 8
        }
        return (s1, s2)
    }
}
