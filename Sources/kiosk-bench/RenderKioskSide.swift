import Foundation
import KioskGraphics

/// KioskGraphics drawing the scene: the font, canvas and icon are loaded in `init` (cold start
/// counts them), then `full`, `partial` and `textPass` are what a kiosk does per frame.
final class KioskSide {
    let scene: BenchScene
    let font: Font
    let buffer: PixelBuffer
    let canvas: Canvas
    let icon: Image

    convenience init(scene: BenchScene, format: PixelFormat) throws {
        self.init(scene: scene, font: try Font(path: scene.fontPath),
                  buffer: PixelBuffer(width: scene.width, height: scene.height, format: format),
                  icon: try PNGCodec.decode(path: scene.iconPath))
    }

    init(scene: BenchScene, font: Font, buffer: PixelBuffer, icon: Image) {
        self.scene = scene
        self.font = font
        self.buffer = buffer
        canvas = Canvas(buffer: buffer)
        self.icon = icon
    }

    func button(_ b: BenchScene.Button, fill: [Int]) {
        let r = Rect(x: b.x, y: b.y, width: b.w, height: b.h)
        canvas.fillRoundedRect(r, radius: scene.radius, sceneColor(fill))
        canvas.strokeRoundedRect(r, radius: scene.radius, width: scene.border, sceneColor(scene.borderColor))
    }

    func label(_ l: BenchScene.Label) {
        canvas.drawText(l.text, font: font, size: l.size, at: Point(x: l.x, y: l.y), color: sceneColor(l.color))
    }

    func full() {
        canvas.clear(sceneColor(scene.background))
        for b in scene.buttons { button(b, fill: b.fill) }
        for l in scene.labels { label(l) }
        canvas.drawImage(icon, at: Point(x: scene.iconX, y: scene.iconY))
    }

    /// Button `partialButton` pressed: only its rectangle is redrawn (clip) and reported as damage.
    func partial() {
        let b = scene.buttons[scene.partialButton]
        canvas.withClip(Rect(x: b.x, y: b.y, width: b.w, height: b.h)) {
            canvas.clear(sceneColor(scene.background))
            button(b, fill: scene.pressedColor)
            for i in scene.partialLabels { label(scene.labels[i]) }
        }
    }

    func textPass() {
        let t = scene.text
        canvas.fillRect(Rect(x: 0, y: 0, width: scene.width, height: t.lines * t.step + 10), sceneColor(scene.background))
        let c = sceneColor(t.color)
        for i in 0..<t.lines {
            canvas.drawText(t.line, font: font, size: t.size, at: Point(x: t.x, y: t.y + i * t.step), color: c)
        }
    }

    /// Appends this round's samples; returns glyphs per text pass and the partial update's damage.
    func measure(into s: inout SideSamples, nFull: Int, nPartial: Int, nText: Int, savePNGs: String?) -> (glyphs: Int, damage: [Rect]) {
        let fmt = buffer.format.rawValue
        full()
        if let dir = savePNGs { try? buffer.writePNG(to: "\(dir)/kiosk_\(fmt)_full.png") }
        for _ in 0..<5 { full() }
        s.full += samples(nFull) { full() }
        full()
        _ = canvas.damage?.take()
        partial()
        let damage = canvas.damage?.take() ?? []
        for _ in 0..<5 { partial() }
        s.partial += samples(nPartial) { partial() }
        if let dir = savePNGs { try? buffer.writePNG(to: "\(dir)/kiosk_\(fmt)_partial.png") }
        textPass()
        s.text += samples(nText) { textPass() }
        if let dir = savePNGs { try? buffer.writePNG(to: "\(dir)/kiosk_\(fmt)_text.png") }
        _ = canvas.damage?.take()
        return (scene.text.glyphs, damage)
    }
}
