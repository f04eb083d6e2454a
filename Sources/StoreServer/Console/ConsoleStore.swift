import Foundation
import KioskDomain
import StoreAPI

/// What the console asks of the store's data, each method one transaction over `StoreDatabase`
/// (SQLite or PostgreSQL alike). Role checks are made here too, not only by the routes, so no
/// future page can forget them.
final class ConsoleStore: Sendable {
    let database: any StoreDatabase
    let repository: StoreRepository

    init(repository: StoreRepository) {
        self.repository = repository
        self.database = repository.database
    }

    static func requireOwner(_ staff: ConsoleStaff, _ what: String) throws(Refusal) {
        guard staff.isOwner else { throw Refusal("forbidden", "only an owner may \(what)") }
    }

    // MARK: Voucher batches

    func createBatch(_ options: VoucherBatch, staff: ConsoleStaff, now: Date) async throws -> Int64 {
        let problems = options.problems()
        guard problems.isEmpty else { throw Refusal("invalid_input", problems.joined(separator: "; ")) }
        if options.kind == .free { try Self.requireOwner(staff, "give free vouchers away") }
        guard let catalog = try await repository.catalog() else {
            throw Refusal("no_catalog", "the store has no catalog yet: add a plan under Plans & zones first")
        }
        guard let plan = catalog.plans.first(where: { $0.id == options.planID })?.pricePlan else {
            throw Refusal("unknown_plan", "no plan with id '\(options.planID)' in the catalog")
        }
        return try await database.write { tx in
            try CounterVouchers.create(options, plan: plan, currency: catalog.currency, staff: staff, now: now, tx)
        }
    }

    /// Draws new passwords for an account batch's accounts, keeps only their scrypt hashes and
    /// returns the batch with the passwords for this one sheet (`CounterVouchers`). Ticket and
    /// refill batches come back as they are. `reissued`: cards printed before no longer log in.
    func issuePasswords(_ detail: VoucherBatchDetail, staff: ConsoleStaff, now: Date) async throws
        -> (detail: VoucherBatchDetail, reissued: Bool) {
        guard detail.summary.holdsAccounts else { return (detail, false) }
        var rng = SystemRandomNumberGenerator()
        let length = max(detail.summary.passwordLength, PasswordGenerator.minimumLength)
        let clear = detail.items.map { _ in PasswordGenerator.generate(length: length, using: &rng) }
        // Hashed before the transaction: scrypt must not hold the one writer.
        let hashes = try await repository.passwordHashing.hashAll(clear)
        let id = detail.summary.id
        let logins = detail.items.map(\.login)
        let issuedBefore = try await database.write { tx in
            for (login, hash) in zip(logins, hashes) {
                try tx.execute("UPDATE accounts SET password_salt = '', password_hash = ? WHERE username = ?", [.text(hash), .text(login)])
            }
            let before = try tx.row("SELECT passwords_issued FROM voucher_batches WHERE id = ?", [.int(id)])?[0].int ?? 0
            try tx.execute("UPDATE voucher_batches SET passwords_issued = passwords_issued + 1 WHERE id = ?", [.int(id)])
            try ConsoleAudit.record(staff.username, before > 0 ? "passwords_reissued" : "passwords_issued",
                                    "batch \(id): \(logins.count) accounts", at: now, tx)
            return before
        }
        var issued = detail
        issued.items = zip(detail.items, clear).map { VoucherBatchDetail.Item(login: $0.login, secret: $1) }
        issued.summary.passwordsIssued = Int(issuedBefore) + 1
        return (issued, issuedBefore > 0)
    }

    func batches(limit: Int = 50) async throws -> [VoucherBatchSummary] {
        try await database.read { tx in
            try tx.rows("SELECT \(Self.batchColumns) FROM voucher_batches ORDER BY id DESC LIMIT \(limit)", [])
                .map(Self.summary(_:))
        }
    }

    func batch(_ id: Int64) async throws -> VoucherBatchDetail? {
        try await database.read { tx in
            guard let row = try tx.row("SELECT \(Self.batchColumns) FROM voucher_batches WHERE id = ?", [.int(id)]) else {
                return nil
            }
            // `secret` is no longer read: account passwords exist only on the sheet that issued them.
            let items = try tx.rows("SELECT login FROM voucher_items WHERE batch_id = ? ORDER BY position", [.int(id)])
                .map { VoucherBatchDetail.Item(login: $0[0].text ?? "", secret: nil) }
            return VoucherBatchDetail(summary: Self.summary(row), items: items)
        }
    }

    private static let batchColumns = "id, kind, plan_id, item_count, unit_price, currency, options, created_by, created_at, passwords_issued"

    private static func summary(_ row: SQLRow) -> VoucherBatchSummary {
        let options = try? JSONCoding.decode(VoucherBatch.self, row[6].text)
        return VoucherBatchSummary(id: row[0].int ?? 0, kind: row[1].text ?? "", planID: row[2].text ?? "",
                                   count: Int(row[3].int ?? 0), unitPrice: row[4].int ?? 0, currency: row[5].text ?? "",
                                   sellMode: options?.sellMode.rawValue ?? "", createdBy: row[7].text ?? "",
                                   createdAt: row[8].date ?? .distantPast, passwordLength: options?.passwordLength ?? 0,
                                   passwordsIssued: Int(row[9].int ?? 0))
    }

    func audit(_ staff: ConsoleStaff, _ action: String, _ detail: String, now: Date) async throws {
        try await database.write { tx in try ConsoleAudit.record(staff.username, action, detail, at: now, tx) }
    }

    // MARK: Blocked codes

    /// Blocks a lost or disputed ticket code: PC logins with it are refused from now on.
    func block(_ typed: String, reason: String, staff: ConsoleStaff, now: Date) async throws -> AccessCode {
        let code = try InputRules.code(typed)
        try InputRules.text(reason, "reason")
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw Refusal("invalid_input", "say why the code is blocked") }
        try await database.write { tx in
            guard try TicketRecord.find(code, tx) != nil else {
                throw Refusal("unknown_code", "no ticket has code \(code); check what you typed")
            }
            guard try BlockedCodes.reason(code, tx) == nil else { throw Refusal("already_blocked", "code \(code) is blocked already") }
            try BlockedCodes.insert(code, reason: reason, staff: staff.username, now: now, tx)
            try ConsoleAudit.record(staff.username, "code_blocked", "\(code.canonical): \(reason)", at: now, tx)
        }
        return code
    }

    /// Lifts a block (owners only: a block is often a dispute's evidence).
    func unblock(_ typed: String, staff: ConsoleStaff, now: Date) async throws {
        try Self.requireOwner(staff, "unblock a code")
        let code = try InputRules.code(typed)
        try await database.write { tx in
            try tx.execute("DELETE FROM blocked_codes WHERE code = ?", [.text(code.canonical)])
            try ConsoleAudit.record(staff.username, "code_unblocked", code.canonical, at: now, tx)
        }
    }

    func blockedCodes(limit: Int = 200) async throws -> [(code: String, reason: String, by: String, at: Date)] {
        try await database.read { tx in
            try tx.rows("SELECT code, reason, blocked_by, blocked_at FROM blocked_codes ORDER BY blocked_at DESC LIMIT \(limit)", [])
                .map { ($0[0].text ?? "", $0[1].text ?? "", $0[2].text ?? "", $0[3].date ?? .distantPast) }
        }.map { (code: $0.0, reason: $0.1, by: $0.2, at: $0.3) }
    }

    func auditTrail(limit: Int = 100) async throws -> [(username: String, action: String, detail: String, at: Date)] {
        try await database.read { tx in
            try tx.rows("SELECT username, action, detail, recorded_at FROM console_audit ORDER BY id DESC LIMIT \(limit)", [])
                .map { ($0[0].text ?? "", $0[1].text ?? "", $0[2].text ?? "", $0[3].date ?? .distantPast) }
        }.map { (username: $0.0, action: $0.1, detail: $0.2, at: $0.3) }
    }
}

/// Codes staff blocked. PC login consults this table (PCSessions) before anything else.
enum BlockedCodes {
    static func reason(_ code: AccessCode, _ tx: any SQLTransaction) throws -> String? {
        try tx.row("SELECT reason FROM blocked_codes WHERE code = ?", [.text(code.canonical)])?[0].text
    }

    static func insert(_ code: AccessCode, reason: String, staff: String, now: Date, _ tx: any SQLTransaction) throws {
        try tx.execute("""
            INSERT INTO blocked_codes (code, reason, blocked_by, blocked_at) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING
            """, [.text(code.canonical), .text(reason), .text(staff), .date(now)])
    }
}
