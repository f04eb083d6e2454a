import Testing
@testable import KioskDomain

@Suite struct MoneyTests {
    @Test func arithmeticStaysInMinorUnits() {
        let price = Money.major(100, .rub)
        #expect(price.minorUnits == 10_000)
        #expect((price + Money(minorUnits: 50, currency: .rub)).minorUnits == 10_050)
        #expect((price - .major(150, .rub)).minorUnits == -5_000)
        #expect(Money(minorUnits: 5_000, currency: .rub).times(3) == .major(150, .rub))
    }

    @Test func discountRoundsInTheCustomersFavour() {
        // 15 % of 99.99 is 14.9985: the discount is rounded down, the price never rounds up.
        #expect(Money(minorUnits: 9_999, currency: .rub).discounted(byBasisPoints: 1_500).minorUnits == 8_500)
        #expect(Money.major(100, .rub).discounted(byBasisPoints: 0) == .major(100, .rub))
        #expect(Money.major(100, .rub).discounted(byBasisPoints: 10_000).isZero)
    }

    @Test(arguments: [
        (Int64(123_456_789), MoneyFormatter.Language.en, false, "₽1,234,567.89"),
        (Int64(123_456_789), .ru, false, "1\u{00A0}234\u{00A0}567,89\u{00A0}₽"),
        (Int64(10_000), .ru, false, "100\u{00A0}₽"),
        (Int64(10_000), .ru, true, "100,00\u{00A0}₽"),
        (Int64(5), .en, false, "₽0.05"),
        (Int64(-2_550), .en, false, "−₽25.50"),
    ])
    func formatsForPeople(minor: Int64, language: MoneyFormatter.Language, fraction: Bool, expected: String) {
        #expect(MoneyFormatter.format(Money(minorUnits: minor, currency: .rub), language: language, alwaysShowFraction: fraction) == expected)
    }

    @Test func plainFormIsForMachines() {
        #expect(MoneyFormatter.plain(Money(minorUnits: -123_405, currency: .usd)) == "-1234.05")
        #expect(MoneyFormatter.format(.major(5, .usd), language: .en) == "$5")
    }
}

@Suite struct CashBoxTests {
    @Test func countsPerDenominationUntilCollected() {
        var box = CashBox(currency: .rub)
        box.stack(.major(100, .rub)); box.stack(.major(100, .rub)); box.stack(.major(500, .rub))
        #expect(box.counts == [10_000: 2, 50_000: 1])
        #expect(box.total == .major(700, .rub))
        #expect(box.noteCount == 3)
        let collected = box.collect()
        #expect(collected == [10_000: 2, 50_000: 1])
        #expect(box.noteCount == 0 && box.total.isZero)
    }
}
