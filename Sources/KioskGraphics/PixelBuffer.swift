#if canImport(Glibc)
import Glibc
#endif

/// The pixel formats a kiosk screen uses: 32-bit XRGB (DRM dumb buffers, most fbdev) and 16-bit
/// RGB565 (small panels, cirrus fbdev). Both are little-endian in memory, as the kernel expects.
public enum PixelFormat: String, Sendable, Hashable, CaseIterable {
    case xrgb8888
    case rgb565

    public var bytesPerPixel: Int {
        switch self {
        case .xrgb8888: 4
        case .rgb565: 2
        }
    }
}

/// A rectangle of pixels in memory, row after row with `stride` bytes per row (stride may be
/// larger than width × bytes per pixel, as DRM and fbdev pitches are).
///
/// A buffer either owns its memory or wraps memory someone else owns (an mmap'd framebuffer or
/// dumb buffer), so the renderer can draw straight into what the display scans out. It is a class
/// because its identity is the memory; it is `@unchecked Sendable` because the kiosk hands a frame
/// from the thread that draws it to the one that presents it, never to both at once.
public final class PixelBuffer: @unchecked Sendable {
    public let width: Int
    public let height: Int
    public let stride: Int
    public let format: PixelFormat
    public let baseAddress: UnsafeMutableRawPointer
    private let ownsMemory: Bool

    /// A zero-filled (black) buffer with a tight stride.
    ///
    /// The memory comes from an anonymous mmap: the kernel hands out zeroed pages on first touch,
    /// so a full-HD frame costs no up-front memset (a third of the kiosk's cold start otherwise).
    public init(width: Int, height: Int, format: PixelFormat) {
        precondition(width > 0 && height > 0, "a pixel buffer needs a positive size")
        self.width = width
        self.height = height
        self.format = format
        self.stride = width * format.bytesPerPixel
        let bytes = stride * height
        guard let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else {
            preconditionFailure("out of memory for a \(width)x\(height) pixel buffer (\(bytes) bytes)")
        }
        // Frames are big and touched whole every full redraw: 2 MiB pages mean a handful of page
        // faults and TLB entries per frame instead of thousands (a hint; the kernel may decline).
        if bytes >= 2 << 20 { _ = madvise(p, bytes, MADV_HUGEPAGE) }
        self.baseAddress = p
        self.ownsMemory = true
    }

    /// Wraps memory owned elsewhere; the caller keeps it alive and unmaps it after this buffer is gone.
    public init(wrapping baseAddress: UnsafeMutableRawPointer, width: Int, height: Int, stride: Int, format: PixelFormat) {
        precondition(stride >= width * format.bytesPerPixel, "stride smaller than a row")
        self.width = width
        self.height = height
        self.stride = stride
        self.format = format
        self.baseAddress = baseAddress
        self.ownsMemory = false
    }

    deinit {
        if ownsMemory { munmap(baseAddress, byteCount) }
    }

    public var byteCount: Int { stride * height }

    /// The start of row `y`.
    @inline(__always)
    public func row(_ y: Int) -> UnsafeMutableRawPointer { baseAddress + y * stride }
}
