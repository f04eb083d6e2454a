import KioskDomain
@testable import KioskUI

/// Every screen the kiosk can show, with sample data: the golden tests draw each of these in
/// both languages at all three resolutions.
enum ScreenCatalogue {
    static func all(_ language: MoneyFormatter.Language) -> [(name: String, model: KioskScreenModel)] {
        func m(_ screen: KioskScreen, _ tweak: (inout KioskScreenModel) -> Void = { _ in }) -> KioskScreenModel {
            var model = Sample.model(screen, language: language)
            tweak(&model)
            return model
        }
        var paperOut = Sample.sale
        paperOut.receipt = .paperOut
        let wrongCheck = Sample.code.canonical.last == "Z" ? "Y" : "Z"
        let codeEntry = TextEntry(mode: .code, text: String(Sample.code.canonical.dropLast()) + wrongCheck)
        let timePayment = PaymentState(product: .timeForAmount(Sample.rate), productName: Strings(language).buyTime, price: nil,
                                       inserted: Sample.rubles(150), notes: [Sample.rubles(100), Sample.rubles(50)],
                                       acceptedNotes: Sample.notes)
        var collection = CollectionForm(currency: .rub, expected: [5000: 12, 10000: 30, 50000: 4, 100000: 2])
        collection.counted[10000] = 29
        collection.collector = "Anna K."
        collection.bag = "B-001245"
        return [
            ("idle", m(.idle)),
            ("idle-credit-offline", m(.idle) { $0.keptCredit = Sample.rubles(150); $0.status.store = .fault("no route to store") }),
            ("payment", m(.payment(Sample.payment(inserted: 100, notes: [100])))),
            ("payment-returned", m(.payment(Sample.payment(inserted: 200, notes: [100, 100], message: .noteReturnedWouldOverpay(Sample.rubles(500)))))),
            ("payment-time", m(.payment(timePayment))),
            ("printing", m(.printing(productName: "3 hours"))),
            ("done", m(.done(Sample.sale))),
            ("done-paper-out", m(.done(paperOut))),
            ("refill-code-entry", m(.refillEntry(TextEntry(mode: .code, text: Sample.code.canonical))) ),
            ("refill-code-typo", m(.refillEntry(codeEntry))),
            ("refill-username-entry", m(.refillEntry(TextEntry(mode: .username, text: "ivan.pe")))),
            ("refill-choose", m(.refillChoosePlan(Sample.account))),
            ("refill-done", m(.refillDone(RefillResult(query: .username("ivan.petrov"), added: .minutes(120, .internet),
                                                       balances: Balances([.internetMinutes: 165, .gameMinutes: 120]))))),
            ("refill-offline", m(.notice(.refillUnavailableOffline))),
            ("cancelled-credit", m(.notice(.cancelled(keptCredit: Sample.rubles(150))))),
            ("out-of-service", m(.idle) {
                $0.status.cashAcceptor = .fault("acceptor jammed")
                $0.status.salesClosedReason = "bill acceptor: acceptor jammed"
                $0.keptCredit = Sample.rubles(50)
            }),
            ("staff-pin", m(.staffPIN(PINEntry(digits: "1234", message: nil)))),
            ("staff-pin-locked", m(.staffPIN(PINEntry(message: .locked(minutesLeft: 15))))),
            ("staff-menu", m(.staffMenu)),
            ("staff-collection", m(.staffCollection(collection))),
            ("staff-collection-field", m(.staffCollectionField(.bag, TextEntry(mode: .text, text: "B-0012"), collection))),
            ("staff-vouchers", m(.staffVouchers(VoucherForm(planID: "3h", count: 20)))),
            ("staff-credits", m(.staffCredits)),
            ("staff-device-status", m(.staffDeviceStatus) {
                $0.status = DeviceStatus(printer: .warning("paper low"), cashAcceptor: .ok, store: .fault("offline since 14:02"), disk: .ok)
            }),
            ("staff-message", m(.staffMessage(.collectionRecorded(Sample.rubles(5900))))),
        ]
    }
}
