import Foundation
import KioskCore
import KioskDomain
import KioskUI

extension KioskSession {
    /// Begins the purchase durably, shows the payment screen and runs `CashPayment` in a task of
    /// its own; device progress comes back in order through one stream.
    func startPayment(_ product: Product, name: String, shown: PaymentState.Product) async {
        if let closed = ui.model.status.salesClosedReason {
            deps.log("sale of \(name) refused: sales are closed (\(closed))")
            return
        }
        let acceptor = deps.acceptor
        var purchase: Purchase
        do {
            purchase = try await deps.sell.begin(product, currency: deps.config.currency)
        } catch {
            deps.log("sale of \(name) could not begin: \(error)")
            return
        }
        if let creditID = keptCreditID, purchase.state == .awaitingPayment {
            // The credit kept on screen pays first; the rest is inserted as usual.
            do {
                let amount = try await deps.store.redeemCustomerCredit(id: creditID, into: purchase.id)
                try purchase.carryCredit(amount)
                deps.log("kept credit \(creditID) of \(amount) goes towards \(name)")
            } catch {
                deps.log("kept credit \(creditID) could not be used: \(error)")
            }
            keepCredit(id: nil)
        }
        if purchase.state == .paid {   // a free plan, or the kept credit covers it: nothing to pay
            await paymentEnded(.success(.paid(purchase)), product: product, name: name, shown: shown)
            return
        }
        let (updates, continuation) = AsyncStream.makeStream(of: (Purchase, CashAcceptorEvent).self)
        let payment = CashPayment(store: deps.store, acceptor: acceptor, purchase: purchase, denominations: Set(deps.acceptedNotes),
                                  onChange: { p, e in continuation.yield((p, e)) })
        setPayment(payment)
        deps.log("payment for \(name) started, purchase \(purchase.id)")
        await apply(.paymentStarted(PaymentState(product: shown, productName: name, price: product.price,
                                                 inserted: purchase.credit, acceptedNotes: deps.acceptedNotes)))
        Task { [weak self] in
            for await (p, e) in updates { await self?.paymentChanged(p, e) }
        }
        Task { [weak self] in
            let outcome: Result<CashPayment.Outcome, any Error>
            do { outcome = .success(try await payment.run()) } catch { outcome = .failure(error) }
            continuation.finish()
            await self?.paymentEnded(outcome, product: product, name: name, shown: shown)
        }
    }

    func paymentChanged(_ p: Purchase, _ event: CashAcceptorEvent) async {
        var message: PaymentState.Message?
        switch event {
        case .escrow(let amount, let note):
            if p.notes.first(where: { $0.id == note.id })?.status == .returning { message = .noteReturnedWouldOverpay(amount) }
        case .rejected: message = .noteRejected
        default: break
        }
        let stacked = p.notes.filter { $0.status == .stacked }.map(\.amount)
        guard case .payment(let shown) = screen else { return }
        await apply(.paymentUpdated(inserted: p.credit, notes: stacked, message: message ?? (p.credit == shown.inserted ? shown.message : nil)))
    }

    func paymentEnded(_ outcome: Result<CashPayment.Outcome, any Error>, product: Product, name: String,
                      shown: PaymentState.Product) async {
        setPayment(nil)
        switch outcome {
        case .failure(let error):
            // The store's records are ahead of the device: restart reconciliation settles them.
            deps.log("payment for \(name) failed: \(error)")
            await apply(.paymentCancelled(keptCredit: nil))
        case .success(.cancelled(let creditID, let purchase)):
            deps.log("payment for \(name) cancelled\(creditID.map { ", customer credit \($0)" } ?? "")")
            keepCredit(id: creditID)
            let kept = purchase.credit.isPositive ? purchase.credit : nil
            // After an inactivity timeout the screen is already back at idle with the credit shown:
            // confirm it there instead of putting up a "cancelled" notice for whoever comes next.
            if case .payment = screen { await apply(.paymentCancelled(keptCredit: kept)) } else { await apply(.creditKept(kept)) }
        case .success(.paid(let purchase)):
            await apply(.paid(productName: name))
            do {
                switch product {
                case .ticket, .timeForAmount:
                    let issued = try await deps.sell.issue(purchase)
                    let receipt = await printReceipt(Receipt(header: [deps.config.kioskID], items: [.init(name: name, amount: purchase.credit)],
                                                             paid: issued.paid, code: issued.code, qrPayload: deps.qrPayload(issued.code),
                                                             reference: purchase.id, issuedAt: deps.clock.now(),
                                                             language: ui.model.language, timeZone: deps.config.siteTimeZone))
                    try await deps.sell.finish(purchaseID: purchase.id, printed: receipt == .printed)
                    deps.log("sold \(name): code \(issued.code.grouped), paid \(issued.paid), receipt \(receipt)")
                    await apply(.ticketIssued(SaleResult(code: issued.code, qrPayload: deps.qrPayload(issued.code), productName: name,
                                                         grant: issued.grant, receipt: receipt,
                                                         surplusNote: issued.changeAmount)))
                case .refill(let plan, let target):
                    let after = try await deps.refill.apply(purchase)
                    let receipt = await printReceipt(Receipt(header: [deps.config.kioskID], items: [.init(name: plan.name, amount: purchase.credit)],
                                                             paid: purchase.credit, code: nil, qrPayload: nil, reference: purchase.id,
                                                             issuedAt: deps.clock.now(), language: ui.model.language,
                                                             timeZone: deps.config.siteTimeZone))
                    try await deps.sell.finish(purchaseID: purchase.id, printed: receipt == .printed)
                    guard case .refill(_, let query) = shown else { return }
                    deps.log("refilled \(target) with \(plan.name)")
                    await apply(.refillApplied(RefillResult(query: query, added: plan.grant, balances: after.balances,
                                                            validUntil: after.extendedUntil, receipt: receipt)))
                }
            } catch {
                deps.log("after payment of \(name): \(error); the paid purchase is settled by restart reconciliation")
                setPersistentFault("sale not settled: \(error)")
                await refreshStatus()
            }
        }
    }
}

extension KioskSession {
    /// Prints a receipt and says what the screen must tell the customer. Whatever happens, the
    /// sale stands: a failed receipt keeps the code on screen and in the store for a reprint.
    func printReceipt(_ receipt: Receipt) async -> SaleResult.ReceiptStatus {
        lastReceipt = receipt
        let printer = deps.printer
        let result: Result<PrintOutcome, PrintError>
        do { result = .success(try await printer.print(.receipt(receipt), timeout: deps.printerPolicy.jobTimeout)) }
        catch { result = .failure(error) }
        switch deps.printerPolicy.afterPrint(result) {
        case .printed:
            return .printed
        case .showCodeAndKeepForReprint(let reason):
            deps.log("receipt \(receipt.reference) not printed: \(reason)")
            let health = await printer.health()
            let paperOut = health.conditions.contains { $0.kind == .mediaEmpty || $0.kind == .mediaNeeded }
            return paperOut ? .paperOut : .printerFault
        }
    }
}
