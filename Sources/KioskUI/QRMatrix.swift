/// The dark/light modules of a QR symbol, without quiet zone. KioskUI only draws it; making one
/// is the job of a `QREncoder` the composition root supplies (libqrencode in the kiosk), so the
/// UI stays free of C libraries and tests can check exactly what was drawn.
public struct QRMatrix: Sendable, Equatable {
    public let size: Int
    public let modules: [Bool]

    public init(size: Int, modules: [Bool]) {
        precondition(size > 0 && modules.count == size * size, "a QR matrix is size × size modules")
        self.size = size
        self.modules = modules
    }

    public subscript(x: Int, y: Int) -> Bool { modules[y * size + x] }
}

/// Turns a payload into a QR symbol; nil when it does not fit.
public protocol QREncoder: Sendable {
    func matrix(for payload: String) -> QRMatrix?
}

/// For builds without a QR library: the done screen then shows the code alone.
public struct NoQREncoder: QREncoder {
    public init() {}
    public func matrix(for payload: String) -> QRMatrix? { nil }
}
