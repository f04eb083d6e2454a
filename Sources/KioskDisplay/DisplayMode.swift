import KioskGraphics

/// What a sink shows: the size the UI must draw at (logical, after rotation) and the panel behind it.
public struct DisplayMode: Sendable, Hashable, CustomStringConvertible {
    /// Logical size: the size of the `PixelBuffer` handed to `present`.
    public var width: Int
    public var height: Int
    /// Panel size in scanout pixels (equal to the logical size when not rotated).
    public var physicalWidth: Int
    public var physicalHeight: Int
    public var rotation: Rotation
    /// The format the panel scans out; the UI may draw in either format, the sink converts.
    public var scanoutFormat: PixelFormat
    /// Refresh rate in Hz when known (DRM), else 0.
    public var refreshHz: Int

    public init(physicalWidth: Int, physicalHeight: Int, rotation: Rotation = .none,
                scanoutFormat: PixelFormat = .xrgb8888, refreshHz: Int = 0) {
        self.physicalWidth = physicalWidth
        self.physicalHeight = physicalHeight
        self.rotation = rotation
        self.scanoutFormat = scanoutFormat
        self.refreshHz = refreshHz
        (self.width, self.height) = rotation.logicalSize(physicalWidth: physicalWidth, physicalHeight: physicalHeight)
    }

    public var description: String {
        "\(physicalWidth)x\(physicalHeight) \(scanoutFormat.rawValue)"
            + (refreshHz > 0 ? " @\(refreshHz)Hz" : "") + (rotation == .none ? "" : " rotated \(rotation)")
    }
}
