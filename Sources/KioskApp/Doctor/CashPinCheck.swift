import Foundation

/// Is the bill acceptor's adapter pinned, attached, and the only one that gets `/dev/kiosk/cash`?
/// See `CashAdapterPin` for why the link needs a pin.
struct CashPinCheck {
    let paths: SystemPaths
    let rulesFolder: String
    /// `[devices] cash` of the config: the pin matters only when it is the udev link.
    let configuredPath: String

    static let linkPath = "/dev/kiosk/cash"
    static let pinCommand = "plug in only the bill acceptor's adapter and run `sudo kiosk doctor --pin-cash`"

    func run() -> DoctorFinding {
        let name = "cash-pin"
        guard configuredPath == Self.linkPath else {
            return DoctorFinding(name, .ok, "the config names the bill acceptor's node itself ('\(configuredPath)'), no udev pin used")
        }
        let attached = USBSerialAdapter.attached(paths: paths)
        let file = rulesFolder + "/" + CashAdapterPin.fileName
        guard let text = paths.read(file) else {
            let seen = attached.isEmpty ? "no USB-serial adapter is attached"
                                        : "attached: " + attached.map(\.summary).joined(separator: "; ")
            return DoctorFinding(name, .warn, "no adapter is pinned as the bill acceptor (\(file) missing), so udev makes no \(Self.linkPath); \(seen)",
                                 fix: Self.pinCommand)
        }
        guard let pin = CashAdapterPin(fileText: text) else {
            return DoctorFinding(name, .fail, "\(file) holds no pin this kiosk can read", fix: "remove it, then " + Self.pinCommand)
        }
        let pinned = attached.filter(pin.matches)
        let others = attached.filter { !pin.matches($0) }
        let othersNote = others.isEmpty ? "" : "; not linked: " + others.map(\.summary).joined(separator: "; ")
        guard let adapter = pinned.first else {
            return DoctorFinding(name, .warn, "the pinned adapter \(pin.summary) is not attached\(othersNote)",
                                 fix: "plug it in, or if it was replaced, " + Self.pinCommand)
        }
        return DoctorFinding(name, .ok, "bill acceptor pinned to \(adapter.summary)\(othersNote)")
    }
}
