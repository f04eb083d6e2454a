import Foundation

/// Which USB-serial adapter is the bill acceptor's: the one udev rule that makes `/dev/kiosk/cash`.
///
/// `udev/70-kiosk.rules` gives every known adapter (FTDI, Prolific, CH340) the `dialout` group but
/// no link, because a second adapter plugged in — or the bill-validator emulator this project ships
/// on a cheap FTDI cable — would otherwise become `/dev/kiosk/cash` and could hand out credit. The
/// link comes only from this pin, written as its own rules file by `kiosk doctor --pin-cash`.
///
/// The pin is a udev rule and nothing else, not a key in kiosk.toml: udev cannot read the kiosk's
/// config, and a copy in both places could disagree. It names the adapter by its USB serial
/// number; adapters without one (most CH340s), or two attached adapters sharing one (cheap
/// clones do), are pinned by the USB port they are plugged into instead, which the doctor says.
struct CashAdapterPin: Equatable, Sendable {
    enum Key: Equatable, Sendable {
        case serial(String)
        case usbPort(String)
    }

    static let fileName = "71-kiosk-cash.rules"
    static let defaultRulesFolder = "/etc/udev/rules.d"

    let vendor: String
    let product: String
    let key: Key
    /// "ttyUSB" or "ttyACM": the driver family, so the rule matches the port, not the interface.
    let ttyFamily: String

    /// The pin for `adapter`, by serial when that names it alone among `attached`.
    init(adapter: USBSerialAdapter, attached: [USBSerialAdapter]) {
        vendor = adapter.vendor
        product = adapter.product
        ttyFamily = adapter.tty.hasPrefix("ttyACM") ? "ttyACM" : "ttyUSB"
        let sharedSerial = attached.contains { $0.tty != adapter.tty && $0.serial == adapter.serial }
        if let serial = adapter.serial, Self.isPlainValue(serial), !sharedSerial {
            key = .serial(serial)
        } else {
            key = .usbPort(adapter.usbPort)
        }
    }

    init(vendor: String, product: String, key: Key, ttyFamily: String) {
        self.vendor = vendor
        self.product = product
        self.key = key
        self.ttyFamily = ttyFamily
    }

    func matches(_ adapter: USBSerialAdapter) -> Bool {
        guard adapter.vendor == vendor, adapter.product == product, adapter.tty.hasPrefix(ttyFamily) else { return false }
        switch key {
        case let .serial(serial): return adapter.serial == serial
        case let .usbPort(port): return adapter.usbPort == port
        }
    }

    var summary: String {
        switch key {
        case let .serial(serial): return "\(vendor):\(product) serial \(serial)"
        case let .usbPort(port): return "\(vendor):\(product) in USB port \(port)"
        }
    }

    /// One rule: every ATTRS/KERNELS key is matched on the same USB device, as udev requires.
    /// It sets group and mode itself, so the pin works for an adapter 70-kiosk.rules does not list.
    var rule: String {
        let which: String
        switch key {
        case let .serial(serial): which = "ATTRS{serial}==\"\(serial)\""
        case let .usbPort(port): which = "KERNELS==\"\(port)\""
        }
        return "SUBSYSTEM==\"tty\", KERNEL==\"\(ttyFamily)[0-9]*\", \(which), ATTRS{idVendor}==\"\(vendor)\", "
            + "ATTRS{idProduct}==\"\(product)\", GROUP=\"dialout\", MODE=\"0660\", ENV{ID_MM_DEVICE_IGNORE}=\"1\", SYMLINK+=\"kiosk/cash\""
    }

    func fileText(pinnedFrom adapter: USBSerialAdapter, at time: Date) -> String {
        """
        # The bill acceptor's adapter: only it becomes /dev/kiosk/cash (see udev/README.md).
        # Written by `kiosk doctor --pin-cash` at \(ISO8601DateFormatter().string(from: time)) for \(adapter.summary).
        # After replacing the adapter, run `sudo kiosk doctor --pin-cash` again.
        \(rule)

        """
    }

    /// Reads the pin back from its rules file; nil when the text holds no rule this type wrote.
    init?(fileText: String) {
        guard let line = fileText.split(separator: "\n").first(where: { !$0.hasPrefix("#") && $0.contains("SYMLINK+=\"kiosk/cash\"") }) else {
            return nil
        }
        let text = String(line)
        func value(_ key: String) -> String? {
            guard let start = text.range(of: key + "==\"") else { return nil }
            guard let end = text[start.upperBound...].firstIndex(of: "\"") else { return nil }
            return String(text[start.upperBound..<end])
        }
        guard let vendor = value("ATTRS{idVendor}"), let product = value("ATTRS{idProduct}"),
              let kernel = value("KERNEL"), kernel.hasSuffix("[0-9]*") else { return nil }
        let family = String(kernel.dropLast("[0-9]*".count))
        if let serial = value("ATTRS{serial}") {
            self.init(vendor: vendor, product: product, key: .serial(serial), ttyFamily: family)
        } else if let port = value("KERNELS") {
            self.init(vendor: vendor, product: product, key: .usbPort(port), ttyFamily: family)
        } else {
            return nil
        }
    }

    /// udev reads `*?[]|` in a match value as a pattern and `"` or `\` would end or escape it, so
    /// only plain serials are matched literally; anything else is pinned by port.
    static func isPlainValue(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._:-".unicodeScalars.contains($0)
        }
    }
}
