import TOMLKit

/// `[devices]`: where this kiosk's screen, touch, bill acceptor, printer and store are. Every key
/// is optional; the defaults match what udev/70-kiosk.rules and kiosk/install.sh set up, so a
/// kiosk installed the usual way needs no `[devices]` table at all. `kiosk doctor` checks each one.
public struct DeviceConfig: Sendable, Equatable {
    /// Which screen to draw on. `auto` takes a DRM card with a connected screen, else a
    /// framebuffer, else serves the screen over VNC.
    public enum Display: String, Sendable, CaseIterable {
        case auto, drm, fbdev, vnc
    }

    public var display = Display.auto
    /// The touchscreen's event node; the udev rules link known controllers here.
    public var touch = "/dev/kiosk/touch"
    /// The bill acceptor's serial port; the udev rules link known USB-serial adapters here.
    public var cash = "/dev/kiosk/cash"
    /// The CUPS queue receipts go to.
    public var printer = "receipt"
    /// Base URL of kiosk-store (e.g. "http://127.0.0.1:8443"); nil: the kiosk runs standalone.
    public var storeURL: String? = nil
    /// PEM file of the CA that signed the store's certificate (required for https): the kiosk
    /// trusts only this CA.
    public var storeCA: String? = nil
    /// File holding this kiosk's token from registration (`<kioskID>.<secret>`), readable only by
    /// the kiosk user. Kept out of the config so the config can be shared and versioned. Nil: the
    /// file `store-token` beside the database (`KioskConfig.storeTokenPath`), which the kiosk user
    /// owns, so `sudo -u kiosk kiosk store register` can write it.
    public var storeTokenFile: String? = nil

    public init() {}

    static let keys: Set<String> = ["display", "touch", "cash", "printer", "store_url", "store_ca", "store_token_file"]

    /// Reads the `[devices]` table with errors located like the rest of the config.
    init(_ table: TOMLTable, file: String, lines: ConfigLines) throws(ConfigError) {
        func fail(_ key: String, _ message: String) -> ConfigError {
            ConfigError(file: file, line: lines.line(of: key, inTable: "devices"), key: "devices.\(key)", message: message)
        }
        func text(_ key: String) throws(ConfigError) -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string, !text.isEmpty else { throw fail(key, "must be a non-empty string in quotes") }
            return text
        }
        for key in table.keys where !Self.keys.contains(key) {
            throw fail(key, "unknown key (known here: \(Self.keys.sorted().joined(separator: ", ")))")
        }
        if let name = try text("display") {
            guard let display = Display(rawValue: name) else {
                throw fail("display", "must be one of \(Display.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \"\(name)\"")
            }
            self.display = display
        }
        for (key, path) in [("touch", try text("touch")), ("cash", try text("cash")), ("store_ca", try text("store_ca")),
                            ("store_token_file", try text("store_token_file"))] {
            guard let path else { continue }
            guard path.hasPrefix("/") else { throw fail(key, "must be an absolute path like /dev/ttyUSB0 or /etc/kiosk/…, got \"\(path)\"") }
            switch key {
            case "touch": touch = path
            case "cash": cash = path
            case "store_ca": storeCA = path
            default: storeTokenFile = path
            }
        }
        if let printer = try text("printer") { self.printer = printer }
        if let url = try text("store_url") {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.dropFirst(8).contains(where: { $0 != "/" }) else {
                throw fail("store_url", "must be an http:// or https:// URL like \"http://127.0.0.1:8443\", got \"\(url)\"")
            }
            storeURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
    }
}
