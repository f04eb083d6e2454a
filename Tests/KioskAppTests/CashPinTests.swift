import Foundation
import Testing
@testable import KioskApp

/// The bill acceptor's pin: which USB-serial adapter becomes /dev/kiosk/cash, read from a sysfs
/// laid out as the kernel lays it out (class/tty/ttyUSBn a link into the USB device's tree).
@Suite struct CashPinTests {
    func plug(_ box: DoctorSandbox, tty: String, port: String, vendor: String = "0403", product: String = "6001",
              serial: String?) throws {
        let device = "sys/devices/pci0000:00/usb1/\(port)"
        try box.write("\(device)/idVendor", vendor + "\n")
        try box.write("\(device)/idProduct", product + "\n")
        if let serial { try box.write("\(device)/serial", serial + "\n") }
        try FileManager.default.createDirectory(atPath: "\(box.root)/\(device)/\(port):1.0/\(tty)/tty/\(tty)", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(box.root)/sys/class/tty", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(box.root)/sys/class/tty/\(tty)",
                                                   withDestinationPath: "../../devices/pci0000:00/usb1/\(port)/\(port):1.0/\(tty)/tty/\(tty)")
    }

    @Test func adaptersAreFoundThroughTheirUSBDevice() throws {
        let box = try DoctorSandbox()
        try plug(box, tty: "ttyUSB0", port: "1-1.2", serial: "A10K3XYZ")
        try plug(box, tty: "ttyUSB1", port: "1-3", vendor: "1a86", product: "7523", serial: nil)
        try FileManager.default.createDirectory(atPath: box.root + "/sys/devices/platform/serial8250/tty/ttyS0", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: box.root + "/sys/class/tty/ttyS0",
                                                   withDestinationPath: "../../devices/platform/serial8250/tty/ttyS0")
        let adapters = USBSerialAdapter.attached(paths: box.paths)
        #expect(adapters == [
            USBSerialAdapter(tty: "ttyUSB0", vendor: "0403", product: "6001", serial: "A10K3XYZ", usbPort: "1-1.2"),
            USBSerialAdapter(tty: "ttyUSB1", vendor: "1a86", product: "7523", serial: nil, usbPort: "1-3"),
        ])
    }

    @Test func pinnedBySerialUnlessTheSerialCannotNameItAlone() {
        let a = USBSerialAdapter(tty: "ttyUSB0", vendor: "0403", product: "6001", serial: "A1", usbPort: "1-1")
        let twin = USBSerialAdapter(tty: "ttyUSB1", vendor: "0403", product: "6001", serial: "A1", usbPort: "1-2")
        let bare = USBSerialAdapter(tty: "ttyUSB2", vendor: "1a86", product: "7523", serial: nil, usbPort: "1-3")
        let odd = USBSerialAdapter(tty: "ttyUSB3", vendor: "067b", product: "2303", serial: "A*1", usbPort: "1-4")
        #expect(CashAdapterPin(adapter: a, attached: [a]).key == .serial("A1"))
        #expect(CashAdapterPin(adapter: a, attached: [a, twin]).key == .usbPort("1-1"))
        #expect(CashAdapterPin(adapter: bare, attached: [bare]).key == .usbPort("1-3"))
        #expect(CashAdapterPin(adapter: odd, attached: [odd]).key == .usbPort("1-4"))
    }

    @Test func thePinMatchesItsAdapterOnly() {
        let pinned = USBSerialAdapter(tty: "ttyUSB0", vendor: "0403", product: "6001", serial: "A1", usbPort: "1-1")
        let pin = CashAdapterPin(adapter: pinned, attached: [pinned])
        #expect(pin.matches(pinned))
        // The same adapter after a replug gets another tty name and stays pinned.
        #expect(pin.matches(USBSerialAdapter(tty: "ttyUSB3", vendor: "0403", product: "6001", serial: "A1", usbPort: "1-4")))
        #expect(!pin.matches(USBSerialAdapter(tty: "ttyUSB1", vendor: "0403", product: "6001", serial: "B2", usbPort: "1-1")))
        #expect(!pin.matches(USBSerialAdapter(tty: "ttyUSB1", vendor: "067b", product: "2303", serial: "A1", usbPort: "1-1")))
    }

    @Test func theRuleFileReadsBackAsTheSamePin() throws {
        let adapter = USBSerialAdapter(tty: "ttyACM0", vendor: "0403", product: "6001", serial: "A1", usbPort: "2-1")
        for pin in [CashAdapterPin(adapter: adapter, attached: [adapter]),
                    CashAdapterPin(vendor: "1a86", product: "7523", key: .usbPort("1-1.4"), ttyFamily: "ttyUSB")] {
            let text = pin.fileText(pinnedFrom: adapter, at: Date(timeIntervalSince1970: 0))
            #expect(CashAdapterPin(fileText: text) == pin)
            #expect(text.contains("SYMLINK+=\"kiosk/cash\""))
        }
        #expect(CashAdapterPin(adapter: adapter, attached: [adapter]).rule.hasPrefix("SUBSYSTEM==\"tty\", KERNEL==\"ttyACM[0-9]*\", ATTRS{serial}==\"A1\""))
        #expect(CashAdapterPin(fileText: "# nothing here\n") == nil)
    }

    @Test func checkSaysWhatIsPinnedAndWhatIsNotLinked() throws {
        let box = try DoctorSandbox()
        let rules = box.root + "/rules"
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        let check = CashPinCheck(paths: box.paths, rulesFolder: rules, configuredPath: "/dev/kiosk/cash")
        #expect(check.run().status == .warn && check.run().message.contains("no adapter is pinned"))
        #expect(CashPinCheck(paths: box.paths, rulesFolder: rules, configuredPath: "/dev/ttyS4").run().status == .ok)

        try plug(box, tty: "ttyUSB0", port: "1-1", serial: "AAA")
        try plug(box, tty: "ttyUSB1", port: "1-2", serial: "BBB")
        let pinning = CashPinning(paths: box.paths, rulesFolder: rules, tools: ToolRunner(environment: [:]))
        let refused = pinning.pin(port: nil, now: Date())
        #expect(!refused.pinned && refused.messages.joined().contains("2 USB-serial adapters are attached"))
        #expect(!FileManager.default.fileExists(atPath: rules + "/" + CashAdapterPin.fileName))

        #expect(pinning.pin(port: "/dev/ttyUSB1", now: Date()).pinned)
        let finding = check.run()
        #expect(finding.status == .ok)
        #expect(finding.message.contains("pinned to /dev/ttyUSB1") && finding.message.contains("not linked: /dev/ttyUSB0"))

        try FileManager.default.removeItem(atPath: box.root + "/sys/class/tty/ttyUSB1")
        #expect(check.run().status == .warn && check.run().message.contains("serial BBB is not attached"))

        try box.write("rules/" + CashAdapterPin.fileName, "garbage\n")
        #expect(check.run().status == .fail)
    }
}
