#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A USB-serial adapter as sysfs shows it: the tty the kernel gave it and the USB device it hangs
/// off. The bill acceptor is wired to one of these; `CashAdapterPin` names which.
struct USBSerialAdapter: Equatable, Sendable {
    /// The kernel's name for the port, "ttyUSB0" or "ttyACM0"; it changes with plug order.
    let tty: String
    /// USB ids as sysfs prints them: 4 lower-case hex digits.
    let vendor: String
    let product: String
    /// The USB serial number; nil when the adapter reports none (most CH340s do not).
    let serial: String?
    /// The USB device's kernel name, e.g. "1-1.2": which port of which hub it is plugged into.
    let usbPort: String

    var summary: String {
        "/dev/\(tty) (\(vendor):\(product), " + (serial.map { "serial \($0)" } ?? "no serial") + ", USB port \(usbPort))"
    }

    /// Every ttyUSB*/ttyACM* whose device sits under a USB device, in name order.
    static func attached(paths: SystemPaths) -> [USBSerialAdapter] {
        let classFolder = paths.sysfs + "/class/tty"
        return paths.entries(classFolder)
            .filter { $0.hasPrefix("ttyUSB") || $0.hasPrefix("ttyACM") }
            .compactMap { adapter(tty: $0, paths: paths) }
    }

    /// Walks up from the tty's own sysfs folder to the first folder with USB ids: the interface
    /// between them has none, the USB device has idVendor, idProduct and (often) serial.
    static func adapter(tty: String, paths: SystemPaths) -> USBSerialAdapter? {
        guard let resolved = realPath(paths.sysfs + "/class/tty/" + tty),
              let root = realPath(paths.sysfs) else { return nil }
        var folder = resolved
        while folder.count > root.count, folder.hasPrefix(root) {
            if let vendor = paths.read(folder + "/idVendor"), let product = paths.read(folder + "/idProduct") {
                let serial = paths.read(folder + "/serial").flatMap { $0.isEmpty ? nil : $0 }
                return USBSerialAdapter(tty: tty, vendor: vendor, product: product, serial: serial,
                                        usbPort: (folder as NSString).lastPathComponent)
            }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return nil
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
