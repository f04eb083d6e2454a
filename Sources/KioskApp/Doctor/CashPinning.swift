#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `kiosk doctor --pin-cash`: writes the bill acceptor's pin (`CashAdapterPin`) for the one
/// attached adapter, or the one named, and has udev apply it.
struct CashPinning {
    let paths: SystemPaths
    let rulesFolder: String
    let tools: ToolRunner

    struct Outcome {
        var pinned = false
        var messages: [String] = []
    }

    func pin(port: String?, now: Date) -> Outcome {
        var outcome = Outcome()
        let attached = USBSerialAdapter.attached(paths: paths)
        let listing = attached.map { "  " + $0.summary }
        let chosen: USBSerialAdapter
        if let port {
            let tty = (port as NSString).lastPathComponent
            guard let named = attached.first(where: { $0.tty == tty }) else {
                outcome.messages = ["pin-cash: no USB-serial adapter at \(tty); attached:"] + (listing.isEmpty ? ["  none"] : listing)
                return outcome
            }
            chosen = named
        } else {
            guard attached.count == 1, let only = attached.first else {
                outcome.messages = attached.isEmpty
                    ? ["pin-cash: no USB-serial adapter is attached; plug in the bill acceptor's adapter and run this again"]
                    : ["pin-cash: \(attached.count) USB-serial adapters are attached; unplug all but the bill acceptor's, "
                       + "or name it with --cash-port /dev/ttyUSBn:"] + listing
                return outcome
            }
            chosen = only
        }
        let pin = CashAdapterPin(adapter: chosen, attached: attached)
        let file = rulesFolder + "/" + CashAdapterPin.fileName
        do {
            try write(pin.fileText(pinnedFrom: chosen, at: now), to: file)
        } catch {
            outcome.messages = ["pin-cash: cannot write \(file): \(error) (run it as root)"]
            return outcome
        }
        outcome.pinned = true
        outcome.messages.append("pin-cash: wrote \(file): \(pin.summary) is the bill acceptor")
        if case .usbPort = pin.key {
            outcome.messages.append("pin-cash: pinned by USB port because the adapter's serial "
                                    + (chosen.serial == nil ? "is missing" : "does not name it alone")
                                    + "; keep it in that port")
        }
        outcome.messages += applyRules()
        return outcome
    }

    /// Written beside and renamed over, so udev never reads half a rule; 0644 as udev's own files.
    private func write(_ text: String, to file: String) throws {
        let temporary = file + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EACCES)
        }
        guard rename(temporary, file) == 0 else {
            let code = errno
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    /// Only for the system's own rules folder: a folder given for a test is not udev's.
    private func applyRules() -> [String] {
        guard rulesFolder == CashAdapterPin.defaultRulesFolder else { return ["pin-cash: udev not told (rules folder \(rulesFolder) is not udev's)"] }
        guard getuid() == 0, FileManager.default.fileExists(atPath: "/run/udev/control") else {
            return ["pin-cash: apply it with `sudo udevadm control --reload-rules && sudo udevadm trigger --action=change --subsystem-match=tty`"]
        }
        for arguments in [["control", "--reload-rules"], ["trigger", "--action=change", "--subsystem-match=tty"], ["settle", "--timeout=10"]] {
            guard let output = tools.run("udevadm", arguments), output.status == 0 else {
                return ["pin-cash: `udevadm \(arguments.joined(separator: " "))` failed; run it by hand"]
            }
        }
        return ["pin-cash: udev reloaded its rules and re-applied them to the serial ports"]
    }
}
