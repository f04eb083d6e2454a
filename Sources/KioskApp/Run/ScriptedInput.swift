import Foundation
import KioskDisplay

/// Input from a file, for demos and system tests on a machine without a touch screen:
///
///     tap 960 540      # a finger down and up at a point
///     press startRefill              # a tap on the centre of the button with that action,
///     press choosePlan internet-1h   # wherever the layout put it (screen size, language)
///     char 7           # a key
///     enter
///     wait 1.5         # seconds
///     screen           # logs the screen now ("script: screen: done(…)", with "[countdown 12 s, More time]"
///                      # while a timeout counts down), for tests to check mid-script
enum ScriptedInput {
    enum Line: Equatable {
        case tap(Int, Int)
        case press(String)
        case char(Character)
        case enter
        case wait(Double)
        case screen
    }

    static func load(path: String) throws -> [Line] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure(description: "cannot read input script '\(path)'")
        }
        return try parse(text)
    }

    static func parse(_ text: String) throws -> [Line] {
        var out: [Line] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(separator: " ")
            guard let verb = words.first else { continue }
            switch (verb, words.count) {
            case ("tap", 3): if let x = Int(words[1]), let y = Int(words[2]) { out.append(.tap(x, y)); continue }
            case ("char", 2) where words[1].count == 1: out.append(.char(words[1].first!)); continue
            case ("enter", 1): out.append(.enter); continue
            case ("press", 2), ("press", 3): out.append(.press(words.dropFirst().joined(separator: " "))); continue
            case ("wait", 2): if let s = Double(words[1]), s >= 0 { out.append(.wait(s)); continue }
            case ("screen", 1): out.append(.screen); continue
            default: break
            }
            throw CommandFailure(description: "input script line \(n + 1): '\(line)' is not tap X Y, press ACTION [ARGUMENT], char C, enter, wait S or screen")
        }
        return out
    }

    static func play(_ lines: [Line], on session: KioskSession, log: @Sendable (String) -> Void) async throws {
        for line in lines {
            switch line {
            case let .tap(x, y):
                log("script: tap \(x),\(y) on \(await session.screenName)")
                await session.input(.pointer(PointerEvent(.down, x: x, y: y)))
                await session.input(.pointer(PointerEvent(.up, x: x, y: y)))
            case .press(let name):
                guard let (x, y) = await session.centreOfButton(named: name) else {
                    throw CommandFailure(description: "input script: no button '\(name)' on \(await session.screenName)")
                }
                log("script: press \(name) at \(x),\(y) on \(await session.screenName)")
                await session.input(.pointer(PointerEvent(.down, x: x, y: y)))
                await session.input(.pointer(PointerEvent(.up, x: x, y: y)))
            case .char(let c):
                if let code = InputMapping.keyCharacters.first(where: { $0.value == Character(c.lowercased()) })?.key {
                    await session.input(.key(code: code, pressed: true))
                }
            case .enter:
                await session.input(.key(code: KeyCode.enter, pressed: true))
            case .wait(let s):
                try await Task.sleep(for: .milliseconds(Int(s * 1000)))
            case .screen:
                let countdown = await session.model.countdown.map { " [countdown \($0) s, More time]" } ?? ""
                log("script: screen: \(await session.screen)\(countdown)")
            }
        }
        log("input script finished; screen: \(await session.screen)")
    }
}
