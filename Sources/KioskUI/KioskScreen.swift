import Foundation
import KioskDomain

/// Which screen is up and the data only that screen needs. Everything shared (language, catalog,
/// device status, kept credit) lives in `KioskScreenModel`.
public enum KioskScreen: Sendable, Equatable {
    // Customer
    case idle
    case payment(PaymentState)
    case printing(productName: String)
    case done(SaleResult)
    case refillEntry(TextEntry)
    case refillLookingUp(RefillQuery)
    case refillChoosePlan(RefillAccount)
    case refillDone(RefillResult)
    case notice(Notice)
    case outOfService
    // Staff
    case staffPIN(PINEntry)
    case staffMenu
    case staffCollection(CollectionForm)
    case staffCollectionField(CollectionField, TextEntry, CollectionForm)
    case staffVouchers(VoucherForm)
    case staffCredits
    case staffDeviceStatus
    case staffMessage(StaffMessage)

    public var isStaff: Bool {
        switch self {
        case .staffPIN, .staffMenu, .staffCollection, .staffCollectionField, .staffVouchers, .staffCredits,
             .staffDeviceStatus, .staffMessage: true
        default: false
        }
    }
}

/// What the payment screen shows while notes go in.
public struct PaymentState: Sendable, Equatable {
    public enum Product: Sendable, Equatable {
        case ticket(planID: String)
        case refill(planID: String, target: RefillQuery)
        /// Time for an amount: no price, the customer says when they are done.
        case timeForAmount(RatePlan)
    }

    public enum Message: Sendable, Equatable {
        case noteReturnedWouldOverpay(Money)
        case noteRejected
        case acceptorBusy
    }

    public var product: Product
    public var productName: String
    /// Nil for time for an amount.
    public var price: Money?
    /// Stacked notes only: the money that counts.
    public var inserted: Money
    public var notes: [Money]
    /// Denominations the acceptor takes, smallest first.
    public var acceptedNotes: [Money]
    public var message: Message?
    /// A note the acceptor holds or is stacking: not counted yet, but the customer sees it was
    /// taken in and is being looked at, instead of a screen that seems to ignore it.
    public var checking: Money?

    public init(product: Product, productName: String, price: Money?, inserted: Money, notes: [Money] = [],
                acceptedNotes: [Money], message: Message? = nil, checking: Money? = nil) {
        self.product = product
        self.productName = productName
        self.price = price
        self.inserted = inserted
        self.notes = notes
        self.acceptedNotes = acceptedNotes
        self.message = message
        self.checking = checking
    }

    public var remaining: Money? {
        guard let price else { return nil }
        let left = price - inserted
        return left.isNegative ? .zero(price.currency) : left
    }
}

/// A sold ticket as the done screen shows it.
public struct SaleResult: Sendable, Equatable {
    public enum ReceiptStatus: Sendable, Equatable {
        case printed
        /// The printer ran out of paper: the code stays on screen and is kept for staff to reprint.
        case paperOut
        case printerFault
    }

    public var code: AccessCode
    public var qrPayload: String
    public var productName: String
    public var grant: Grant
    public var validUntil: Date?
    public var receipt: ReceiptStatus
    /// Money beyond the price placed as extra time, a change voucher or a credit, if any.
    public var surplusNote: Money?

    public init(code: AccessCode, qrPayload: String, productName: String, grant: Grant, validUntil: Date? = nil,
                receipt: ReceiptStatus, surplusNote: Money? = nil) {
        self.code = code
        self.qrPayload = qrPayload
        self.productName = productName
        self.grant = grant
        self.validUntil = validUntil
        self.receipt = receipt
        self.surplusNote = surplusNote
    }
}

/// What a refill is for: a ticket code (check symbol verified) or a username.
public enum RefillQuery: Sendable, Hashable, CustomStringConvertible {
    case code(AccessCode)
    case username(String)

    public var description: String {
        switch self {
        case .code(let code): code.grouped
        case .username(let name): name
        }
    }
}

/// An account or ticket found for a refill.
public struct RefillAccount: Sendable, Equatable {
    public var query: RefillQuery
    public var balances: Balances
    public var validUntil: Date?

    public init(query: RefillQuery, balances: Balances, validUntil: Date? = nil) {
        self.query = query
        self.balances = balances
        self.validUntil = validUntil
    }
}

public struct RefillResult: Sendable, Equatable {
    public var query: RefillQuery
    public var added: Grant
    public var balances: Balances
    public var validUntil: Date?
    public var receipt: SaleResult.ReceiptStatus

    public init(query: RefillQuery, added: Grant, balances: Balances, validUntil: Date? = nil,
                receipt: SaleResult.ReceiptStatus = .printed) {
        self.query = query
        self.added = added
        self.balances = balances
        self.validUntil = validUntil
        self.receipt = receipt
    }
}

/// Errors said the way a customer understands them; each has a way back.
public enum Notice: Sendable, Equatable {
    /// The central store is unreachable and the account is not known here.
    case refillUnavailableOffline
    case refillNotFound(RefillQuery)
    case refillRefused(RefillQuery, RefillError)
    /// A payment was cancelled; stacked money is a kept credit.
    case cancelled(keptCredit: Money?)
}

/// Typing on the on-screen keyboard: a ticket code or a username.
public struct TextEntry: Sendable, Equatable {
    public enum Mode: Sendable, Hashable { case code, username, text }
    public var mode: Mode
    public var text: String

    public init(mode: Mode, text: String = "") {
        self.mode = mode
        self.text = text
    }

    public static let maxLength = 32
}

public struct PINEntry: Sendable, Equatable {
    public enum Message: Sendable, Equatable {
        case wrong(attemptsLeft: Int)
        case locked(minutesLeft: Int)
        case tooShort
    }
    /// Digits typed so far; shown only as dots.
    public var digits: String
    public var message: Message?

    public init(digits: String = "", message: Message? = nil) {
        self.digits = digits
        self.message = message
    }

    public static let minimumLength = 6
    public static let maximumLength = 12
}

public enum CollectionField: Sendable, Hashable { case collector, bag }

/// The cash collection form: what the kiosk counted since the last collection against what the
/// collector counts by hand.
public struct CollectionForm: Sendable, Equatable {
    public var currency: Currency
    /// Denomination in minor units → notes the acceptor stacked since the last collection.
    public var expected: [Int64: Int]
    /// Denomination → notes the collector counted.
    public var counted: [Int64: Int]
    public var collector: String
    public var bag: String

    public init(currency: Currency, expected: [Int64: Int], counted: [Int64: Int]? = nil, collector: String = "", bag: String = "") {
        self.currency = currency
        self.expected = expected
        self.counted = counted ?? expected
        self.collector = collector
        self.bag = bag
    }

    public var denominations: [Int64] { Set(expected.keys).union(counted.keys).sorted() }
    public var expectedTotal: Money { total(expected) }
    public var countedTotal: Money { total(counted) }
    public var isComplete: Bool { !collector.isEmpty && !bag.isEmpty }

    private func total(_ counts: [Int64: Int]) -> Money {
        counts.reduce(.zero(currency)) { $0 + Money(minorUnits: $1.key, currency: currency).times(Int64($1.value)) }
    }
}

public struct VoucherForm: Sendable, Equatable {
    public var planID: String?
    public var count: Int

    public init(planID: String? = nil, count: Int = 10) {
        self.planID = planID
        self.count = count
    }
}

public enum StaffMessage: Sendable, Equatable {
    case collectionRecorded(Money)
    case vouchersPrinting(Int)
    case receiptReprinted
    case noReceiptToReprint
    case failed(String)
}
