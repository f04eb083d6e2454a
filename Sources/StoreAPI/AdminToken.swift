import Foundation

/// The store's admin token, as both the store and a kiosk registering with it take it: from a
/// file when one is named (never a command-line argument, which `ps` would show), else from
/// `KIOSK_STORE_ADMIN_TOKEN`; nil when neither gives one.
public enum AdminToken {
    public static let environmentVariable = "KIOSK_STORE_ADMIN_TOKEN"

    public static func read(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let file {
            return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return environment[environmentVariable]
    }
}
