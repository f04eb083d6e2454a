import Foundation

/// The one JSON dialect of API v1: ISO 8601 dates (UTC, whole seconds) and sorted keys, so the
/// same value always encodes to the same bytes (the store hashes event bodies for idempotency).
public enum StoreJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
