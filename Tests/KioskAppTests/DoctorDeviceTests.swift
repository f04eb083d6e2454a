import Foundation
import Testing
@testable import KioskApp

@Suite struct DoctorDeviceTests {
    // MARK: Display

    @Test func connectedDRMConnectorIsOK() throws {
        let box = try DoctorSandbox()
        try box.write("sys/class/drm/card0/dev", "226:0")
        try box.write("sys/class/drm/card0-HDMI-A-1/status", "connected\n")
        try box.write("sys/class/drm/card0-HDMI-A-1/modes", "1920x1080\n1280x720\n")
        try box.write("sys/class/drm/card0-DP-1/status", "disconnected\n")
        try box.write("dev/dri/card0", "")
        let finding = DisplayCheck(paths: box.paths, mode: .auto).run()
        #expect(finding.status == .ok)
        #expect(finding.message.contains("HDMI-A-1 connected, 1920x1080"))
        #expect(finding.message.contains("/dev/dri/card0"))
    }

    @Test func noConnectedScreenFallsBackToFramebufferThenVNC() throws {
        let box = try DoctorSandbox()
        try box.write("sys/class/drm/card0-HDMI-A-1/status", "disconnected\n")
        let vnc = DisplayCheck(paths: box.paths, mode: .auto).run()
        #expect(vnc.status == .warn && vnc.message.contains("VNC"))
        try box.write("sys/class/graphics/fb0/virtual_size", "1024,768\n")
        try box.write("dev/fb0", "")
        let fb = DisplayCheck(paths: box.paths, mode: .auto).run()
        #expect(fb.status == .warn && fb.message.contains("/dev/fb0, 1024x768 will be used"))
        #expect(DisplayCheck(paths: box.paths, mode: .fbdev).run().status == .ok)
        let drm = DisplayCheck(paths: box.paths, mode: .drm).run()
        #expect(drm.status == .fail && drm.fix?.contains("monitor cable") == true)
    }

    @Test func vncModeNeedsNoScreen() throws {
        let box = try DoctorSandbox()
        #expect(DisplayCheck(paths: box.paths, mode: .vnc).run().status == .ok)
        #expect(DisplayCheck(paths: box.paths, mode: .fbdev).run().status == .fail)
    }

    // MARK: Input

    @Test func capabilityBitmapsReadLikeTheKernelWritesThem() {
        #expect(InputCheck.bits("3") == [0, 1])
        #expect(InputCheck.bits("1 0") == [64])
        // A multitouch screen: ABS_X, ABS_Y, ABS_MT_SLOT (0x2f), ABS_MT_POSITION_X/Y (0x35, 0x36).
        #expect(InputCheck.bits("660800000000003").isSuperset(of: [0, 1, 0x2f, 0x35, 0x36]))
        #expect(InputCheck.bits(nil).isEmpty && InputCheck.bits("zz").isEmpty)
    }

    @Test func configuredTouchLinkToATouchscreenIsOK() throws {
        let box = try DoctorSandbox()
        try box.inputDevice("event3", name: "eGalax Inc. USB TouchController", abs: "660800000000003")
        try FileManager.default.createDirectory(atPath: box.root + "/dev/kiosk", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: box.root + "/dev/kiosk/touch", withDestinationPath: box.root + "/dev/input/event3")
        let finding = InputCheck(paths: box.paths, touchPath: box.root + "/dev/kiosk/touch", display: .auto).run()
        #expect(finding.status == .ok)
        #expect(finding.message.contains("event3: eGalax"))
    }

    @Test func configuredLinkToAKeyboardIsNamedWrong() throws {
        let box = try DoctorSandbox()
        try box.inputDevice("event0", name: "AT keyboard", key: "fffffffffffffffe")
        try FileManager.default.createDirectory(atPath: box.root + "/dev/kiosk", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: box.root + "/dev/kiosk/touch", withDestinationPath: box.root + "/dev/input/event0")
        let finding = InputCheck(paths: box.paths, touchPath: box.root + "/dev/kiosk/touch", display: .auto).run()
        #expect(finding.status == .fail && finding.message.contains("no touch capabilities"))
    }

    @Test func withoutTheLinkItFindsTouchOrPointerOrFails() throws {
        let box = try DoctorSandbox()
        let missing = box.root + "/dev/kiosk/touch"
        #expect(InputCheck(paths: box.paths, touchPath: missing, display: .auto).run().status == .fail)
        #expect(InputCheck(paths: box.paths, touchPath: missing, display: .vnc).run().status == .ok)
        // A mouse: EV_REL X/Y and BTN_LEFT (0x110 = bit 16 of the 5th 64-bit word).
        try box.inputDevice("event1", name: "USB Mouse", rel: "3", key: "1f0000 0 0 0 0")
        let pointer = InputCheck(paths: box.paths, touchPath: missing, display: .auto).run()
        #expect(pointer.status == .warn && pointer.message.contains("USB Mouse"))
        // A single-touch screen: ABS_X/Y with BTN_TOUCH (0x14a = bit 10 of the 6th word).
        try box.inputDevice("event2", name: "ILITEK Touch", abs: "3", key: "400 0 0 0 0 0")
        let touch = InputCheck(paths: box.paths, touchPath: missing, display: .auto).run()
        #expect(touch.status == .warn && touch.message.contains("ILITEK Touch") && touch.fix?.contains("70-kiosk.rules") == true)
    }

    // MARK: Printer

    static let idle = """
        printer receipt is idle.  enabled since Mon Nov 23 11:58:28 2026
        \tForm mounted:
        \tAlerts: none
        \tConnection: direct
        """

    @Test func idleQueueIsOK() throws {
        let box = try DoctorSandbox()
        let tools = try box.tools(["lpstat": ("scheduler is running\n" + Self.idle + "\nreceipt accepting requests since Mon", 0)])
        let finding = PrinterCheck(queue: "receipt", tools: tools).run()
        #expect(finding.status == .ok && finding.message == "printer queue 'receipt' idle, accepting jobs")
    }

    @Test(arguments: [
        ("printer receipt now printing receipt-1.  enabled since Mon\n\tPaper roll is empty\n\tAlerts: media-empty-error", "out of paper", "paper roll"),
        ("printer receipt disabled since Mon -\n\tPaused\n\tAlerts: paused", "is stopped: Paused", "cupsenable receipt"),
        ("printer receipt is idle.  enabled since Mon\n\tAlerts: media-jam-error", "paper jam", "clear the jam"),
        ("printer receipt is idle.  enabled since Mon\n\tAlerts: marker-supply-low-warning", "marker-supply-low-warning", "paper roll ready"),
    ])
    func printerStatesAreNamed(lpstat: String, says: String, fix: String) throws {
        let box = try DoctorSandbox()
        let tools = try box.tools(["lpstat": ("scheduler is running\n" + lpstat, 0)])
        let finding = PrinterCheck(queue: "receipt", tools: tools).run()
        #expect(finding.status != .ok)
        #expect(finding.message.contains(says), "\(finding.line)")
        #expect(finding.fix?.contains(fix) == true, "\(finding.line)")
    }

    @Test func missingQueueSchedulerOrToolAreNamed() throws {
        let box = try DoctorSandbox()
        let noQueue = try box.tools(["lpstat": ("scheduler is running\nlpstat: Invalid destination name in list \"receipt\".", 1)])
        #expect(PrinterCheck(queue: "receipt", tools: noQueue).run().message.contains("does not exist"))
        let down = try box.tools(["lpstat": ("scheduler is not running", 1)])
        #expect(PrinterCheck(queue: "receipt", tools: down).run().message.contains("CUPS is not running"))
        let none = PrinterCheck(queue: "receipt", tools: ToolRunner(environment: ["PATH": box.root + "/nothing"])).run()
        #expect(none.status == .fail && none.fix == "apt-get install cups-client")
    }

    // MARK: Bill acceptor (the handshake itself runs against the emulator in Tests/system/doctor.sh)

    @Test func missingSerialNodeIsUnplugged() throws {
        let box = try DoctorSandbox()
        let finding = CashCheck(path: box.root + "/dev/kiosk/cash").run()
        #expect(finding.status == .fail && finding.message.contains("unplugged"))
    }

    @Test func settledStatesAreJudged() {
        let check = CashCheck(path: "/dev/kiosk/cash")
        #expect(check.judge(.disabled, who: "X").status == .ok)
        #expect(check.judge(.dropCassetteFull, who: "X").message.contains("cassette is full"))
        #expect(check.judge(.dropCassetteOutOfPosition, who: "X").fix?.contains("insert the cassette") == true)
        #expect(check.judge(.validatorJammed, who: "X").status == .fail)
        #expect(check.judge(.initialize, who: "X").message.contains("did not finish initialising"))
    }
}
