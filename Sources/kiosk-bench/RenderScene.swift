import Foundation
import KioskGraphics

/// The scene, written to scene.json for the peer so both sides draw exactly this.
struct BenchScene: Codable {
    struct Button: Codable { var x, y, w, h: Int; var fill: [Int] }
    struct Label: Codable { var x, y: Int; var size: Double; var text: String; var color: [Int] }
    struct TextPass: Codable {
        var size: Double, lines: Int, step: Int, x: Int, y: Int
        var line: String, color: [Int], glyphs: Int
    }

    var width = 1920, height = 1080
    var background = [0x1E, 0x24, 0x2C, 255]
    var borderColor = [0xE6, 0xEA, 0xF0, 255]
    var pressedColor = [0x10, 0x3E, 0x8C, 255]
    var radius = 16.0
    var border = 2
    var buttons: [Button] = []
    var labels: [Label] = []
    var partialButton = 5
    var partialLabels: [Int] = []
    var fontFamily = "DejaVu Sans"
    var fontPath: String
    var iconPath: String
    var iconX = 1620, iconY = 12
    var text: TextPass

    init(fontPath: String, iconPath: String) {
        self.fontPath = fontPath
        self.iconPath = iconPath
        let text = [0xF2, 0xF4, 0xF7, 255], dim = [0xA8, 0xB3, 0xC2, 255]
        let fills = [[0x2D, 0x6C, 0xDF], [0x1F, 0x9D, 0x6B], [0xC2, 0x4E, 0x2A], [0x7A, 0x4D, 0xC9], [0x2A, 0x8A, 0xA8], [0xB0, 0x3A, 0x6E]]
        for row in 0..<3 {
            for col in 0..<4 {
                let i = row * 4 + col
                buttons.append(Button(x: 80 + col * 450, y: 300 + row * 240, w: 400, h: 200, fill: fills[i % fills.count] + [255]))
            }
        }
        let titles = ["Оплата 01", "Билеты 02", "Карта 03", "Справка 04", "Pay 05", "Tickets 06", "Map 07", "Help 08",
                      "Парковка 09", "Wi-Fi 10", "Язык / Lang", "Выход 12"]
        labels.append(Label(x: 80, y: 110, size: 64, text: "Киоск — Главный экран", color: text))
        labels.append(Label(x: 1150, y: 100, size: 48, text: "23:59:58", color: text))
        labels.append(Label(x: 80, y: 170, size: 24, text: "Добро пожаловать! Welcome — выберите услугу / choose a service", color: dim))
        labels.append(Label(x: 1150, y: 160, size: 24, text: "Пятница, 14.06.2024 · Friday", color: dim))
        for (i, b) in buttons.enumerated() {
            labels.append(Label(x: b.x + 28, y: b.y + 84, size: 32, text: titles[i], color: text))
            let code = String(format: "Код %04d · Code A-%02d · %d,%02d ₽", 4821 + 37 * i, 17 + i, 120 + 15 * i, 50)
            labels.append(Label(x: b.x + 28, y: b.y + 150, size: 18, text: code, color: dim))
        }
        for (j, t) in ["Сеть: OK 100%", "Temp 23.5°C", "Очередь: 7", "Queue 0042", "Касса №3", "v1.0.123"].enumerated() {
            labels.append(Label(x: 80 + j * 300, y: 1030, size: 20, text: t, color: dim))
        }
        for (j, t) in ["Ёжик 1", "Щука 22", "Жёлудь 333", "Fjord 4444", "Quartz 55555", "Юла 666666"].enumerated() {
            labels.append(Label(x: 80 + j * 300, y: 1062, size: 18, text: t, color: dim))
        }
        precondition(labels.count == 40)
        partialLabels = [4 + 2 * partialButton, 4 + 2 * partialButton + 1]
        let line = "Съешь же ещё этих мягких французских булок 0123456789 The quick brown fox jumps"
        let glyphs = 40 * line.unicodeScalars.filter { !$0.properties.isWhitespace }.count
        self.text = TextPass(size: 24, lines: 40, step: 27, x: 10, y: 24, line: line, color: text, glyphs: glyphs)
    }

    /// The 256×256 icon: a soft disc with rings and a colour ramp, so alpha takes every value.
    static func makeIcon() -> Image {
        let n = 256
        return Image(width: n, height: n) { x, y in
            let c = Double(n - 1) / 2
            let r = ((Double(x) - c) * (Double(x) - c) + (Double(y) - c) * (Double(y) - c)).squareRoot() / (Double(n) / 2)
            let a = pow(min(max(1 - r, 0), 1), 0.6)
            let ring = sin(r * 18) * 0.5 + 0.5
            func byte(_ v: Double) -> UInt8 { UInt8(min(max(v, 0), 255).rounded()) }
            return Color(r: byte(255 * (0.3 + 0.7 * ring)), g: byte(255 * (0.5 + 0.5 * Double(x) / Double(n))),
                         b: byte(255 * (1 - 0.6 * Double(y) / Double(n))), a: byte(255 * a))
        }
    }
}

/// A scene colour ([r, g, b, a], as scene.json writes it for the peer too).
func sceneColor(_ c: [Int]) -> Color { Color(r: UInt8(c[0]), g: UInt8(c[1]), b: UInt8(c[2]), a: UInt8(c[3])) }
