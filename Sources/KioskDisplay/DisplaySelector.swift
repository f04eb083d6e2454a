/// Picks the display the kiosk draws on: DRM/KMS first (page flips, no tearing), then fbdev (older
/// or simpler panels), then a VNC server on localhost (a machine without a usable screen can still
/// be seen and operated). Every attempt and its error is logged so a technician sees why a
/// fallback happened. Configuration or the command line can force one kind.
public enum DisplaySelector {
    public enum Kind: String, Sendable, CaseIterable {
        case drm, fbdev, vnc, png

        /// The order a config value or command-line option names: "auto" (drm, fbdev, vnc), one
        /// kind, or a comma-separated list such as "fbdev,vnc". Nil for an unknown name.
        public static func order(_ text: String) -> [Kind]? {
            if text == "auto" { return [.drm, .fbdev, .vnc] }
            let kinds = text.split(separator: ",").map { Kind(rawValue: String($0)) }
            return kinds.isEmpty || kinds.contains(nil) ? nil : kinds.compactMap { $0 }
        }
    }

    public struct Options: Sendable {
        public var order: [Kind]
        public var drm: DRMSink.Options
        public var fbdev: FramebufferSink.Options
        public var vnc: VNCSink.Options
        /// For png: where and how big.
        public var pngPath: String
        public var headlessWidth: Int
        public var headlessHeight: Int
        public var rotation: Rotation

        public init(order: [Kind] = [.drm, .fbdev, .vnc], drm: DRMSink.Options = .init(),
                    fbdev: FramebufferSink.Options = .init(), vnc: VNCSink.Options = .init(),
                    pngPath: String = "frame.png", headlessWidth: Int = 1024, headlessHeight: Int = 768,
                    rotation: Rotation = .none) {
            self.order = order
            self.drm = drm
            self.fbdev = fbdev
            self.vnc = vnc
            self.pngPath = pngPath
            self.headlessWidth = headlessWidth
            self.headlessHeight = headlessHeight
            self.rotation = rotation
        }
    }

    /// The first sink in `options.order` that opens.
    public static func open(_ options: Options, log: (String) -> Void) throws(DisplayError) -> any DisplaySink {
        var tried: [String] = []
        for kind in options.order {
            do throws(DisplayError) {
                let sink = try open(kind, options)
                log("display: using \(sink.name), \(sink.mode)")
                return sink
            } catch {
                log("display: \(kind.rawValue) unavailable: \(error)")
                tried.append("\(kind.rawValue): \(error)")
            }
        }
        throw .noSinkAvailable(tried: tried)
    }

    static func open(_ kind: Kind, _ o: Options) throws(DisplayError) -> any DisplaySink {
        switch kind {
        case .drm:
            var d = o.drm
            d.rotation = o.rotation
            return try DRMSink(d)
        case .fbdev:
            var f = o.fbdev
            f.rotation = o.rotation
            return try FramebufferSink(f)
        case .vnc:
            var v = o.vnc
            v.rotation = o.rotation
            if v.width == 0 { v.width = o.headlessWidth }
            if v.height == 0 { v.height = o.headlessHeight }
            return try VNCSink(v)
        case .png:
            return PNGSink(width: o.headlessWidth, height: o.headlessHeight, rotation: o.rotation,
                           policy: .everyFrame(path: o.pngPath))
        }
    }
}
