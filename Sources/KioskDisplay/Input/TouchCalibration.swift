/// Turns device coordinates into panel pixels, then into the UI's logical pixels.
///
/// Ranges come from EVIOCGABS; `swapAxes`/`invertX`/`invertY` fix panels mounted or wired the
/// other way round (set in the kiosk's config after a technician taps the corners of the test card).
/// Rotation is the display's, so a touch lands on what is drawn under the finger.
public struct TouchCalibration: Sendable, Equatable {
    public var minX: Int32, maxX: Int32
    public var minY: Int32, maxY: Int32
    public var swapAxes = false
    public var invertX = false
    public var invertY = false

    public init(minX: Int32, maxX: Int32, minY: Int32, maxY: Int32,
                swapAxes: Bool = false, invertX: Bool = false, invertY: Bool = false) {
        self.minX = minX
        self.maxX = maxX
        self.minY = minY
        self.maxY = maxY
        self.swapAxes = swapAxes
        self.invertX = invertX
        self.invertY = invertY
    }

    /// Panel pixel for a raw (x, y) reading on a panel of `width`×`height`, rounded to nearest, clamped.
    public func panelPoint(rawX: Int32, rawY: Int32, width: Int, height: Int) -> (x: Int, y: Int) {
        var (fx, fy) = (Self.unit(rawX, minX, maxX), Self.unit(rawY, minY, maxY))
        if swapAxes { swap(&fx, &fy) }
        if invertX { fx = 1 - fx }
        if invertY { fy = 1 - fy }
        let px = Int((fx * Double(width - 1)).rounded())
        let py = Int((fy * Double(height - 1)).rounded())
        return (min(max(px, 0), width - 1), min(max(py, 0), height - 1))
    }

    private static func unit(_ v: Int32, _ lo: Int32, _ hi: Int32) -> Double {
        hi > lo ? min(max(Double(v - lo) / Double(hi - lo), 0), 1) : 0
    }
}

/// Where the pointer maps to: the panel size, its rotation and the touch calibration.
public struct ScreenGeometry: Sendable, Equatable {
    public var physicalWidth: Int
    public var physicalHeight: Int
    public var rotation: Rotation

    public init(physicalWidth: Int, physicalHeight: Int, rotation: Rotation = .none) {
        self.physicalWidth = physicalWidth
        self.physicalHeight = physicalHeight
        self.rotation = rotation
    }

    public init(_ mode: DisplayMode) {
        self.init(physicalWidth: mode.physicalWidth, physicalHeight: mode.physicalHeight, rotation: mode.rotation)
    }

    var logicalSize: (width: Int, height: Int) {
        rotation.logicalSize(physicalWidth: physicalWidth, physicalHeight: physicalHeight)
    }

    func logical(panelX: Int, panelY: Int) -> (x: Int, y: Int) {
        let (w, h) = logicalSize
        return rotation.logicalPoint(physicalX: panelX, physicalY: panelY, logicalWidth: w, logicalHeight: h)
    }
}
