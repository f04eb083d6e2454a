import Testing
import KioskGraphics
@testable import kiosk_display_probe

@Suite struct TestCardTests {
    @Test func tapOnTheButtonLeadsToScreenTwoAndBack() {
        var card = TestCard(width: 1024, height: 768)
        let b = card.button
        let first = card.tap(x: b.x + b.width / 2, y: b.y + b.height / 2)
        #expect(first.target == "next")
        #expect(card.screen == .second)
        #expect(first.damage.contains(b))
        let back = card.tap(x: b.x, y: b.y)
        #expect(back.target == "back" && card.screen == .first)
    }

    @Test func tapOnEmptySpaceChangesNothing() {
        var card = TestCard(width: 1024, height: 768)
        let r = card.tap(x: 128, y: 749)
        #expect(r.target == "none" && r.damage.isEmpty && card.screen == .first)
        #expect(card.tap(x: card.button.x - 1, y: card.button.y).target == "none")
    }

    @Test func damageCoversEveryPixelThatChanges() {
        var card = TestCard(width: 640, height: 480)
        let one = PixelBuffer(width: 640, height: 480, format: .xrgb8888)
        card.draw(into: one)
        let damage = card.tap(x: card.button.x + 1, y: card.button.y + 1).damage
        let two = PixelBuffer(width: 640, height: 480, format: .xrgb8888)
        card.draw(into: two)
        var changed = 0
        for y in 0..<480 {
            for x in 0..<640 where one.row(y).load(fromByteOffset: x * 4, as: UInt32.self)
                != two.row(y).load(fromByteOffset: x * 4, as: UInt32.self) {
                changed += 1
                #expect(damage.contains { $0.contains(Point(x: x, y: y)) }, "pixel \(x),\(y) changed outside the damage")
            }
        }
        #expect(changed > 0)
    }
}
