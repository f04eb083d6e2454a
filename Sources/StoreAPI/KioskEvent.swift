import Foundation
import KioskDomain

/// One fact a kiosk recorded offline and pushes to the store. `id` is the idempotency key: the
/// kiosk makes it when it writes the event to its outbox and sends the same id on every retry.
/// A replay gets the first result back; the same id with a different body is refused (409).
/// The id need only be unique on its kiosk: the store keys events by (kiosk, id).
public struct KioskEvent: Hashable, Sendable, Codable {
    public var id: String
    public var occurredAt: Date
    public var payload: Payload

    public init(id: String, occurredAt: Date, payload: Payload) {
        self.id = id
        self.occurredAt = occurredAt
        self.payload = payload
    }

    public enum Payload: Hashable, Sendable {
        case ticketSold(TicketSold)
        case refillApplied(RefillApplied)
        case customerCredit(CustomerCreditRecorded)
        case creditRedeemed(CreditRedeemed)
        case cashCollected(CashCollected)
        case voucherBatchSold(VoucherBatchSold)

        public var type: String {
            switch self {
            case .ticketSold: "ticket_sold"
            case .refillApplied: "refill_applied"
            case .customerCredit: "customer_credit"
            case .creditRedeemed: "credit_redeemed"
            case .cashCollected: "cash_collected"
            case .voucherBatchSold: "voucher_batch_sold"
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, occurredAt, type, ticketSold, refillApplied, customerCredit, creditRedeemed, cashCollected, voucherBatchSold
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        occurredAt = try container.decode(Date.self, forKey: .occurredAt)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ticket_sold": payload = .ticketSold(try container.decode(TicketSold.self, forKey: .ticketSold))
        case "refill_applied": payload = .refillApplied(try container.decode(RefillApplied.self, forKey: .refillApplied))
        case "customer_credit": payload = .customerCredit(try container.decode(CustomerCreditRecorded.self, forKey: .customerCredit))
        case "credit_redeemed": payload = .creditRedeemed(try container.decode(CreditRedeemed.self, forKey: .creditRedeemed))
        case "cash_collected": payload = .cashCollected(try container.decode(CashCollected.self, forKey: .cashCollected))
        case "voucher_batch_sold":
            payload = .voucherBatchSold(try container.decode(VoucherBatchSold.self, forKey: .voucherBatchSold))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container,
                                                   debugDescription: "unknown event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(payload.type, forKey: .type)
        switch payload {
        case .ticketSold(let body): try container.encode(body, forKey: .ticketSold)
        case .refillApplied(let body): try container.encode(body, forKey: .refillApplied)
        case .customerCredit(let body): try container.encode(body, forKey: .customerCredit)
        case .creditRedeemed(let body): try container.encode(body, forKey: .creditRedeemed)
        case .cashCollected(let body): try container.encode(body, forKey: .cashCollected)
        case .voucherBatchSold(let body): try container.encode(body, forKey: .voucherBatchSold)
        }
    }
}

/// A ticket sold (or printed for sell-later) at the kiosk, with a snapshot of what its plan grants,
/// so the store never needs the catalog version the kiosk sold from.
public struct TicketSold: Hashable, Sendable, Codable {
    public var code: String
    public var planID: String
    public var sellMode: SellMode
    public var price: WireMoney
    public var grant: WireGrant
    public var validity: Validity
    /// Zones the ticket may log in from; empty means every zone.
    public var zones: [String]

    public init(code: String, planID: String, sellMode: SellMode, price: WireMoney, grant: WireGrant,
                validity: Validity = .unlimited, zones: [String] = []) {
        self.code = code
        self.planID = planID
        self.sellMode = sellMode
        self.price = price
        self.grant = grant
        self.validity = validity
        self.zones = zones
    }
}

/// A refill bought at a kiosk for a ticket or a prepaid account.
public struct RefillApplied: Hashable, Sendable, Codable {
    /// The refill's own code when one was printed; nil when the kiosk applied it directly.
    public var refillCode: String?
    public var target: WireTarget
    public var planID: String
    public var price: WireMoney
    public var grant: WireGrant
    /// The refill plan's validity (extends the target's expiry, see `RefillExpiryRule`).
    public var validity: Validity
    /// Money paid beyond the price and kept (a keep-and-credit overpayment policy): it goes to the
    /// target as a money balance and into the cash box. Nil or zero when there was none.
    public var surplus: WireMoney?

    public init(refillCode: String? = nil, target: WireTarget, planID: String, price: WireMoney, grant: WireGrant,
                validity: Validity = .unlimited, surplus: WireMoney? = nil) {
        self.refillCode = refillCode
        self.target = target
        self.planID = planID
        self.price = price
        self.grant = grant
        self.validity = validity
        self.surplus = surplus
    }
}

/// The `customer_credit` event: money a kiosk took but could not turn into a ticket or refill,
/// now owed to the customer (the kiosk keeps the credit itself as KioskCore's `CustomerCredit`).
public struct CustomerCreditRecorded: Hashable, Sendable, Codable {
    public var amount: WireMoney
    public var reason: String
    /// The receipt or purchase the customer holds, for staff to find it.
    public var reference: String

    public init(amount: WireMoney, reason: String, reference: String) {
        self.amount = amount
        self.reason = reason
        self.reference = reference
    }
}

/// A customer credit kept earlier was spent on a new purchase at the same kiosk. Its money is in the
/// cash box since the credit's own event; the purchase's event counts it again, so this takes it
/// back out of the cash and out of the credit.
public struct CreditRedeemed: Hashable, Sendable, Codable {
    public var amount: WireMoney
    /// The credit's `reference` in its `customer_credit` event.
    public var reference: String

    public init(amount: WireMoney, reference: String) {
        self.amount = amount
        self.reference = reference
    }
}

/// Staff emptied the cash box.
public struct CashCollected: Hashable, Sendable, Codable {
    public struct NoteCount: Hashable, Sendable, Codable {
        public var denominationMinor: Int64
        public var count: Int

        public init(denominationMinor: Int64, count: Int) {
            self.denominationMinor = denominationMinor
            self.count = count
        }
    }

    /// What the cash box held by the kiosk's ledger (the amount its ledger takes out): expected.
    public var amount: WireMoney
    /// Per denomination when the kiosk sends them; they must add up to `counted` when that is
    /// sent, else to `amount`. May be empty.
    public var notes: [NoteCount]
    public var staffID: String
    /// What staff actually counted, when it differs from nothing known; nil means "as expected"
    /// (older kiosks). The store reports expected against counted (docs/console.md).
    public var counted: WireMoney?
    /// The kiosk's own running number of collections, so a missing one shows in the report.
    public var sequence: Int64?
    /// The seal number of the cash bag the notes went into.
    public var bag: String?

    public init(amount: WireMoney, notes: [NoteCount], staffID: String, counted: WireMoney? = nil,
                sequence: Int64? = nil, bag: String? = nil) {
        self.amount = amount
        self.notes = notes
        self.staffID = staffID
        self.counted = counted
        self.sequence = sequence
        self.bag = bag
    }
}

/// Vouchers printed at the kiosk as a batch (a counter sale when `sellMode` is `now`): the store
/// records the revenue under the kiosk's counter and, when the batch lists them, the tickets and
/// accounts themselves, so they log in at the PCs like codes sold on screen.
public struct VoucherBatchSold: Hashable, Sendable, Codable {
    /// A prepaid or postpaid account made by an account batch. The password travels once, over
    /// TLS, so the store can keep its salted hash for PC logins.
    public struct Account: Hashable, Sendable, Codable {
        public var username: String
        public var password: String
        public var kind: KioskDomain.Account.Kind

        public init(username: String, password: String, kind: KioskDomain.Account.Kind) {
            self.username = username
            self.password = password
            self.kind = kind
        }
    }

    public var batchID: String
    /// "ticket", "refill" or "account".
    public var kind: String
    public var planID: String
    public var count: Int
    public var unitPrice: WireMoney
    public var sellMode: SellMode
    /// What each ticket or prepaid account holds; nil from kiosks that send only the revenue.
    public var grant: WireGrant?
    public var validity: Validity?
    public var zones: [String]?
    /// Ticket codes of a ticket batch (canonical form).
    public var codes: [String]?
    public var accounts: [Account]?

    public init(batchID: String, kind: String, planID: String, count: Int, unitPrice: WireMoney, sellMode: SellMode,
                grant: WireGrant? = nil, validity: Validity? = nil, zones: [String]? = nil, codes: [String]? = nil,
                accounts: [Account]? = nil) {
        self.batchID = batchID
        self.kind = kind
        self.planID = planID
        self.count = count
        self.unitPrice = unitPrice
        self.sellMode = sellMode
        self.grant = grant
        self.validity = validity
        self.zones = zones
        self.codes = codes
        self.accounts = accounts
    }
}

/// `POST /v1/events/batch`: several events at once (the outbox drains in batches).
public struct EventBatch: Hashable, Sendable, Codable {
    public var events: [KioskEvent]
    public init(events: [KioskEvent]) { self.events = events }
}

/// What the store did with one event. A replay returns the stored first result with
/// `status` = `replayed`.
public struct EventResult: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// Applied now (HTTP 201 on the single-event route).
        case applied
        /// Seen before with the same body: the first result (HTTP 200).
        case replayed
        /// Seen before from this kiosk with a different body: refused (HTTP 409). The kiosk keeps
        /// it unsent and logs it; staff must look.
        case conflict
        /// Refused on its merits (unknown target, expired ticket…): recorded, so a retry gets the
        /// same answer (HTTP 422). The kiosk shows it to staff.
        case rejected
        /// Not believed: the event does not follow from the catalog and the store's records (a
        /// price or grant no plan gives, a postpaid account refilled…). The store keeps it in its
        /// quarantine for staff and claims no key, so a resend is checked again (HTTP 422). The
        /// kiosk keeps it unsent and shows the reason on its staff page.
        case quarantined
    }

    public var id: String
    public var status: Status
    /// The ledger holder the event changed ("ticket:K7…", "account:USER11"), if any.
    public var holder: String?
    /// The holder's balances right after the event was applied.
    public var balances: WireBalances?
    public var message: String?

    public init(id: String, status: Status, holder: String? = nil, balances: WireBalances? = nil, message: String? = nil) {
        self.id = id
        self.status = status
        self.holder = holder
        self.balances = balances
        self.message = message
    }

    public var httpStatus: Int {
        switch status {
        case .applied: 201
        case .replayed: 200
        case .conflict: 409
        case .rejected, .quarantined: 422
        }
    }
}

public struct EventBatchResult: Hashable, Sendable, Codable {
    public var results: [EventResult]
    public init(results: [EventResult]) { self.results = results }
}
