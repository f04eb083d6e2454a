import Foundation
import KioskCash
import KioskCore
import KioskDomain
import KioskUI

extension KioskSession {
    /// Carries out what the UI asked for against the use cases and reports back with events.
    func perform(_ intent: UIIntent) async {
        switch intent {
        case .choosePlan(let id):
            guard let plan = plan(id: id) else { return }
            await startPayment(.ticket(plan), name: plan.name, shown: .ticket(planID: plan.id))
        case .cancelPayment, .inactivityTimeout:
            await cancelRunningPayment()
        case .lookUpRefill(let query):
            await lookUp(query)
        case let .chooseRefillPlan(id, query):
            guard let plan = plan(id: id) else { return }
            let target = Self.target(query)
            do {
                _ = try await deps.refill.check(plan, on: target)
            } catch SaleError.refill(let why) {
                await apply(.refillFailed(.refillRefused(query, why)))
                return
            } catch {
                deps.log("refill check for \(query) failed: \(error)")
                await apply(.refillFailed(.refillNotFound(query)))
                return
            }
            await startPayment(.refill(plan, target), name: plan.name, shown: .refill(planID: plan.id, target: query))
        case .staffPIN(let pin):
            // StaffAccess hashes (slow on purpose), logs every attempt durably and locks after 5 failures.
            let now = deps.clock.now()
            do {
                switch try await deps.staffAccess.enter(pin: pin) {
                case .accepted(let who):
                    deps.log("staff mode opened by \(who)")
                    await refreshStaffData()
                    await apply(.staffPINResult(.accepted))
                case .wrong(let left):
                    deps.log("staff PIN refused, \(left) attempts left")
                    await apply(.staffPINResult(.wrong(attemptsLeft: left)))
                case .locked(let until):
                    deps.log("staff PIN refused: entry locked until \(until)")
                    await apply(.staffPINResult(.locked(minutesLeft: max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))))))
                }
            } catch {
                deps.log("staff PIN check failed: \(error)")
                await apply(.staffPINResult(.wrong(attemptsLeft: 0)))
            }
        case .staffPageOpened:
            await refreshStaffData()
        case .confirmCollection(let form):
            do {
                let record = try await deps.store.collectCash(CashCollectionRequest(collector: form.collector, seal: form.bag,
                                                                                   counted: form.counted, at: deps.clock.now()))
                deps.log("cash collection recorded: \(record)")
                await printCollectionSlip(record, form: form)
                await refreshStaffData()
                await apply(.staffMessage(.collectionRecorded(form.countedTotal)))
            } catch {
                deps.log("cash collection failed: \(error)")
                await apply(.staffMessage(.failed("\(error)")))
            }
        case .reprintLastReceipt:
            guard let receipt = lastReceipt else { await apply(.staffMessage(.noReceiptToReprint)); return }
            do {
                _ = try await deps.printer.print(.receipt(receipt), timeout: deps.printerPolicy.jobTimeout)
                deps.log("staff reprinted receipt \(receipt.reference)")
                await apply(.staffMessage(.receiptReprinted))
            } catch {
                deps.log("reprint of receipt \(receipt.reference) failed: \(error)")
                await apply(.staffMessage(.failed(error.description)))
            }
        case .printVouchers:
            await apply(.staffMessage(.failed("voucher sheets are printed at the counter (kiosk vouchers)")))
        case .setOutOfService(let on):
            deps.log("staff switched the kiosk \(on ? "out of" : "back in") service")
            await refreshStatus()   // SalesReadiness closes sales (and ends a running payment) at once
        case .buyTimeForAmount:
            guard let rate = ui.model.catalog.ratePlan else { return }
            await startPayment(.timeForAmount(rate), name: rate.name, shown: .timeForAmount(rate))
        case .confirmAmount:
            await confirmRunningPayment()
        case .languageChanged, .saleFinished, .staffLeft:
            break
        }
    }

    /// The slip that goes into the cash bag: counts, totals, collector and seal. Its QR names the
    /// collection ("collection:KIOSK:SEQUENCE") so the counter can match the bag to the store's record.
    /// A slip that cannot print is only logged: the collection is recorded either way.
    private func printCollectionSlip(_ record: CashCollectionRecord, form: CollectionForm) async {
        let printer = deps.printer
        let currency = deps.config.currency
        let text = { (money: Money) in MoneyFormatter.format(money, language: self.ui.model.language) }
        let items = record.counted.keys.sorted().map { minor in
            Receipt.Item(name: "\(text(Money(minorUnits: minor, currency: currency))) × \(record.counted[minor] ?? 0)",
                         amount: Money(minorUnits: minor, currency: currency).times(Int64(record.counted[minor] ?? 0)))
        }
        // Staff read the slip in the language the screen was in.
        let ru = ui.model.language == .ru
        let words = ru ? (title: "Инкассация №", collector: "Инкассатор", seal: "Пломба", expected: "Ожидалось", difference: "Разница")
                       : (title: "Cash collection #", collector: "Collector", seal: "Seal", expected: "Expected", difference: "Difference")
        let slip = Receipt(header: [deps.config.kioskID, "\(words.title)\(record.sequence)"], items: items, paid: record.countedTotal,
                           code: nil, qrPayload: "collection:\(deps.config.kioskID):\(record.sequence)",
                           footer: ["\(words.collector): \(form.collector)", "\(words.seal): \(form.bag)",
                                    "\(words.expected): \(text(record.expectedTotal))",
                                    "\(words.difference): \(text(record.difference))"],
                           reference: "collection-\(record.sequence)", issuedAt: deps.clock.now(),
                           language: ui.model.language, timeZone: deps.config.siteTimeZone)
        do {
            _ = try await printer.print(.receipt(slip), timeout: deps.printerPolicy.jobTimeout)
            deps.log("collection slip \(record.sequence) printed")
        } catch {
            deps.log("collection slip \(record.sequence) not printed: \(error)")
        }
    }

    static func target(_ q: RefillQuery) -> RefillTarget {
        switch q {
        case .code(let code): .ticket(code)
        case .username(let name): .account(name)
        }
    }

    private func lookUp(_ query: RefillQuery) async {
        do {
            let target = Self.target(query)
            if let info = try await deps.store.findRefillTarget(target) {
                await apply(.refillFound(RefillAccount(query: query, balances: info.balances, validUntil: info.extendedUntil)))
            } else if let link = deps.storeLink {
                // Sold at another kiosk or made at the counter: the central store knows it, or nobody does.
                if let found = try await link.lookup.find(target) {
                    await apply(.refillFound(RefillAccount(query: query, balances: found.info.balances,
                                                           validUntil: found.info.extendedUntil)))
                } else {
                    await apply(.refillFailed(.refillNotFound(query)))
                }
            } else {
                // Without the central store only tickets and accounts this kiosk knows can be found.
                await apply(.refillFailed(.refillUnavailableOffline))
            }
        } catch {
            deps.log("refill lookup for \(query) failed: \(error)")
            await apply(.refillFailed(.refillUnavailableOffline))
        }
    }

    func refreshStaffData() async {
        do {
            let credits = try await deps.store.openCustomerCredits()
            let box = try await deps.store.cashBoxCounts()
            await apply(.staffData(StaffData(credits: credits.map { .init(id: $0.id, amount: $0.amount, createdAt: $0.createdAt) },
                                             cashBox: box, hasLastReceipt: lastReceipt != nil)))
        } catch {
            deps.log("staff data unavailable: \(error)")
        }
    }
}
