/// What can go wrong loading or saving graphics; each case says what to check.
public enum GraphicsError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case badPNG(source: String, reason: String)
    case pngEncodeFailed(reason: String)
    case badFont(path: String, freetypeError: Int32)
    case fontHasNoGlyphs(path: String)
    case qrEncodeFailed(length: Int, reason: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            "cannot read '\(path)': \(reason) (check the path and that the kiosk user may read it)"
        case let .cannotWrite(path, reason):
            "cannot write '\(path)': \(reason) (check the folder exists and has free space)"
        case let .badPNG(source, reason):
            "'\(source)' is not a PNG libpng can read: \(reason) (re-export it as 8-bit RGBA PNG)"
        case let .pngEncodeFailed(reason):
            "PNG encoding failed: \(reason)"
        case let .badFont(path, code):
            "'\(path)' is not a font FreeType can open (FreeType error \(code)); use a .ttf/.otf file"
        case let .fontHasNoGlyphs(path):
            "'\(path)' has no scalable glyphs; use an outline (.ttf/.otf) font"
        case let .qrEncodeFailed(length, reason):
            "cannot encode \(length) bytes as a QR code: \(reason) (shorten the text or lower the error correction)"
        }
    }
}
