/// Is there a screen to draw on? A DRM card with a connected connector, else a framebuffer, else
/// the kiosk will serve its screen over VNC, as `[devices] display` allows.
struct DisplayCheck {
    let paths: SystemPaths
    let mode: DeviceConfig.Display

    struct Connector: Equatable {
        let card: String
        let name: String
        let mode: String?
    }

    /// Connected connectors, from /sys/class/drm/cardN-NAME/status (the kernel's view, no DRM
    /// master needed).
    func connectedConnectors() -> [Connector] {
        let folder = paths.sysfs + "/class/drm"
        return paths.entries(folder).compactMap { entry -> Connector? in
            guard let dash = entry.firstIndex(of: "-"), entry.hasPrefix("card"),
                  paths.read("\(folder)/\(entry)/status") == "connected" else { return nil }
            let mode = paths.read("\(folder)/\(entry)/modes")?.split(separator: "\n").first.map(String.init)
            return Connector(card: String(entry[..<dash]), name: String(entry[entry.index(after: dash)...]), mode: mode)
        }
    }

    func framebuffers() -> [String] {
        paths.entries(paths.sysfs + "/class/graphics").filter { $0.hasPrefix("fb") && $0.dropFirst(2).allSatisfy(\.isNumber) }
    }

    func run() -> DoctorFinding {
        let name = "display"
        if mode == .vnc {
            return DoctorFinding(name, .ok, "[devices] display = \"vnc\": the screen is served over VNC, no local display used")
        }
        if mode == .png {
            return DoctorFinding(name, .ok, "[devices] display = \"png\": frames are written to a PNG file, no local display used")
        }
        let permission = "add user kiosk to group video (kiosk.service SupplementaryGroups=video, udev/70-kiosk.rules)"
        if mode != .fbdev, let connector = connectedConnectors().first {
            let node = "\(paths.dev)/dri/\(connector.card)"
            guard paths.canOpen(node, write: true) else {
                return DoctorFinding(name, .fail, "DRM \(node) (\(connector.name) connected) cannot be opened for read/write", fix: permission)
            }
            return DoctorFinding(name, .ok, "DRM \(node): \(connector.name) connected\(connector.mode.map { ", \($0)" } ?? "")")
        }
        if mode == .drm {
            return DoctorFinding(name, .fail, "no DRM card with a connected screen ([devices] display = \"drm\")",
                                 fix: "check the monitor cable and power, or set display = \"auto\" to fall back to fbdev/VNC")
        }
        if let fb = framebuffers().first {
            let node = "\(paths.dev)/\(fb)"
            guard paths.canOpen(node, write: true) else {
                return DoctorFinding(name, .fail, "framebuffer \(node) cannot be opened for read/write", fix: permission)
            }
            let size = paths.read("\(paths.sysfs)/class/graphics/\(fb)/virtual_size").map { ", \($0.replacingOccurrences(of: ",", with: "x"))" } ?? ""
            if mode == .fbdev { return DoctorFinding(name, .ok, "framebuffer \(node)\(size)") }
            return DoctorFinding(name, .warn, "no DRM card with a connected screen; framebuffer \(node)\(size) will be used",
                                 fix: "for DRM check the monitor cable and the kernel's DRM driver; fbdev works but without vsync")
        }
        if mode == .fbdev {
            return DoctorFinding(name, .fail, "no framebuffer (/dev/fb*) ([devices] display = \"fbdev\")",
                                 fix: "load the framebuffer driver or set display = \"auto\"")
        }
        return DoctorFinding(name, .warn, "no DRM card with a connected screen and no framebuffer: the kiosk will serve its screen over VNC",
                             fix: "connect a monitor, or set [devices] display = \"vnc\" if VNC is intended")
    }
}
