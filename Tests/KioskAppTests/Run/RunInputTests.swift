import KioskDisplay
import KioskUI
import Testing
@testable import KioskApp

@Suite struct RunInputTests {
    @Test func fingerUpIsATap() {
        #expect(InputMapping.uiInput(.pointer(PointerEvent(.down, x: 5, y: 6))) == nil)
        #expect(InputMapping.uiInput(.pointer(PointerEvent(.up, x: 5, y: 6))) == .tap(x: 5, y: 6))
        #expect(InputMapping.uiInput(.key(code: 28, pressed: true)) == .enter)
        #expect(InputMapping.uiInput(.key(code: 28, pressed: false)) == nil)
        #expect(InputMapping.uiInput(.key(code: 2, pressed: true)) == .character("1"))
        #expect(InputMapping.uiInput(.key(code: 30, pressed: true)) == .character("a"))
        #expect(InputMapping.uiInput(.key(code: 14, pressed: true)) == .backspace)
    }

    @Test func scriptParses() throws {
        #expect(try ScriptedInput.parse("tap 10 20 # plan\nwait 0.5\n\nchar 7\nenter\nscreen\n") ==
                [.tap(10, 20), .wait(0.5), .char("7"), .enter, .screen])
        #expect(throws: CommandFailure.self) { try ScriptedInput.parse("tap ten 20") }
        #expect(try ScriptedInput.parse("press startRefill\npress choosePlan internet-1h") ==
                [.press("startRefill"), .press("choosePlan internet-1h")])
    }

    /// Script names are what `press` matches: stable across layouts, readable in a script.
    @Test func buttonsHaveScriptNames() {
        #expect(KioskSession.scriptName(.startRefill) == "startRefill")
        #expect(KioskSession.scriptName(.choosePlan("internet-1h")) == "choosePlan internet-1h")
        #expect(KioskSession.scriptName(.chooseRefillPlan("refill-100")) == "chooseRefillPlan refill-100")
        #expect(KioskSession.scriptName(.key("7")) == "key 7")
        #expect(KioskSession.scriptName(.setEntryMode(.username)) == "setEntryMode username")
        #expect(KioskSession.scriptName(.staffOpen(.collection)) == "staffOpen collection")
        #expect(KioskSession.scriptName(.editCollectionField(.bag)) == "editCollectionField bag")
    }
}
