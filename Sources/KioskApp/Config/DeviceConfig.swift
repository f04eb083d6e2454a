import TOMLKit

/// `[devices]`: where this kiosk's screen, touch, bill acceptor, printer and store are, and how
/// they are set up. Every key is optional; the defaults match what udev/70-kiosk.rules and
/// kiosk/install.sh set up, so a kiosk installed the usual way needs no `[devices]` table at all.
/// `kiosk run` builds the running kiosk from these (`KioskComposition`), `kiosk run`'s flags only
/// override them, and `kiosk doctor` checks the same values.
public struct DeviceConfig: Sendable, Equatable {
    /// Which screen to draw on. `auto` takes a DRM card with a connected screen, else a
    /// framebuffer, else serves the screen over VNC. `png` rewrites a PNG file on every frame
    /// (headless demos and tests).
    public enum Display: String, Sendable, CaseIterable {
        case auto, drm, fbdev, vnc, png
    }

    public struct Size: Sendable, Equatable, CustomStringConvertible {
        public var width: Int
        public var height: Int
        public var description: String { "\(width)x\(height)" }

        /// "1920x1080"; at least 320×240.
        public init?(_ text: String) {
            let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 320, parts[1] >= 240, parts[0] <= 8192, parts[1] <= 8192 else { return nil }
            (width, height) = (parts[0], parts[1])
        }
    }

    /// Fixes for a touch panel mounted or wired differently from its screen.
    public struct TouchCalibration: Sendable, Equatable {
        public var swapAxes = false
        public var invertX = false
        public var invertY = false
        public static let names = ["swap_axes", "invert_x", "invert_y"]

        public init() {}

        /// From names such as ["swap_axes", "invert_y"]; nil if one is unknown.
        public init?(names: [String]) {
            for name in names {
                switch name {
                case "swap_axes": swapAxes = true
                case "invert_x": invertX = true
                case "invert_y": invertY = true
                default: return nil
                }
            }
        }
    }

    public var display = Display.auto
    /// Picture size for vnc and png; drm and fbdev take the panel's own mode.
    public var size = Size("1920x1080")!
    /// Clockwise degrees the picture is turned on the panel: 0, 90, 180 or 270 (a portrait kiosk
    /// on a landscape panel is 90 or 270).
    public var rotation = 0
    /// Pixels per inch of the panel: touch targets are at least 9 mm at this density.
    public var dpi = 96.0
    /// How high the panel's bottom edge hangs above the floor, mm; nil: not said, the screens use
    /// the whole panel. Said, they keep every control inside the 380–1220 mm reach band (ADA §308),
    /// leaving out of reach strips empty.
    public var mountingHeightMillimetres: Double? = nil
    /// VNC port (listens on localhost only).
    public var vncPort = 5900
    /// File the png display rewrites; nil: `screen.png` beside the database.
    public var pngPath: String? = nil
    /// The touchscreen's event node; the udev rules link known controllers here. When it does
    /// not exist, every touch and pointer device in /dev/input is read (as `kiosk doctor` says).
    public var touch = "/dev/kiosk/touch"
    public var touchCalibration = TouchCalibration()
    /// The bill acceptor's serial port; the udev rules link known USB-serial adapters here.
    public var cash = "/dev/kiosk/cash"
    /// Banknotes taken, in major units; nil: every note of the device's bill table. A note the
    /// device knows but this list leaves out is given back.
    public var notes: [Int64]? = nil
    /// The CUPS queue receipts go to.
    public var printer = "receipt"
    /// A folder receipts are written to instead of CUPS (ESC/POS bytes and a PNG preview): a
    /// kiosk without a printer, demos, tests. Nil: print through `printer`.
    public var receiptFolder: String? = nil
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
    /// Seconds between sync rounds with the store; failures back off from there.
    public var syncSeconds = 5.0

    public init() {}

    /// Every key of `[devices]`, in the order the sample config lists them.
    public static let keys = ["display", "size", "rotation", "dpi", "mounting_height_mm", "vnc_port", "png_path", "touch", "touch_calibration",
                              "cash", "notes", "printer", "receipt_folder", "store_url", "store_ca", "store_token_file",
                              "sync_seconds"]

    // MARK: Rules shared by the config file and `kiosk run`'s flags

    static let rotations = [0, 90, 180, 270]
    static let dpiRange = 50.0...600.0
    /// A bottom edge above the reach band's 1220 mm leaves nothing a customer can touch.
    static let mountingHeightRange = 0.0...1220.0
    static let syncSecondsRange = 0.05...3600.0

    static func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    /// "http://host:port" without a trailing slash, or nil if it is no http(s) URL with a host.
    static func storeURL(_ url: String) -> String? {
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.dropFirst(8).contains(where: { $0 != "/" }) else { return nil }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// "50,100,500" (flags) → [50, 100, 500]; nil unless every entry is a positive whole number.
    static func notes(_ text: String) -> [Int64]? {
        let values = text.split(separator: ",").map { Int64($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.compactMap { $0 }
    }

    // MARK: Reading the table

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
        func path(_ key: String) throws(ConfigError) -> String? {
            guard let path = try text(key) else { return nil }
            guard Self.isAbsolute(path) else { throw fail(key, "must be an absolute path like /dev/ttyUSB0 or /var/lib/kiosk/…, got \"\(path)\"") }
            return path
        }
        func number(_ key: String) throws(ConfigError) -> Double? {
            guard let value = table[key] else { return nil }
            if let int = value.int { return Double(int) }
            guard let double = value.double else { throw fail(key, "must be a number") }
            return double
        }
        func int(_ key: String) throws(ConfigError) -> Int? {
            guard let value = table[key] else { return nil }
            guard let int = value.int else { throw fail(key, "must be a whole number") }
            return int
        }
        let known = Set(Self.keys)
        for key in table.keys where !known.contains(key) {
            throw fail(key, "unknown key (known here: \(Self.keys.joined(separator: ", ")))")
        }
        if let name = try text("display") {
            guard let display = Display(rawValue: name) else {
                throw fail("display", "must be one of \(Display.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \"\(name)\"")
            }
            self.display = display
        }
        if let text = try text("size") {
            guard let size = Size(text) else { throw fail("size", "must be WIDTHxHEIGHT like \"1920x1080\" or \"1080x1920\", got \"\(text)\"") }
            self.size = size
        }
        if let rotation = try int("rotation") {
            guard Self.rotations.contains(rotation) else { throw fail("rotation", "must be 0, 90, 180 or 270 (clockwise degrees), got \(rotation)") }
            self.rotation = rotation
        }
        if let dpi = try number("dpi") {
            guard Self.dpiRange.contains(dpi) else { throw fail("dpi", "must be between 50 and 600, got \(dpi)") }
            self.dpi = dpi
        }
        if let height = try number("mounting_height_mm") {
            guard Self.mountingHeightRange.contains(height) else {
                throw fail("mounting_height_mm", "must be the height of the panel's bottom edge above the floor in millimetres, "
                           + "0…1220 (above 1220 mm nothing on it is in reach), got \(height)")
            }
            mountingHeightMillimetres = height
        }
        if let port = try int("vnc_port") {
            guard (1...65535).contains(port) else { throw fail("vnc_port", "must be a TCP port 1…65535, got \(port)") }
            vncPort = port
        }
        if let value = table["touch_calibration"] {
            let names = value.array.map { array in (0..<array.count).compactMap { array[$0].string } }
            guard let names, names.count == value.array?.count, let calibration = TouchCalibration(names: names) else {
                throw fail("touch_calibration", "must be a list of \(TouchCalibration.names.map { "\"\($0)\"" }.joined(separator: ", ")), like [\"swap_axes\", \"invert_y\"]")
            }
            touchCalibration = calibration
        }
        if let value = table["notes"] {
            let values = value.array.map { array in (0..<array.count).compactMap { array[$0].int }.map(Int64.init) }
            guard let values, !values.isEmpty, values.count == value.array?.count, values.allSatisfy({ $0 > 0 }) else {
                throw fail("notes", "must be a list of banknotes in major units, like [100, 500, 1000]")
            }
            notes = values
        }
        if let seconds = try number("sync_seconds") {
            guard Self.syncSecondsRange.contains(seconds) else { throw fail("sync_seconds", "must be between 0.05 and 3600, got \(seconds)") }
            syncSeconds = seconds
        }
        if let touch = try path("touch") { self.touch = touch }
        if let cash = try path("cash") { self.cash = cash }
        if let png = try path("png_path") { pngPath = png }
        if let folder = try path("receipt_folder") { receiptFolder = folder }
        if let ca = try path("store_ca") { storeCA = ca }
        if let token = try path("store_token_file") { storeTokenFile = token }
        if let printer = try text("printer") { self.printer = printer }
        if let url = try text("store_url") {
            guard let url = Self.storeURL(url) else {
                throw fail("store_url", "must be an http:// or https:// URL like \"http://127.0.0.1:8443\", got \"\(url)\"")
            }
            storeURL = url
        }
    }
}
