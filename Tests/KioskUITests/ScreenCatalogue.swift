import KioskDomain
@testable import KioskUI

/// Every screen the kiosk can show, with sample data: the golden and measuring tests draw each of
/// these in both languages at every panel size. The list is not written by hand: it walks
/// `KioskScreen.Kind.allCases`, and `samples(of:)` switches over kinds with no default, so a new
/// screen breaks the build here until it has samples (and `everyKindHasSamples` checks they are
/// of that kind).
enum ScreenCatalogue {
    static func all(_ language: MoneyFormatter.Language) -> [(name: String, model: KioskScreenModel)] {
        KioskScreen.Kind.allCases.flatMap { samples(of: $0, language) }
    }

    static func samples(of kind: KioskScreen.Kind, _ language: MoneyFormatter.Language) -> [(name: String, model: KioskScreenModel)] {
        func m(_ screen: KioskScreen, _ tweak: (inout KioskScreenModel) -> Void = { _ in }) -> KioskScreenModel {
            var model = Sample.model(screen, language: language)
            tweak(&model)
            return model
        }
        switch kind {
        case .idle:
            return [
                ("idle", m(.idle)),
                ("idle-credit-offline", m(.idle) { $0.keptCredit = Sample.rubles(150); $0.status.store = .fault("no route to store") }),
                // The idle screen gives way to "out of service" on a fault.
                ("out-of-service", m(.idle) {
                    $0.status.cashAcceptor = .fault("acceptor jammed")
                    $0.status.salesClosedReason = "bill acceptor: acceptor jammed"
                    $0.keptCredit = Sample.rubles(50)
                }),
            ]
        case .payment:
            let timePayment = PaymentState(product: .timeForAmount(Sample.rate), productName: Strings(language).buyTime, price: nil,
                                           inserted: Sample.rubles(150), notes: [Sample.rubles(100), Sample.rubles(50)],
                                           acceptedNotes: Sample.notes)
            return [
                ("payment", m(.payment(Sample.payment(inserted: 100, notes: [100])))),
                ("payment-returned", m(.payment(Sample.payment(inserted: 200, notes: [100, 100],
                                                               message: .noteReturnedWouldOverpay(Sample.rubles(500)))))),
                ("payment-time", m(.payment(timePayment))),
                // A note in escrow: "checking your note…" until it is stacked.
                ("payment-checking", m(.payment({ var p = Sample.payment(inserted: 100, notes: [100]); p.checking = Sample.rubles(100); return p }()))),
                // The last seconds before the payment times out: the credit stays, "More time" keeps it going.
                ("payment-countdown", m(.payment(Sample.payment(inserted: 100, notes: [100]))) { $0.countdown = 14 }),
            ]
        case .printing:
            return [("printing", m(.printing(productName: "3 hours")))]
        case .done:
            var paperOut = Sample.sale
            paperOut.receipt = .paperOut
            return [("done", m(.done(Sample.sale))), ("done-paper-out", m(.done(paperOut))),
                    ("done-countdown", m(.done(paperOut)) { $0.countdown = 20 })]
        case .refillEntry:
            let wrongCheck = Sample.code.canonical.last == "Z" ? "Y" : "Z"
            let codeEntry = TextEntry(mode: .code, text: String(Sample.code.canonical.dropLast()) + wrongCheck)
            return [
                ("refill-code-entry", m(.refillEntry(TextEntry(mode: .code, text: Sample.code.canonical)))),
                ("refill-code-typo", m(.refillEntry(codeEntry))),
                ("refill-username-entry", m(.refillEntry(TextEntry(mode: .username, text: "ivan.pe")))),
            ]
        case .refillLookingUp:
            return [("refill-looking-up", m(.refillLookingUp(.code(Sample.code))))]
        case .refillChoosePlan:
            return [("refill-choose", m(.refillChoosePlan(Sample.account)))]
        case .refillDone:
            return [("refill-done", m(.refillDone(RefillResult(query: .username("ivan.petrov"), added: .minutes(120, .internet),
                                                               balances: Balances([.internetMinutes: 165, .gameMinutes: 120])))))]
        case .notice:
            return [
                ("refill-offline", m(.notice(.refillUnavailableOffline))),
                ("cancelled-credit", m(.notice(.cancelled(keptCredit: Sample.rubles(150))))),
            ]
        case .outOfService:
            return [
                ("out-of-service-switched", m(.outOfService) { $0.outOfServiceBySwitch = true }),
                ("starting", m(.outOfService) { $0.status.starting = true }),
            ]
        case .staffPIN:
            return [
                ("staff-pin", m(.staffPIN(PINEntry(digits: "1234", message: nil)))),
                ("staff-pin-locked", m(.staffPIN(PINEntry(message: .locked(minutesLeft: 15))))),
            ]
        case .staffMenu:
            return [("staff-menu", m(.staffMenu))]
        case .staffCollection:
            return [("staff-collection", m(.staffCollection(Sample.collection)))]
        case .staffCollectionField:
            return [("staff-collection-field", m(.staffCollectionField(.bag, TextEntry(mode: .text, text: "B-0012"), Sample.collection)))]
        case .staffVouchers:
            return [("staff-vouchers", m(.staffVouchers(VoucherForm(planID: "3h", count: 20))))]
        case .staffCredits:
            return [("staff-credits", m(.staffCredits))]
        case .staffDeviceStatus:
            return [("staff-device-status", m(.staffDeviceStatus) {
                $0.status = DeviceStatus(printer: .warning("paper low"), cashAcceptor: .ok, store: .fault("offline since 14:02"), disk: .ok)
            })]
        case .staffMessage:
            return [("staff-message", m(.staffMessage(.collectionRecorded(Sample.rubles(5900)))))]
        }
    }
}
