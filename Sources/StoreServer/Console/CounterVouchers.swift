import Foundation
import KioskDomain
import StoreAPI

/// Voucher batches generated at the store's counter.
///
/// Codes are drawn in namespace 1023 ("ZZ…"), which registration never hands to a kiosk, so a
/// counter code can never clash with one a kiosk draws offline. Ticket codes become rows of the
/// `tickets` table (kiosk id "counter") with their grant in the ledger, so they log in at PCs like
/// kiosk tickets; sell-later ones are sold at first use (PCSessions). Accounts become `accounts`
/// rows. A sell-now batch's revenue goes to the ledger holder `cash:counter:<staff username>`.
enum CounterVouchers {
    static let namespace = KioskNamespace(number: 1023)!
    static let kioskID = "counter"

    static func cashHolder(staff: String) -> String { "cash:counter:\(staff)" }
    static func reference(batchID: Int64) -> String { "counter:batch:\(batchID)" }

    /// The password hash of an account voucher until its sheet is printed: no scheme reads it, so
    /// nothing logs in with it. Printing issues the passwords (`ConsoleStore.issuePasswords`).
    static let unissuedPassword = "!unissued"

    /// Validates, draws and saves a whole batch in one transaction; returns its id.
    static func create(_ options: VoucherBatch, plan: PricePlan, currency: String, staff: ConsoleStaff, now: Date,
                       _ tx: any SQLTransaction) throws -> Int64 {
        let unitPrice = options.unitPrice(of: plan).minorUnits
        let revenue = try InputRules.product(unitPrice, Int64(options.count), "unit price × count")
        guard let row = try tx.row("""
            INSERT INTO voucher_batches (kind, plan_id, options, unit_price, currency, item_count, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, [.text(options.kind.rawValue), .text(plan.id), .text(try JSONCoding.encode(options)), .int(unitPrice),
                  .text(currency), .int(Int64(options.count)), .text(staff.username), .date(now)]),
              let batchID = row[0].int else {
            throw StoreDatabaseError.statementFailed("voucher_batches", underlying: "no id returned")
        }
        let reference = reference(batchID: batchID)
        var rng = SystemRandomNumberGenerator()
        var items: [(login: String, secret: String?)] = []
        var ledger: [LedgerEntry] = []
        switch options.kind {
        case .ticket, .refill:
            var drawn = Set<String>()
            while items.count < options.count {
                let code = AccessCode.generate(namespace: namespace, randomLength: options.codeLength, using: &rng)
                // A repeat is about one in 10^9 at a million codes: draw again.
                guard !drawn.contains(code.canonical), try TicketRecord.find(code, tx) == nil else { continue }
                drawn.insert(code.canonical)
                items.append((code.canonical, nil))
                guard options.kind == .ticket else { continue }
                let record = TicketRecord(ticket: Ticket(code: code, planID: plan.id, sellMode: options.sellMode, createdAt: now),
                                          validity: plan.validity, zones: plan.zones, kioskID: kioskID)
                try record.save(tx)
                ledger.append(LedgerEntry(holder: record.holder, unit: plan.grant.unit, delta: plan.grant.quantity,
                                          reference: reference))
            }
        case .userAccount, .free:
            let names = Account.usernames(prefix: options.prefix, startNumber: options.startNumber, count: options.count)
            for name in names {
                if try AccountRecord.find(name, tx) != nil {
                    throw Refusal("account_exists", "username \(name) exists already: choose another prefix or start number")
                }
            }
            for name in names {
                let kind: Account.Kind = options.kind == .free ? .prepaid : options.accountKind
                try AccountRecord(username: name, passwordHash: unissuedPassword, kind: kind, planID: plan.id, zones: plan.zones).insert(tx)
                items.append((name, nil))   // the password is issued by the print, never kept
                // Prepaid accounts spend what the plan grants; postpaid and usage-based ones are billed after.
                if kind == .prepaid {
                    ledger.append(LedgerEntry(holder: RefillTarget.account(name).holder, unit: plan.grant.unit,
                                              delta: plan.grant.quantity, reference: reference))
                }
            }
        }
        for (position, item) in items.enumerated() {
            try tx.execute("INSERT INTO voucher_items (batch_id, position, login, secret) VALUES (?, ?, ?, ?)",
                           [.int(batchID), .int(Int64(position)), .text(item.login), .optionalText(item.secret)])
        }
        if options.kind != .free && options.sellMode == .now {
            ledger.append(LedgerEntry(holder: cashHolder(staff: staff.username), unit: .money,
                                      delta: revenue, reference: reference))
        }
        try LedgerEntry.append(ledger, at: now, tx)
        try ConsoleAudit.record(staff.username, "batch_created",
                                "batch \(batchID): \(options.count) × \(options.kind.rawValue) \(plan.id), sell \(options.sellMode.rawValue)",
                                at: now, tx)
        return batchID
    }

    /// The cards of a batch, ready for `VoucherSheetRenderer`.
    static func sheet(_ batch: VoucherBatchDetail, planName: String, stock: VoucherSheet.Stock, timeZone: TimeZone) -> VoucherSheet {
        let currency = Currency.known[batch.currency]
        let price = currency.flatMap { batch.unitPrice > 0 ? Money(minorUnits: batch.unitPrice, currency: $0) : nil }
        let cards = batch.items.map { item -> VoucherCard in
            if batch.summary.holdsAccounts {
                let secret = item.secret ?? ""
                return VoucherCard(planName: planName, credential: .account(username: item.login, password: secret),
                                   qrPayload: item.login, price: price)
            }
            let code = try? AccessCode.parse(item.login)
            return VoucherCard(planName: planName, credential: code.map { .code($0) } ?? .account(username: item.login, password: ""),
                               qrPayload: item.login, price: price)
        }
        return VoucherSheet(cards: cards, stock: stock, language: .en, timeZone: timeZone)
    }
}

/// A batch as the console lists it.
struct VoucherBatchSummary: Sendable, Hashable {
    var id: Int64
    var kind: String
    var planID: String
    var count: Int
    var unitPrice: Int64
    var currency: String
    var sellMode: String
    var createdBy: String
    var createdAt: Date
    /// The batch's own password length (generated accounts: at least `PasswordGenerator.minimumLength`).
    var passwordLength: Int = 0
    /// How often its account passwords were issued (printed or downloaded).
    var passwordsIssued: Int = 0

    var holdsAccounts: Bool { kind == VoucherBatch.Kind.userAccount.rawValue || kind == VoucherBatch.Kind.free.rawValue }
}

/// A batch with its items. `secret` is an account voucher's password, only on the sheet being
/// printed: the store keeps its scrypt hash, never the password (a reprint issues new ones).
struct VoucherBatchDetail: Sendable, Hashable {
    struct Item: Sendable, Hashable {
        var login: String
        var secret: String?
    }
    var summary: VoucherBatchSummary
    var items: [Item]
    var unitPrice: Int64 { summary.unitPrice }
    var currency: String { summary.currency }
}
