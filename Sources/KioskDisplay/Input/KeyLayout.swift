/// The characters of a US keyboard's keys as Linux key codes (input-event-codes.h: KEY_1…KEY_0
/// are 2…11, the letter rows start at 16, 30 and 44). Evdev keyboards report these codes; the VNC
/// input turns X keysyms into them, so both reach the UI the same way.
public enum KeyLayout {
    public static let characters: [Int: Character] = {
        var map: [Int: Character] = [:]
        for (i, ch) in "1234567890".enumerated() { map[2 + i] = ch }
        for (i, ch) in "qwertyuiop".enumerated() { map[16 + i] = ch }
        for (i, ch) in "asdfghjkl".enumerated() { map[30 + i] = ch }
        for (i, ch) in "zxcvbnm".enumerated() { map[44 + i] = ch }
        map[12] = "-"
        map[52] = "."
        return map
    }()

    private static let codes: [Character: Int] = Dictionary(uniqueKeysWithValues: characters.map { ($0.value, $0.key) })

    /// The key that types `character` (letters in either case); nil for characters not on it.
    public static func code(for character: Character) -> Int? {
        codes[Character(character.lowercased())]
    }
}
