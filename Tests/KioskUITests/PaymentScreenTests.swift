import KioskDomain
import KioskGraphics
import Testing
@testable import KioskUI

/// The payment screen for someone standing at the kiosk: what is left to pay reads first, the
/// slot shows where notes go and which fit now, and a note being checked is visibly taken in.
@Suite struct PaymentScreenTests {
    let rub = Sample.rubles

    /// Still to pay is the largest text and sits above the price and what is paid.
    @Test(arguments: Resolution.all)
    func stillToPayLeadsPriceAndPaid(_ resolution: Resolution) {
        var k = KioskHarness(resolution: resolution)
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        k.apply(.paymentUpdated(inserted: rub(100), notes: [rub(100)], message: nil))
        let texts = ViewRenderer(theme: k.ui.theme, font: TestFonts.font).placedTexts(k.ui.layout)
        guard let left = texts.first(where: { $0.text == "₽150" }), let price = texts.first(where: { $0.text == "Price: ₽250" }),
              let paid = texts.first(where: { $0.text == "Paid: ₽100" }) else {
            Issue.record("\(resolution): amounts not found in \(texts.map(\.text))")
            return
        }
        #expect(left.size == texts.map(\.size).max(), "\(resolution): still to pay is the largest text")
        #expect(left.size >= price.size * 1.5 && price.size == paid.size)
        if resolution.theme.isCompact {
            // The 7″ panel has the width, not the height: still to pay on the left, read first.
            #expect(left.box.maxX <= price.box.minX && left.box.maxX <= paid.box.minX)
        } else {
            #expect(left.box.maxY <= price.box.minY && left.box.maxY <= paid.box.minY)
        }
    }

    /// "Notes up to": the largest accepted note not over what is left; any note for time for an amount.
    @Test func notesThatFitNow() {
        #expect(ScreenBuilder.largestNoteThatFits(Sample.payment(inserted: 0)) == rub(200))
        #expect(ScreenBuilder.largestNoteThatFits(Sample.payment(inserted: 100)) == rub(100))
        #expect(ScreenBuilder.largestNoteThatFits(Sample.payment(inserted: 200)) == rub(50))
        #expect(ScreenBuilder.largestNoteThatFits(Sample.payment(inserted: 220)) == nil)
        let time = PaymentState(product: .timeForAmount(Sample.rate), productName: "Time", price: nil, inserted: rub(0),
                                acceptedNotes: Sample.notes)
        #expect(ScreenBuilder.largestNoteThatFits(time) == rub(1000))

        var k = KioskHarness()
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        #expect(k.shows("Notes up to ₽200") && k.shows("Insert notes here"))
        #expect(k.ui.layout.flattened().contains { $0.kind == .illustration(.noteSlot) }, "the slot is drawn")
        k.apply(.paymentUpdated(inserted: rub(200), notes: [rub(200)], message: nil))
        #expect(k.shows("Notes up to ₽50"))
    }

    /// A note in escrow or stacking shows "checking your note…"; stacked, the amounts take over.
    @Test(arguments: MoneyFormatter.Language.allCases)
    func aNoteBeingCheckedIsShown(_ language: MoneyFormatter.Language) {
        let s = Strings(language)
        var k = KioskHarness(model: Sample.model(.idle, language: language))
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        #expect(!k.shows(s.checkingNote(s.money(rub(100)))))
        k.apply(.paymentUpdated(inserted: rub(0), notes: [], message: nil, checking: rub(100)))
        #expect(k.shows(s.checkingNote(s.money(rub(100)))))
        #expect(k.shows(s.money(rub(250))), "nothing counted yet: still 250 to pay")
        k.apply(.paymentUpdated(inserted: rub(100), notes: [rub(100)], message: nil))
        #expect(!k.shows(s.checkingNote(s.money(rub(100)))))
        #expect(k.shows(s.money(rub(150))))
    }

    /// The main buttons carry their icons, drawn in the button's ink just before the label (not on
    /// a 7″ panel, `Theme.drawsIcons`).
    @Test func mainButtonsCarryIcons() {
        var k = KioskHarness()
        func icon(of action: UIAction) -> Icon? {
            k.ui.layout.flattened().lazy.compactMap { node -> Icon?? in
                if case let .button(_, _, _, a, _, icon) = node.kind, a == action { return .some(icon) }
                return nil
            }.first ?? nil
        }
        #expect(icon(of: .choosePlan("3h")) == .ticket && icon(of: .buyTime) == .clock && icon(of: .startRefill) == .cash)
        k.tap(.choosePlan("3h"))
        k.apply(.paymentStarted(Sample.payment()))
        #expect(icon(of: .cancel) == .cross)

        let r = Resolution.all[0]
        let buffer = PixelBuffer(width: r.width, height: r.height, format: .xrgb8888)
        let renderer = ViewRenderer(theme: k.ui.theme, font: TestFonts.font)
        renderer.render(k.ui.layout, on: Canvas(buffer: buffer))
        guard let cancel = k.ui.layout.flattened().first(where: { if case .button(_, _, _, .cancel?, _, _) = $0.kind { true } else { false } }),
              let label = renderer.placedTexts(cancel.kind, frame: cancel.frame).first?.extent else {
            Issue.record("no cancel button")
            return
        }
        let image = Image(copying: buffer)
        let side = k.ui.theme.iconSide
        let ink = (label.minX - side - k.ui.theme.buttonPadding..<label.minX).flatMap { x in
            (label.minY..<label.maxY).map { image.color(x: x, y: $0) }
        }.filter { $0 == k.ui.theme.onDanger }
        #expect(ink.count > side * side / 10, "the cross is drawn left of 'Cancel' in white")
    }
}
