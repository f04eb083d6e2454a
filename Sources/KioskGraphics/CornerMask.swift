/// Anti-aliased coverage of one rounded corner, computed once per (radius, border) and reused:
/// drawing a rounded rectangle then costs a table lookup per corner pixel and plain span fills
/// everywhere else, which is what keeps a frame of buttons cheap.
struct CornerMaskKey: Hashable {
    var radius64: Int  // radius in 1/64 px
    var border: Int
}

struct CornerMask {
    /// Side of the square corner box in pixels.
    let size: Int
    /// Coverage of the filled shape, row-major `size × size`, top-left corner orientation.
    let fill: [UInt8]
    /// Coverage of the border ring (`border` px inside the edge) in the same box.
    let ring: [UInt8]

    /// 16 × 16 samples per pixel: exact enough that no step in the ramp is visible.
    private static let samples = 16

    init(radius: Double, border: Int) {
        let n = max(Int(radius.rounded(.up)), border)
        size = n
        let ri = max(radius - Double(border), 0)
        let bw = Double(border)
        var fill = [UInt8](repeating: 0, count: n * n)
        var ring = [UInt8](repeating: 0, count: n * n)
        let s = CornerMask.samples
        for j in 0..<n {
            for i in 0..<n {
                var outer = 0, inner = 0
                for sy in 0..<s {
                    let py = Double(j) + (Double(sy) + 0.5) / Double(s)
                    for sx in 0..<s {
                        let px = Double(i) + (Double(sx) + 0.5) / Double(s)
                        if CornerMask.inside(px, py, origin: 0, radius: radius) {
                            outer += 1
                            if px >= bw, py >= bw, CornerMask.inside(px, py, origin: bw, radius: ri) { inner += 1 }
                        }
                    }
                }
                let total = s * s
                fill[j * n + i] = UInt8((outer * 255 + total / 2) / total)
                ring[j * n + i] = UInt8(((outer - inner) * 255 + total / 2) / total)
            }
        }
        self.fill = fill
        self.ring = ring
    }

    /// Is (px, py) inside a top-left rounded corner whose straight edges lie at `origin`?
    private static func inside(_ px: Double, _ py: Double, origin: Double, radius: Double) -> Bool {
        let c = origin + radius
        guard px < c, py < c else { return true }
        let dx = c - px, dy = c - py
        return dx * dx + dy * dy <= radius * radius
    }
}
