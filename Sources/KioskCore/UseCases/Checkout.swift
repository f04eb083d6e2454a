import Foundation
import KioskDomain

/// One sale at the kiosk the whole way, and the one place its steps are spelled:
///
/// 1. at start, what the bill acceptor reports about notes it finished while the kiosk was away
///    is matched with recorded intents (`settleAfterRestart`), so nobody buys before every note
///    of the last run has ended as a ticket, a refill, a credit or a dispute;
/// 2. the purchase is begun durably and a credit kept on screen is spent into it (`begin`);
/// 3. cash is taken note by note (`payment`: a `CashPayment` the caller runs and may cancel);
/// 4. once paid, the ticket is issued or the refill applied, the receipt printed and the purchase
///    finished (`complete`); whatever the printer does, the sale stands.
///
/// `kiosk run` (through its session) and `kiosk cash sell` both sell through this. Each step is
/// logged as one line (`step …`, `committed …`, `printing …`, `sold …`) so a person, or the
/// power-cut test that kills the kiosk at each of them, can follow the money.
public struct Checkout<RNG: RandomNumberGenerator & Sendable>: Sendable {
    public let store: any KioskStore & KioskStoreStaffAndRefills
    public let acceptor: SharedCashAcceptor
    public let sell: SellTicket<RNG>
    public let refill: RefillAtKiosk
    public let printer: any Printer
    public let printerPolicy: PrinterFaultPolicy
    public let clock: any WallClock
    public let log: @Sendable (String) -> Void

    public init(store: any KioskStore & KioskStoreStaffAndRefills, acceptor: SharedCashAcceptor, sell: SellTicket<RNG>,
                refill: RefillAtKiosk, printer: any Printer, printerPolicy: PrinterFaultPolicy, clock: any WallClock,
                log: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.acceptor = acceptor
        self.sell = sell
        self.refill = refill
        self.printer = printer
        self.printerPolicy = printerPolicy
        self.clock = clock
        self.log = log
    }

    // MARK: 1. After a restart

    /// Listens to the device for `settle` (what it finished or gave back after a restart; a note
    /// found waiting in escrow belongs to a sale that no longer runs and is given back), then
    /// resolves every purchase the last run left unfinished.
    public func settleAfterRestart(settle: Duration) async throws -> [ReconcileAfterRestart<RNG>.Resolution] {
        let events = acceptor.events
        let acceptor = acceptor
        let collector = Task {
            var seen: [CashAcceptorEvent] = []
            for await event in events {
                seen.append(event)
                if case .escrow(_, let note) = event { try? await acceptor.returnNote(note) }
            }
            return seen
        }
        try? await Task.sleep(for: settle)
        acceptor.detach()
        let reports = await collector.value
        let resolutions = try await ReconcileAfterRestart(store: store, sale: sell, refills: refill)
            .run(deviceReports: reports, acceptor: acceptor)
        for resolution in resolutions { log("reconciled \(resolution)") }
        return resolutions
    }

    // MARK: 2. Begin

    /// Begins `product` durably; a credit kept on screen (`keptCredit`) pays first. A purchase
    /// that comes back `.paid` (the credit covers it) goes straight to `complete`.
    public func begin(_ product: Product, currency: Currency, keptCredit: String?) async throws -> Purchase {
        var purchase = try await sell.begin(product, currency: currency)
        log("begin \(purchase.id) price \(product.price.map(MoneyFormatter.plain) ?? "any amount")")
        if let keptCredit, purchase.state == .awaitingPayment {
            do {
                let amount = try await store.redeemCustomerCredit(id: keptCredit, into: purchase.id)
                try purchase.carryCredit(amount)
                if purchase.state == .paid { try await store.recordPaid(purchaseID: purchase.id) }
                log("kept credit \(keptCredit) of \(amount) goes towards \(Self.name(of: product))")
            } catch {
                log("kept credit \(keptCredit) could not be used: \(error)")
            }
        }
        return purchase
    }

    /// The product as the customer chose it, for the log.
    static func name(of product: Product) -> String {
        switch product {
        case .ticket(let plan), .refill(let plan, _): plan.name
        case .timeForAmount(let rate): rate.name
        }
    }

    // MARK: 3. Pay

    /// The cash payment for a begun purchase. `denominations` are the notes taken (the device's
    /// bill table narrowed by the config); the caller runs it, and may cancel or confirm it.
    public func payment(for purchase: Purchase, denominations: Set<Money>,
                        onChange: @escaping @Sendable (Purchase, CashAcceptorEvent) -> Void = { _, _ in }) -> CashPayment {
        let log = log, id = purchase.id
        return CashPayment(store: store, acceptor: acceptor, purchase: purchase, denominations: denominations,
                           onStep: { log("step \($0.rawValue) \(id)") }, onChange: onChange)
    }

    // MARK: 4. Issue, print, finish

    /// How the receipt reads: set by the screen at the moment of sale (its language).
    public struct ReceiptWording: Sendable {
        public var header: [String]
        public var itemName: String
        public var language: MoneyFormatter.Language
        public var timeZone: TimeZone
        /// Prefix of the QR code; the code's canonical form is appended.
        public var qrPrefix: String

        public init(header: [String], itemName: String, language: MoneyFormatter.Language, timeZone: TimeZone, qrPrefix: String) {
            self.header = header
            self.itemName = itemName
            self.language = language
            self.timeZone = timeZone
            self.qrPrefix = qrPrefix
        }
    }

    /// Whether the receipt came out, and if not why (the sale stands either way).
    public enum ReceiptOutcome: Sendable, Hashable {
        case printed
        case notPrinted(reason: String, paperOut: Bool)
    }

    public enum Completed: Sendable {
        case ticket(IssuedTicket, receipt: Receipt, printed: ReceiptOutcome)
        case refill(RefillTargetInfo, receipt: Receipt, printed: ReceiptOutcome)
    }

    /// Issues the ticket (or applies the refill) of a paid purchase, prints its receipt and
    /// finishes it. A failure here leaves a paid purchase that restart reconciliation settles.
    public func complete(_ purchase: Purchase, wording: ReceiptWording) async throws -> Completed {
        switch purchase.product {
        case .ticket?, .timeForAmount?, nil:   // nil cannot be paid; SellTicket.issue refuses it
            let issued = try await sell.issue(purchase)
            log("committed \(purchase.id) \(issued.code.canonical)")
            let receipt = Receipt(header: wording.header, items: [.init(name: wording.itemName, amount: purchase.credit)],
                                  paid: issued.paid, code: issued.code, qrPayload: wording.qrPrefix + issued.code.canonical,
                                  reference: purchase.id, issuedAt: clock.now(), language: wording.language, timeZone: wording.timeZone)
            let printed = await print(receipt)
            try await sell.finish(purchaseID: purchase.id, printed: printed == .printed)
            log("sold \(purchase.id) \(issued.code.grouped) paid \(issued.paid) printed=\(printed == .printed)")
            return .ticket(issued, receipt: receipt, printed: printed)
        case .refill?:
            let after = try await refill.apply(purchase)
            log("committed \(purchase.id) refill")
            let receipt = Receipt(header: wording.header, items: [.init(name: wording.itemName, amount: purchase.credit)],
                                  paid: purchase.credit, code: nil, qrPayload: nil, reference: purchase.id,
                                  issuedAt: clock.now(), language: wording.language, timeZone: wording.timeZone)
            let printed = await print(receipt)
            try await sell.finish(purchaseID: purchase.id, printed: printed == .printed)
            log("sold \(purchase.id) refill paid \(purchase.credit) printed=\(printed == .printed)")
            return .refill(after, receipt: receipt, printed: printed)
        }
    }

    /// Prints one receipt under the printer policy; never throws, since the sale already stands.
    public func print(_ receipt: Receipt) async -> ReceiptOutcome {
        log("printing \(receipt.reference)")
        let result: Result<PrintOutcome, PrintError>
        do { result = .success(try await printer.print(.receipt(receipt), timeout: printerPolicy.jobTimeout)) }
        catch { result = .failure(error) }
        switch printerPolicy.afterPrint(result) {
        case .printed:
            return .printed
        case .showCodeAndKeepForReprint(let reason):
            log("receipt \(receipt.reference) not printed: \(reason)")
            let health = await printer.health()
            let paperOut = health.conditions.contains { $0.kind == .mediaEmpty || $0.kind == .mediaNeeded }
            return .notPrinted(reason: reason, paperOut: paperOut)
        }
    }
}
