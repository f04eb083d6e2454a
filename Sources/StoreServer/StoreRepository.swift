import Foundation
import KioskDomain
import StoreAPI
import Synchronization

/// Everything the routes ask of the store's data, written once over `StoreDatabase` so SQLite and
/// PostgreSQL obey the same rules. Each method is one transaction.
public final class StoreRepository: Sendable {
    public let database: any StoreDatabase
    private let catalogCache = Mutex<Catalog?>(nil)
    private let kioskCache = Mutex<[String: (hash: String, identity: KioskIdentity)]>([:])
    private let pullsRecorded = Mutex<Set<String>>([])
    private let catalogVersions = CatalogVersionCache()

    let guessBudget: GuessBudget
    let passwordHashing: PasswordHashing
    /// Verified when a PC names an unknown account, so it costs the same scrypt work as a known one.
    private let decoyPasswordHash: String

    /// `maxFailedGuesses` per source and `guessWindow` seconds: `GuessBudget`.
    public init(database: any StoreDatabase, maxFailedGuesses: Int = 10, guessWindow: TimeInterval = 300,
                passwordHashing: PasswordHashing = PasswordHashing()) {
        self.database = database
        guessBudget = GuessBudget(perSource: maxFailedGuesses, window: guessWindow)
        self.passwordHashing = passwordHashing
        decoyPasswordHash = (try? passwordHashing.hasher.hash(pin: StoreSecrets.random())) ?? ""
    }

    // MARK: Kiosks

    /// Registers a kiosk: a fresh secret (only its hash is kept) and the lowest free namespace.
    public func registerKiosk(name: String, site: String, now: Date) async throws -> RegisterKioskResponse {
        try InputRules.text(name, "name", maxLength: 100)
        try InputRules.text(site, "site", maxLength: 100)
        let id = UUID().uuidString.lowercased()
        let secret = StoreSecrets.random()
        let hash = StoreSecrets.sha256Hex(secret)
        let namespace = try await database.write { tx throws -> Int in
            let taken = Set(try tx.rows("SELECT namespace FROM kiosks", []).compactMap { $0[0].int.map(Int.init) })
            // The last namespace is the store counter's own (`CounterVouchers.namespace`).
            guard let free = (0..<CounterVouchers.namespace.number).first(where: { !taken.contains($0) }) else {
                throw Refusal("namespaces_exhausted", "all 1023 kiosk namespaces are taken; retire a kiosk first")
            }
            try tx.execute("INSERT INTO kiosks (id, name, site, namespace, secret_hash, registered_at) VALUES (?, ?, ?, ?, ?, ?)",
                           [.text(id), .text(name), .text(site), .int(Int64(free)), .text(hash), .date(now)])
            return free
        }
        return RegisterKioskResponse(kioskID: id, secret: secret, namespace: namespace)
    }

    /// The kiosk whose secret this is, or nil. Known kiosks are cached: secrets never change.
    public func authenticateKiosk(id: String, secret: String) async throws -> KioskIdentity? {
        let hash = StoreSecrets.sha256Hex(secret)
        if let cached = kioskCache.withLock({ $0[id] }) {
            return StoreSecrets.constantTimeEquals(cached.hash, hash) ? cached.identity : nil
        }
        guard let row = try await database.read({ tx in
            try tx.row("SELECT secret_hash, namespace FROM kiosks WHERE id = ?", [.text(id)])
        }), let stored = row[0].text, let number = row[1].int, let namespace = KioskNamespace(number: Int(number)) else {
            return nil
        }
        let identity = KioskIdentity(id: id, namespace: namespace)
        kioskCache.withLock { $0[id] = (stored, identity) }
        return StoreSecrets.constantTimeEquals(stored, hash) ? identity : nil
    }

    // MARK: Kiosk status

    /// Keeps the kiosk's latest device report (replacing the one before).
    public func saveStatus(_ report: KioskStatusReport, from kiosk: KioskIdentity, now: Date) async throws {
        for message in [report.printer.message, report.cashAcceptor.message, report.disk.message].compactMap({ $0 }) {
            try InputRules.text(message, "status message")
        }
        if let version = report.softwareVersion { try InputRules.text(version, "software version", maxLength: 64) }
        let body = try JSONCoding.encode(report)
        try await database.write { tx in
            try tx.execute("""
                INSERT INTO kiosk_status (kiosk_id, body, received_at) VALUES (?, ?, ?)
                ON CONFLICT (kiosk_id) DO UPDATE SET body = excluded.body, received_at = excluded.received_at
                """, [.text(kiosk.id), .text(body), .date(now)])
        }
    }

    // MARK: Catalog

    public func catalog() async throws -> Catalog? {
        if let cached = catalogCache.withLock({ $0 }) { return cached }
        let loaded = try await database.read { tx in
            try tx.row("SELECT body FROM catalog WHERE id = 1", []).map { try JSONCoding.decode(Catalog.self, $0[0].text) }
        }
        catalogCache.withLock { $0 = loaded }
        return loaded
    }

    /// Replaces the catalog; its version becomes one more than the stored one. Every version is
    /// kept in `catalog_versions` with when it was replaced: kiosks' events are checked against
    /// the versions they may have sold from (`CatalogsInForce`).
    public func saveCatalog(_ new: Catalog, now: Date) async throws -> Catalog {
        guard TimeZone(identifier: new.siteTimeZone) != nil else {
            throw Refusal("invalid_input", "siteTimeZone '\(new.siteTimeZone)' is not an IANA time zone")
        }
        guard Currency.known[new.currency] != nil else {
            throw Refusal("invalid_input", "currency '\(new.currency)' is not one the kiosk knows")
        }
        for plan in new.plans {
            try InputRules.plan(plan, currency: new.currency)
            guard plan.pricePlan != nil else { throw Refusal("invalid_input", "plan \(plan.id) has an unknown currency or grant") }
        }
        for zone in new.zones { try InputRules.identifier(zone.id, "zone id") }
        for rate in new.rates ?? [] { try InputRules.rate(rate, currency: new.currency) }
        if let note = new.maxNoteMinor {
            guard note > 0 else { throw Refusal("invalid_input", "maxNoteMinor must be positive") }
            try InputRules.amount(note, "maxNoteMinor")
        }
        let saved = try await database.write { tx in
            var catalog = new
            catalog.version = Int(try tx.row("SELECT version FROM catalog WHERE id = 1", [])?[0].int ?? 0) + 1
            try tx.execute("DELETE FROM catalog WHERE id = 1", [])
            let body = try JSONCoding.encode(catalog)
            try tx.execute("INSERT INTO catalog (id, version, body) VALUES (1, ?, ?)", [.int(Int64(catalog.version)), .text(body)])
            try tx.execute("UPDATE catalog_versions SET replaced_at = ? WHERE replaced_at IS NULL", [.date(now)])
            try tx.execute("INSERT INTO catalog_versions (version, body, saved_at) VALUES (?, ?, ?)",
                           [.int(Int64(catalog.version)), .text(body), .date(now)])
            return catalog
        }
        catalogCache.withLock { $0 = saved }
        return saved
    }

    /// Notes that `kiosk` pulled catalog `version`, once per kiosk and version (kept in memory
    /// after the first write, so the pull every few seconds costs no write).
    public func recordCatalogPull(_ version: Int, by kiosk: KioskIdentity, now: Date) async throws {
        let key = "\(kiosk.id) \(version)"
        guard !pullsRecorded.withLock({ $0.contains(key) }) else { return }
        try await database.write { tx in
            try tx.execute("""
                INSERT INTO kiosk_catalog_pulls (kiosk_id, version, pulled_at) VALUES (?, ?, ?)
                ON CONFLICT (kiosk_id, version) DO NOTHING
                """, [.text(kiosk.id), .int(Int64(version)), .date(now)])
        }
        pullsRecorded.withLock { _ = $0.insert(key) }
    }

    public func siteTimeZone() async throws -> TimeZone {
        try await catalog().flatMap { TimeZone(identifier: $0.siteTimeZone) } ?? TimeZone(identifier: "UTC")!
    }

    // MARK: Accounts and lookups

    public func createAccount(_ request: CreateAccountRequest, now: Date) async throws -> AccountInfo {
        try InputRules.identifier(request.username, "username")
        try InputRules.text(request.password, "password", maxLength: 128)
        guard !request.password.isEmpty else {
            throw Refusal("invalid_input", "password must not be empty: an account without one logs in for anybody")
        }
        try request.zones.forEach { zone throws(Refusal) in try InputRules.identifier(zone, "zone") }
        let currency = try await catalog()?.currency
        let grants = try request.opening.map { grant throws(Refusal) in try InputRules.grant(grant, currency: currency) }
        // Hashed before the transaction: scrypt must not hold the one writer.
        let passwordHash = try await passwordHashing.hash(request.password, mayRefuse: false)
        let record = AccountRecord(username: request.username, passwordHash: passwordHash,
                                   kind: request.kind, planID: request.planID, zones: request.zones)
        return try await database.write { tx in
            guard try AccountRecord.find(request.username, tx) == nil else {
                throw Refusal("account_exists", "account \(request.username) exists already; pick another username")
            }
            try record.insert(tx)
            try LedgerEntry.append(grants.map { LedgerEntry(holder: record.holder, unit: $0.unit, delta: $0.quantity,
                                                            reference: "opening:\(record.username)") }, at: now, tx)
            return record.info(balances: try LedgerEntry.balances(of: record.holder, tx))
        }
    }

    /// The ticket, or nil (kiosks look codes up through `lookUpTicket`).
    public func ticketInfo(_ code: AccessCode) async throws -> TicketInfo? {
        let zone = try await siteTimeZone()
        return try await database.read { tx in
            guard let record = try TicketRecord.find(code, tx) else { return nil }
            var info = record.info(balances: try LedgerEntry.balances(of: record.holder, tx), siteTimeZone: zone)
            info.blockedReason = try BlockedCodes.reason(code, tx)
            return info
        }
    }

    public func accountInfo(_ username: String) async throws -> AccountInfo? {
        try InputRules.identifier(username, "username")
        return try await database.read { tx in
            guard let record = try AccountRecord.find(username, tx) else { return nil }
            return record.info(balances: try LedgerEntry.balances(of: record.holder, tx))
        }
    }

    // MARK: Events

    public func push(_ event: KioskEvent, from kiosk: KioskIdentity, now: Date) async throws -> EventResult {
        try await push([event], from: kiosk, now: now)[0]
    }

    /// Applies a batch in one transaction (one fsync for the lot); each event keeps its own result.
    public func push(_ events: [KioskEvent], from kiosk: KioskIdentity, now: Date) async throws -> [EventResult] {
        let hashes = try await accountHashes(in: events)
        let context = EventContext(now: now, siteTimeZone: try await siteTimeZone(), currency: try await catalog()?.currency,
                                   accountHashes: hashes)
        let encoder = StoreJSON.encoder()
        let hashed = try events.map { ($0, StoreSecrets.sha256Hex(String(decoding: try encoder.encode($0), as: UTF8.self))) }
        return try await database.write { tx in
            let catalogs = try CatalogsInForce.load(for: kiosk, now: now, cache: self.catalogVersions, tx)
            return try hashed.map { event, hash in
                try EventApplication.push(event, bodyHash: hash, kiosk: kiosk, context: context, catalogs: catalogs, tx)
            }
        }
    }

    /// scrypt hashes of the passwords of the accounts that voucher batches in `events` list, made
    /// before the write transaction (a tenth of a second each must not hold the one writer).
    private func accountHashes(in events: [KioskEvent]) async throws -> [AccountPasswordKey: String] {
        var keys: [AccountPasswordKey] = []
        for event in events {
            guard case .voucherBatchSold(let batch) = event.payload else { continue }
            // Bounded as the batch itself is checked later: a batch lists at most its count.
            for account in (batch.accounts ?? []).prefix(InputLimits.maxBatchCount) where account.password.count <= 128 {
                keys.append(AccountPasswordKey(username: account.username, password: account.password))
            }
        }
        let unique = Array(Set(keys))
        let hashes = try await passwordHashing.hashAll(unique.map(\.password))
        return Dictionary(uniqueKeysWithValues: zip(unique, hashes))
    }

    /// Every holder's balances from the ledger, and how many events the store holds.
    public func balancesReport() async throws -> BalancesReport {
        try await database.read { tx in
            var holders: [String: WireBalances] = [:]
            for row in try tx.rows("SELECT holder, unit, \(LedgerSum.sql("delta")) FROM ledger GROUP BY holder, unit", []) {
                guard let holder = row[0].text, let unit = row[1].text else { continue }
                guard let sum = LedgerSum.value(row[2], row[3]).value else { throw LedgerOverflow(holder: holder) }
                holders[holder, default: [:]][unit] = sum
            }
            let count = try tx.row("SELECT COUNT(*) FROM events", [])?[0].int ?? 0
            return BalancesReport(holders: holders, eventCount: Int(count))
        }
    }

    // MARK: PC sessions

    /// Logs a PC in. The guess budgets of `source` and of the code or account are checked and, on
    /// a failed guess, spent in the login's own transaction (`GuessBudget`); a spent one throws
    /// `GuessLimited` unchecked.
    public func login(_ request: LoginRequest, source: String, now: Date) async throws -> SessionInfo {
        try InputRules.identifier(request.zone, "zone")
        try InputRules.identifier(request.pcID, "pcID")
        let catalog = try await catalog()
        var unit = BalanceUnit.internetMinutes
        if let zones = catalog?.zones, !zones.isEmpty {
            guard let zone = zones.first(where: { $0.id == request.zone }) else {
                throw Refusal("unknown_zone", "zone \(request.zone) is not in the catalog")
            }
            unit = zone.minuteCategory == .game ? .gameMinutes : .internetMinutes
        }
        let token = StoreSecrets.random()
        let budget = guessBudget
        let buckets = GuessBudget.buckets(source: source, code: request.code, username: request.username)
        let password = try await checkAccountPassword(request, buckets: buckets, now: now)
        let context = PCSessions.LoginContext(now: now, siteTimeZone: try await siteTimeZone(), unit: unit,
                                              sessionID: UUID().uuidString.lowercased(),
                                              tokenHash: StoreSecrets.sha256Hex(token), password: password)
        let outcome = try await database.write { tx -> PCSessions.LoginOutcome in
            if try budget.isSpent(buckets, now: now, tx) { return .limited }
            let outcome = try PCSessions.login(request, context: context, tx)
            if case .refused(let refused) = outcome, refused.isFailedGuess { try budget.spend(buckets, now: now, tx) }
            return outcome
        }
        switch outcome {
        case .limited:
            throw GuessLimited()
        case .started(var info):
            info.token = token
            return info
        case .refused(let refusal):
            throw refusal
        }
    }

    /// An account login's password, checked before its write transaction (scrypt must not hold the
    /// one writer) on the bounded `HashingPool`: a spent guess budget refuses first, unhashed; an
    /// unknown account is checked against a decoy hash, so it costs the same. Nil for a code login.
    private func checkAccountPassword(_ request: LoginRequest, buckets: GuessBudget.Buckets,
                                      now: Date) async throws -> PCSessions.PasswordCheck? {
        guard request.code == nil, let username = request.username, let password = request.password else { return nil }
        try InputRules.identifier(username, "username")
        try InputRules.text(password, "password", maxLength: 128)
        let budget = guessBudget
        let (spent, stored) = try await database.read { tx in
            (try budget.isSpent(buckets, now: now, tx), try AccountRecord.find(username, tx)?.storedPassword)
        }
        if spent { throw GuessLimited() }
        let verified = try await passwordHashing.verify(password, against: stored ?? .encoded(decoyPasswordHash)) && stored != nil
        let rehashed: String? = if verified, let stored, stored.needsRehash(passwordHashing.hasher) {
            try await passwordHashing.hash(password, mayRefuse: false)
        } else {
            nil
        }
        return PCSessions.PasswordCheck(verified: verified, replacing: stored, rehashed: rehashed)
    }

    /// Charges the session (heartbeat, or the final charge on `end`), if `token` is its own.
    public func charge(sessionID: String, token: String, now: Date, final: Bool) async throws -> SessionInfo? {
        let zone = try await siteTimeZone()
        let tokenHash = StoreSecrets.sha256Hex(token)
        return try await database.write { tx in
            guard var session = try SessionRecord.find(id: sessionID, tx),
                  StoreSecrets.constantTimeEquals(session.tokenHash, tokenHash) else { return nil }
            return try PCSessions.charge(&session, now: now, final: final, siteTimeZone: zone, tx)
        }
    }
}
