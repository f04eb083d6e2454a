import Testing
@testable import KioskDisplay

/// A VNC viewer's keyboard types codes and usernames like a USB keyboard on the kiosk would.
@Suite struct VNCKeyTests {
    @Test func lettersDigitsAndEnterBecomeKernelKeyCodes() async {
        let input = VNCInputSource(geometry: ScreenGeometry(physicalWidth: 800, physicalHeight: 480))
        for keysym in ["K", "7", "a", "-"].map({ UInt32($0.unicodeScalars.first!.value) }) + [0xFF0D, 0x2603] {
            input.key(keysym: keysym, down: true)
        }
        input.stop()
        var codes: [Int] = []
        for await event in input.events { if case .key(let code, true) = event { codes.append(code) } }
        #expect(codes == [37, 8, 30, 12, 28])   // K, 7, a, -, Enter; the snowman has no key
        #expect(KeyLayout.code(for: "Z") == KeyLayout.code(for: "z"))
        #expect(KeyLayout.characters[37] == "k")
    }
}
