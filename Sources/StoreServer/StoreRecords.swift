import Foundation
import KioskDomain
import StoreAPI

/// A ticket as the store keeps it: the domain ticket plus the validity and zones its sale carried.
struct TicketRecord: Sendable, Hashable {
    var ticket: Ticket
    var validity: Validity
    var zones: [String]
    var kioskID: String

    var holder: String { RefillTarget.ticket(ticket.code).holder }

    static let columns = "code, plan_id, state, sell_mode, validity, zones, sold_at, first_used_at, extended_until, kiosk_id"

    init(ticket: Ticket, validity: Validity, zones: [String], kioskID: String) {
        self.ticket = ticket
        self.validity = validity
        self.zones = zones
        self.kioskID = kioskID
    }

    init(row: SQLRow) throws {
        guard let code = try? AccessCode.parse(row[0].text ?? ""),
              let state = Ticket.State(rawValue: row[2].text ?? ""),
              let sellMode = SellMode(rawValue: row[3].text ?? "") else {
            throw StoreDatabaseError.statementFailed("tickets", underlying: "corrupt ticket row \(row)")
        }
        ticket = Ticket(code: code, planID: row[1].text ?? "", state: state, sellMode: sellMode,
                        soldAt: row[6].date, firstUsedAt: row[7].date, extendedUntil: row[8].date)
        validity = try JSONCoding.decode(Validity.self, row[4].text)
        zones = try JSONCoding.decode([String].self, row[5].text)
        kioskID = row[9].text ?? ""
    }

    func save(_ tx: any SQLTransaction) throws {
        try tx.execute("""
            INSERT INTO tickets (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET state = excluded.state, sold_at = excluded.sold_at,
                first_used_at = excluded.first_used_at, extended_until = excluded.extended_until
            """, [.text(ticket.code.canonical), .text(ticket.planID), .text(ticket.state.rawValue),
                  .text(ticket.sellMode.rawValue), .text(try JSONCoding.encode(validity)),
                  .text(try JSONCoding.encode(zones)), .date(ticket.soldAt), .date(ticket.firstUsedAt),
                  .date(ticket.extendedUntil), .text(kioskID)])
    }

    static func find(_ code: AccessCode, _ tx: any SQLTransaction) throws -> TicketRecord? {
        try tx.row("SELECT \(columns) FROM tickets WHERE code = ?", [.text(code.canonical)]).map(TicketRecord.init(row:))
    }

    func expiry(siteTimeZone: TimeZone) -> Date? { ticket.expiry(validity: validity, siteTimeZone: siteTimeZone) }

    func info(balances: Balances, siteTimeZone: TimeZone) -> TicketInfo {
        TicketInfo(code: ticket.code.canonical, planID: ticket.planID, state: ticket.state, sellMode: ticket.sellMode,
                   validity: validity, zones: zones, soldAt: ticket.soldAt, firstUsedAt: ticket.firstUsedAt,
                   extendedUntil: ticket.extendedUntil, expiresAt: expiry(siteTimeZone: siteTimeZone),
                   balances: balances.wire)
    }

    /// A plan carrying only this ticket's validity: what `RefillApplication` reads from it.
    var validityPlan: PricePlan {
        PricePlan(id: ticket.planID, name: ticket.planID, price: .zero(.usd), grant: .minutes(0, .internet),
                  validity: validity)
    }
}

struct AccountRecord: Sendable, Hashable {
    var username: String
    var passwordSalt: String
    var passwordHash: String
    var kind: Account.Kind
    var planID: String?
    var zones: [String]

    var holder: String { RefillTarget.account(username).holder }

    static func find(_ username: String, _ tx: any SQLTransaction) throws -> AccountRecord? {
        guard let row = try tx.row("""
            SELECT username, password_salt, password_hash, kind, plan_id, zones FROM accounts WHERE username = ?
            """, [.text(username)]) else { return nil }
        guard let kind = Account.Kind(rawValue: row[3].text ?? "") else {
            throw StoreDatabaseError.statementFailed("accounts", underlying: "corrupt account row for \(username)")
        }
        return AccountRecord(username: row[0].text ?? "", passwordSalt: row[1].text ?? "", passwordHash: row[2].text ?? "",
                             kind: kind, planID: row[4].text, zones: try JSONCoding.decode([String].self, row[5].text))
    }

    func insert(_ tx: any SQLTransaction) throws {
        try tx.execute("""
            INSERT INTO accounts (username, password_salt, password_hash, kind, plan_id, zones) VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(username), .text(passwordSalt), .text(passwordHash), .text(kind.rawValue),
                  .optionalText(planID), .text(try JSONCoding.encode(zones))])
    }

    func info(balances: Balances) -> AccountInfo {
        AccountInfo(username: username, kind: kind, planID: planID, zones: zones,
                    acceptsRefills: kind == .prepaid, balances: balances.wire)
    }
}

extension AccountRecord {
    /// A new account with its scrypt hash (`PasswordHashing`, salt inside); the password itself is never stored.
    init(username: String, passwordHash: String, kind: Account.Kind, planID: String?, zones: [String]) {
        self.init(username: username, passwordSalt: "", passwordHash: passwordHash, kind: kind, planID: planID, zones: zones)
    }

    /// The password as kept: a self-describing hash, or (accounts made before scrypt) a salted SHA-256.
    var storedPassword: PasswordHashing.Stored {
        passwordSalt.isEmpty ? .encoded(passwordHash) : .saltedSHA256(salt: passwordSalt, hex: passwordHash)
    }

    /// Replaces a verified password's old hash with `rehashed`, unless it changed meanwhile.
    static func replaceHash(_ username: String, old: PasswordHashing.Stored, with rehashed: String, _ tx: any SQLTransaction) throws {
        let oldHash: String = switch old {
        case .encoded(let text): text
        case .saltedSHA256(_, let hex): hex
        }
        try tx.execute("UPDATE accounts SET password_salt = '', password_hash = ? WHERE username = ? AND password_hash = ?",
                       [.text(rehashed), .text(username), .text(oldHash)])
    }
}

/// One append-only ledger row: `delta` of `unit` for `holder`, caused by `reference` (an event id
/// or a session id). Balances are sums of these rows and nothing else.
struct LedgerEntry: Sendable, Hashable {
    var holder: String
    var unit: BalanceUnit
    var delta: Int64
    var reference: String

    static func append(_ entries: [LedgerEntry], at instant: Date, _ tx: any SQLTransaction) throws {
        for entry in entries where entry.delta != 0 {
            try tx.execute("INSERT INTO ledger (holder, unit, delta, reference, recorded_at) VALUES (?, ?, ?, ?, ?)",
                           [.text(entry.holder), .text(entry.unit.rawValue), .int(entry.delta),
                            .text(entry.reference), .date(instant)])
        }
    }

    static func balances(of holder: String, _ tx: any SQLTransaction) throws -> Balances {
        var balances = Balances()
        for row in try tx.rows("SELECT unit, \(LedgerSum.sql("delta")) FROM ledger WHERE holder = ? GROUP BY unit",
                               [.text(holder)]) {
            guard let unit = BalanceUnit(rawValue: row[0].text ?? "") else { continue }
            guard let sum = LedgerSum.value(row[1], row[2]).value else { throw LedgerOverflow(holder: holder) }
            balances.add(sum, to: unit)
        }
        return balances
    }
}

/// A PC session row: the balance-timer's state.
struct SessionRecord: Sendable, Hashable {
    var id: String
    var tokenHash: String
    var holder: String
    var unit: BalanceUnit
    var zone: String
    var pcID: String
    /// Prepaid holders end when the balance runs out; postpaid and usage-based ones count down below zero.
    var prepaid: Bool
    var startedAt: Date
    var chargedThrough: Date
    var endedAt: Date?
    var endReason: SessionInfo.EndReason?

    static let columns = "id, token_hash, holder, unit, zone, pc_id, prepaid, started_at, charged_through, ended_at, end_reason"

    init(id: String, tokenHash: String, holder: String, unit: BalanceUnit, zone: String, pcID: String, prepaid: Bool,
         startedAt: Date, chargedThrough: Date, endedAt: Date? = nil, endReason: SessionInfo.EndReason? = nil) {
        self.id = id
        self.tokenHash = tokenHash
        self.holder = holder
        self.unit = unit
        self.zone = zone
        self.pcID = pcID
        self.prepaid = prepaid
        self.startedAt = startedAt
        self.chargedThrough = chargedThrough
        self.endedAt = endedAt
        self.endReason = endReason
    }

    init(row: SQLRow) throws {
        guard let unit = BalanceUnit(rawValue: row[3].text ?? ""), let started = row[7].date,
              let charged = row[8].date else {
            throw StoreDatabaseError.statementFailed("sessions", underlying: "corrupt session row \(row)")
        }
        self.init(id: row[0].text ?? "", tokenHash: row[1].text ?? "", holder: row[2].text ?? "", unit: unit,
                  zone: row[4].text ?? "", pcID: row[5].text ?? "", prepaid: row[6].int == 1, startedAt: started,
                  chargedThrough: charged, endedAt: row[9].date,
                  endReason: row[10].text.flatMap(SessionInfo.EndReason.init(rawValue:)))
    }

    static func find(id: String, _ tx: any SQLTransaction) throws -> SessionRecord? {
        try tx.row("SELECT \(columns) FROM sessions WHERE id = ?", [.text(id)]).map(SessionRecord.init(row:))
    }

    static func active(holder: String, _ tx: any SQLTransaction) throws -> SessionRecord? {
        try tx.row("SELECT \(columns) FROM sessions WHERE holder = ? AND ended_at IS NULL", [.text(holder)])
            .map(SessionRecord.init(row:))
    }

    func insert(_ tx: any SQLTransaction) throws {
        try tx.execute("INSERT INTO sessions (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [.text(id), .text(tokenHash), .text(holder), .text(unit.rawValue), .text(zone), .text(pcID),
                        .int(prepaid ? 1 : 0), .date(startedAt), .date(chargedThrough), .date(endedAt),
                        .optionalText(endReason?.rawValue)])
    }

    func update(_ tx: any SQLTransaction) throws {
        try tx.execute("UPDATE sessions SET charged_through = ?, ended_at = ?, end_reason = ? WHERE id = ?",
                       [.date(chargedThrough), .date(endedAt), .optionalText(endReason?.rawValue), .text(id)])
    }

    var isActive: Bool { endedAt == nil }
}

/// JSON for columns that hold a value (validity, zones, results): the API's own dialect.
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try StoreJSON.encoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T {
        try StoreJSON.decoder().decode(type, from: Data((text ?? "").utf8))
    }
}
