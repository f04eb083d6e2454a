import ArgumentParser

/// The flags of `kiosk run` (and `kiosk doctor`) that override one `[devices]` or `[kiosk]` key
/// each. The config file describes the kiosk; these only change a key for one start, checked by
/// the same rules as the file (`DeviceConfig`), so a flag cannot mean something a key cannot.
struct DeviceOverrides: ParsableArguments {
    @Option(help: "Overrides [devices] display: auto (drm, fbdev, then vnc), drm, fbdev, vnc or png.")
    var display: String?

    @Option(help: "Overrides [devices] size, for vnc and png: WIDTHxHEIGHT (1920x1080, 1080x1920, 800x480).")
    var size: String?

    @Option(help: "Overrides [devices] rotation: 0, 90, 180 or 270 degrees clockwise.")
    var rotation: Int?

    @Option(help: "Overrides [devices] dpi: pixels per inch of the panel.")
    var dpi: Double?

    @Option(help: "Overrides [devices] vnc_port (listens on localhost only).")
    var vncPort: Int?

    @Option(help: "Overrides [devices] png_path: the file the png display rewrites on every frame.")
    var png: String?

    @Option(help: "Overrides [devices] touch: the touchscreen's event node.")
    var touch: String?

    @Option(help: "Overrides [devices] cash: serial port of the bill acceptor (or ccnet-emulator's --link).")
    var cashPort: String?

    @Option(help: "Overrides [devices] notes: banknotes taken, in major units, comma-separated.")
    var notes: String?

    @Option(help: "Overrides [devices] printer: the CUPS queue of the receipt printer.")
    var printer: String?

    @Option(help: "Overrides [devices] receipt_folder: write receipts into this folder instead of printing.")
    var receiptFolder: String?

    @Option(help: "Overrides [devices] sync_seconds: seconds between sync rounds with the central store.")
    var syncSeconds: Double?

    @Option(help: "Overrides [kiosk] support_phone, shown when the kiosk is out of service.")
    var supportPhone: String?

    @Option(help: "Overrides [kiosk] login_url, the prefix of the QR code on the done screen.")
    var loginURL: String?

    /// Paths given on the command line are taken relative to the working folder, as a shell user expects.
    static func absolute(_ path: String, cwd: String) -> String { path.hasPrefix("/") ? path : cwd + "/" + path }

    /// Applies each given flag to `config`, or says which flag is wrong and why.
    func apply(to config: inout KioskConfig, cwd: String) throws(ValidationError) {
        var d = config.devices
        if let display {
            guard let value = DeviceConfig.Display(rawValue: display) else {
                throw ValidationError("--display must be \(DeviceConfig.Display.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            d.display = value
        }
        if let size {
            guard let value = DeviceConfig.Size(size) else { throw ValidationError("--size must be WIDTHxHEIGHT, e.g. 1920x1080") }
            d.size = value
        }
        if let rotation {
            guard DeviceConfig.rotations.contains(rotation) else { throw ValidationError("--rotation must be 0, 90, 180 or 270") }
            d.rotation = rotation
        }
        if let dpi {
            guard DeviceConfig.dpiRange.contains(dpi) else { throw ValidationError("--dpi must be between 50 and 600") }
            d.dpi = dpi
        }
        if let vncPort {
            guard (1...65535).contains(vncPort) else { throw ValidationError("--vnc-port must be 1…65535") }
            d.vncPort = vncPort
        }
        if let notes {
            guard let values = DeviceConfig.notes(notes) else { throw ValidationError("--notes must be positive whole numbers, e.g. 50,100,500") }
            d.notes = values
        }
        if let syncSeconds {
            guard DeviceConfig.syncSecondsRange.contains(syncSeconds) else { throw ValidationError("--sync-seconds must be between 0.05 and 3600") }
            d.syncSeconds = syncSeconds
        }
        if let png { d.pngPath = Self.absolute(png, cwd: cwd) }
        if let touch { d.touch = Self.absolute(touch, cwd: cwd) }
        if let cashPort { d.cash = Self.absolute(cashPort, cwd: cwd) }
        if let printer {
            d.printer = printer
            d.receiptFolder = nil   // the flag names where receipts go now
        }
        if let receiptFolder { d.receiptFolder = Self.absolute(receiptFolder, cwd: cwd) }
        config.devices = d
        if let supportPhone { config.supportPhone = supportPhone }
        if let loginURL { config.loginURL = loginURL.isEmpty ? nil : loginURL }
    }
}
