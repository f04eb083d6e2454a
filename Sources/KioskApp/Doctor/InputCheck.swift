import Foundation

/// Can the kiosk be touched? The configured touch node, else any evdev device with touch or
/// pointer capabilities (read from sysfs, as the kernel reports them).
struct InputCheck {
    let paths: SystemPaths
    let touchPath: String
    let display: DeviceConfig.Display

    struct Device: Equatable {
        enum Kind: String { case touch = "touchscreen", pointer }
        let node: String   // "event3"
        let name: String
        let kind: Kind?
    }

    // linux/input-event-codes.h
    static let absX = 0x00, absY = 0x01, absMTPositionX = 0x35
    static let relX = 0x00, relY = 0x01
    static let buttonLeft = 0x110, buttonTouch = 0x14a

    /// A sysfs capability bitmap ("1 0 3" → words, most significant first, each an unsigned long).
    static func bits(_ text: String?) -> Set<Int> {
        guard let text else { return [] }
        let words = text.split(separator: " ").reversed().map { UInt64($0, radix: 16) ?? 0 }
        let width = MemoryLayout<UInt>.size * 8
        var result = Set<Int>()
        for (index, word) in words.enumerated() {
            for bit in 0..<width where word & (1 << UInt64(bit)) != 0 { result.insert(index * width + bit) }
        }
        return result
    }

    func device(_ node: String) -> Device {
        let base = "\(paths.sysfs)/class/input/\(node)/device"
        let abs = Self.bits(paths.read(base + "/capabilities/abs"))
        let rel = Self.bits(paths.read(base + "/capabilities/rel"))
        let keys = Self.bits(paths.read(base + "/capabilities/key"))
        let kind: Device.Kind?
        if abs.contains(Self.absMTPositionX) || (abs.isSuperset(of: [Self.absX, Self.absY]) && keys.contains(Self.buttonTouch)) {
            kind = .touch
        } else if keys.contains(Self.buttonLeft) && (rel.isSuperset(of: [Self.relX, Self.relY]) || abs.isSuperset(of: [Self.absX, Self.absY])) {
            kind = .pointer
        } else {
            kind = nil
        }
        return Device(node: node, name: paths.read(base + "/name") ?? node, kind: kind)
    }

    func devices() -> [Device] {
        paths.entries(paths.sysfs + "/class/input").filter { $0.hasPrefix("event") }.map(device)
    }

    func run() -> DoctorFinding {
        let name = "input"
        let permission = "add user kiosk to group input (kiosk.service SupplementaryGroups=input, udev/70-kiosk.rules)"
        if FileManager.default.fileExists(atPath: touchPath) {
            let resolved = (touchPath as NSString).resolvingSymlinksInPath
            let node = (resolved as NSString).lastPathComponent
            let found = device(node)
            guard paths.canOpen(touchPath, write: false) else {
                return DoctorFinding(name, .fail, "touchscreen \(touchPath) (\(found.name)) cannot be opened", fix: permission)
            }
            if found.kind == .touch {
                return DoctorFinding(name, .ok, "touchscreen \(touchPath) -> \(node): \(found.name)")
            }
            return DoctorFinding(name, .fail, "\(touchPath) -> \(node) (\(found.name)) reports no touch capabilities",
                                 fix: "point [devices] touch at the touchscreen's event node (find it in /proc/bus/input/devices or with evtest)")
        }
        let all = devices()
        if let touch = all.first(where: { $0.kind == .touch }) {
            let node = "\(paths.dev)/input/\(touch.node)"
            guard paths.canOpen(node, write: false) else {
                return DoctorFinding(name, .fail, "touchscreen \(node) (\(touch.name)) cannot be opened", fix: permission)
            }
            return DoctorFinding(name, .warn, "\(touchPath) is missing; touchscreen found at \(node): \(touch.name)",
                                 fix: "add its USB ids to udev/70-kiosk.rules for the stable link (udev/README.md) or set [devices] touch = \"\(node)\"")
        }
        if let pointer = all.first(where: { $0.kind == .pointer }) {
            return DoctorFinding(name, .warn, "no touchscreen; pointer \(paths.dev)/input/\(pointer.node) (\(pointer.name)) will be used",
                                 fix: "connect the touchscreen's USB cable; a mouse works for service only")
        }
        if display == .png {
            return DoctorFinding(name, .ok, "no input: [devices] display = \"png\" only writes frames (scripted input only)")
        }
        if display == .vnc {
            return DoctorFinding(name, .ok, "no local touchscreen or pointer; input comes from VNC ([devices] display = \"vnc\")")
        }
        return DoctorFinding(name, .fail, "no touchscreen or pointer among \(all.count) input device(s) and \(touchPath) is missing",
                             fix: "connect the touchscreen's USB cable and check `dmesg` for its driver")
    }
}
