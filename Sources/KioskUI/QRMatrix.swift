import KioskGraphics

/// The dark/light modules of a QR symbol, without quiet zone. Screens get them from a `QREncoder`
/// (KioskGraphics' libqrencode in the kiosk), so a test or a build without QR can plug in another.
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

/// QR symbols from KioskGraphics (libqrencode, error correction M): the kiosk's encoder.
public struct GraphicsQREncoder: QREncoder {
    public init() {}
    public func matrix(for payload: String) -> QRMatrix? {
        guard let code = try? QRCode(payload, errorCorrection: .medium) else { return nil }
        return QRMatrix(size: code.size, modules: code.modules)
    }
}
