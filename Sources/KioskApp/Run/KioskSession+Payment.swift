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
        let checkout = deps.checkout
        let purchase: Purchase
        do {
            purchase = try await checkout.begin(product, currency: deps.config.currency, keptCredit: keptCreditID)
        } catch {
            deps.log("sale of \(name) could not begin: \(error)")
            return
        }
        keepCredit(id: nil)   // spent into this purchase, or found unusable (logged)
        if purchase.state == .paid {   // the kept credit covers it: nothing to pay
            await paymentEnded(.success(.paid(purchase)), product: product, name: name, shown: shown)
            return
        }
        let (updates, continuation) = AsyncStream.makeStream(of: (Purchase, CashAcceptorEvent).self)
        let payment = checkout.payment(for: purchase, denominations: Set(deps.acceptedNotes), onChange: { p, e in continuation.yield((p, e)) })
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
        var checking: Money?   // "checking your note…" from escrow until stacked (or given back)
        switch event {
        case .escrow(let amount, let note):
            if p.notes.first(where: { $0.id == note.id })?.status == .returning { message = .noteReturnedWouldOverpay(amount) } else { checking = amount }
        case .stacking(let note):
            checking = p.notes.first { $0.id == note.id }?.amount
        case .rejected: message = .noteRejected
        default: break
        }
        let stacked = p.notes.filter { $0.status == .stacked }.map(\.amount)
        guard case .payment(let shown) = screen else { return }
        await apply(.paymentUpdated(inserted: p.credit, notes: stacked, message: message ?? (p.credit == shown.inserted ? shown.message : nil),
                                    checking: checking))
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
            let wording = Checkout<SystemRandomNumberGenerator>.ReceiptWording(
                header: [deps.config.kioskID], itemName: name, language: ui.model.language,
                timeZone: deps.config.siteTimeZone, qrPrefix: deps.config.loginURL ?? "")
            do {
                switch try await deps.checkout.complete(purchase, wording: wording) {
                case .ticket(let issued, let receipt, let printed):
                    lastReceipt = receipt
                    deps.log("sold \(name): code \(issued.code.grouped), paid \(issued.paid), receipt \(Self.receiptStatus(printed))")
                    await apply(.ticketIssued(SaleResult(code: issued.code, qrPayload: deps.qrPayload(issued.code), productName: name,
                                                         grant: issued.grant, receipt: Self.receiptStatus(printed),
                                                         surplusNote: issued.changeAmount)))
                case .refill(let after, let receipt, let printed):
                    lastReceipt = receipt
                    guard case .refill(_, let query) = shown, case .refill(let plan, let target) = product else { return }
                    deps.log("refilled \(target) with \(plan.name)")
                    await apply(.refillApplied(RefillResult(query: query, added: plan.grant, balances: after.balances,
                                                            validUntil: after.extendedUntil, receipt: Self.receiptStatus(printed))))
                }
            } catch {
                deps.log("after payment of \(name): \(error); the paid purchase is settled by restart reconciliation")
                setPersistentFault("sale not settled: \(error)")
                await refreshStatus()
            }
        }
    }

    /// What the done screen says about the receipt.
    static func receiptStatus(_ outcome: Checkout<SystemRandomNumberGenerator>.ReceiptOutcome) -> SaleResult.ReceiptStatus {
        switch outcome {
        case .printed: .printed
        case .notPrinted(_, let paperOut): paperOut ? .paperOut : .printerFault
        }
    }
}
