import GRDB

/// Appends ledger rows and keeps `balances` and `cash_box` in step, inside the caller's write
/// transaction. Each row's `chain` is FNV-1a over the previous row's chain and this row's fields:
/// not a defence against someone who can rewrite the file (they could recompute it), but a sure
/// way to find the row that a disk error, a bad restore or a hand edit changed.
struct LedgerWriter {
    struct Entry {
        var kind: String
        var holder: String
        var unit: String
        var delta: Int64
        var denomination: Int64? = nil
        var notes: Int64 = 0
        var purchaseID: String? = nil
        var batchID: Int64? = nil
        var noteID: String? = nil
    }

    private let db: Database
    private let at: Int64
    private var lastID: Int64
    private var lastChain: Int64

    init(db: Database, at: Int64) throws {
        self.db = db
        self.at = at
        let row = try Row.fetchOne(db, sql: "SELECT id, chain FROM ledger ORDER BY id DESC LIMIT 1")
        lastID = row?["id"] ?? 0
        lastChain = row?["chain"] ?? 0
    }

    mutating func append(_ entry: Entry) throws {
        let id = lastID + 1
        let chain = Self.chain(previous: lastChain, id: id, at: at, entry: entry)
        try db.cachedStatement(sql: """
            INSERT INTO ledger (id, at, kind, holder, unit, delta, denomination, notes, purchase_id, batch_id, note_id, chain)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, at, entry.kind, entry.holder, entry.unit, entry.delta, entry.denomination,
                                     entry.notes, entry.purchaseID, entry.batchID, entry.noteID, chain])
        try db.cachedStatement(sql: """
            INSERT INTO balances (holder, unit, amount) VALUES (?, ?, ?)
            ON CONFLICT (holder, unit) DO UPDATE SET amount = amount + excluded.amount
            """).execute(arguments: [entry.holder, entry.unit, entry.delta])
        if entry.notes < 0, let denomination = entry.denomination {
            // Taking notes out: the row exists (the CHECK refuses a negative count, which an
            // INSERT … ON CONFLICT would try before resolving the conflict).
            try db.cachedStatement(sql: "UPDATE cash_box SET count = count + ? WHERE denomination = ?")
                .execute(arguments: [entry.notes, denomination])
        } else if entry.notes > 0, let denomination = entry.denomination {
            try db.cachedStatement(sql: """
                INSERT INTO cash_box (denomination, count) VALUES (?, ?)
                ON CONFLICT (denomination) DO UPDATE SET count = count + excluded.count
                """).execute(arguments: [denomination, entry.notes])
        }
        lastID = id
        lastChain = chain
    }

    /// FNV-1a (64-bit) over the fields in a fixed order, separated so that no two rows collide by
    /// shifting text between fields.
    static func chain(previous: Int64, id: Int64, at: Int64, entry: Entry) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0x1f
            hash = hash &* 0x0000_0100_0000_01b3
        }
        mix(String(previous)); mix(String(id)); mix(String(at)); mix(entry.kind); mix(entry.holder); mix(entry.unit)
        mix(String(entry.delta)); mix(entry.denomination.map(String.init) ?? "-"); mix(String(entry.notes))
        mix(entry.purchaseID ?? "-"); mix(entry.batchID.map(String.init) ?? "-"); mix(entry.noteID ?? "-")
        return Int64(bitPattern: hash)
    }
}

/// The ledger's names for who holds a balance.
enum Holder {
    static let cashBox = "cashbox"
    static let revenue = "revenue"
    static let counter = "counter"
    static func purchase(_ id: String) -> String { "purchase:\(id)" }
    static func ticket(_ code: String) -> String { "ticket:\(code)" }
    static func refill(_ code: String) -> String { "refill:\(code)" }
    static func account(_ username: String) -> String { "account:\(username)" }
    static func credit(_ id: String) -> String { "credit:\(id)" }
}
