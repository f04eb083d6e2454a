import Foundation
import GRDB
import KioskCore
import KioskDomain

extension SQLiteKioskStore {
    /// SQLite's integrity check first, then everything that is kept twice, naming the row: the
    /// ledger's hash chain, balances against ledger sums, the cash box against stacked notes, each
    /// stacked note against exactly one credit, and finished purchases holding no money.
    public func verify() async throws -> [IntegrityProblem] {
        try await db.read { db in Self.verifyAll(db) }
    }

    /// The same checks on the file at `path`, opened read-only: `kiosk store verify` and backups
    /// use this, so checking a damaged database never writes to it (no migration, no checkpoint).
    /// Nil when there is no file at `path`.
    public static func verify(path: String) async throws -> [IntegrityProblem]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseIntegrity.openReadOnly(path: path)
        } catch {
            return [Self.sqliteProblem(DatabaseIntegrity.sqliteMessage(error))]
        }
        return queue.inDatabase { db in Self.verifyAll(db) }   // no transaction: see DatabaseIntegrity.openReadOnly
    }

    /// A damaged file stops here: its rows cannot be trusted, so the ledger checks would only add
    /// noise (or fail half-way); SQLite's messages are the finding.
    static func verifyAll(_ db: Database) -> [IntegrityProblem] {
        let damage = DatabaseIntegrity.integrityMessages(db)
        guard damage.isEmpty else {
            return damage.map(Self.sqliteProblem)
                + [IntegrityProblem(table: "ledger", row: "all rows", message: "not checked: SQLite finds the file damaged")]
        }
        var problems: [IntegrityProblem] = []
        do {
            try Self.verifyChain(db, &problems)
            try Self.verifyBalances(db, &problems)
            try Self.verifyCashBox(db, &problems)
            try Self.verifyNotes(db, &problems)
            try Self.verifyFinishedPurchases(db, &problems)
        } catch {
            problems.append(Self.sqliteProblem(DatabaseIntegrity.sqliteMessage(error)))
        }
        return problems
    }

    /// One of SQLite's own messages as a problem line: `sqlite integrity_check: <message>`.
    static func sqliteProblem(_ message: String) -> IntegrityProblem {
        IntegrityProblem(table: "sqlite", row: "integrity_check", message: message)
    }

    private static func verifyChain(_ db: Database, _ problems: inout [IntegrityProblem]) throws {
        var previous: Int64 = 0
        var expectedID: Int64 = 1
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM ledger ORDER BY id")
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            if id != expectedID {
                problems.append(.init(table: "ledger", row: "id \(expectedID)", message: "row missing (ids jump from \(expectedID - 1) to \(id))"))
            }
            let entry = LedgerWriter.Entry(kind: row["kind"], holder: row["holder"], unit: row["unit"], delta: row["delta"],
                                           denomination: row["denomination"], notes: row["notes"], purchaseID: row["purchase_id"],
                                           batchID: row["batch_id"], noteID: row["note_id"])
            let stored: Int64 = row["chain"]
            let expected = LedgerWriter.chain(previous: previous, id: id, at: row["at"], entry: entry)
            if stored != expected {
                problems.append(.init(table: "ledger", row: "id \(id)",
                                      message: "row was altered: its hash chain does not match (holder \(entry.holder), \(entry.unit) \(entry.delta))"))
            }
            previous = stored
            expectedID = id + 1
        }
    }

    private static func verifyBalances(_ db: Database, _ problems: inout [IntegrityProblem]) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT holder, unit, SUM(ledger_amount) AS ledger_amount, SUM(stored_amount) AS stored_amount, SUM(has_stored) AS has_stored
            FROM (
                SELECT holder, unit, delta AS ledger_amount, 0 AS stored_amount, 0 AS has_stored FROM ledger
                UNION ALL
                SELECT holder, unit, 0, amount, 1 FROM balances
            ) GROUP BY holder, unit
            HAVING SUM(ledger_amount) != SUM(stored_amount) OR SUM(has_stored) = 0
            ORDER BY holder, unit
            """)
        for row in rows {
            let holder: String = row["holder"], unit: String = row["unit"]
            let fromLedger: Int64 = row["ledger_amount"], stored: Int64 = row["stored_amount"]
            let hasStored: Int64 = row["has_stored"]
            problems.append(.init(table: "balances", row: "holder '\(holder)' unit '\(unit)'",
                                  message: hasStored == 0 ? "missing: the ledger says \(fromLedger)"
                                                          : "stored \(stored), the ledger says \(fromLedger)"))
        }
    }

    private static func verifyCashBox(_ db: Database, _ problems: inout [IntegrityProblem]) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT denomination, SUM(from_ledger) AS from_ledger, SUM(stored) AS stored FROM (
                SELECT denomination, notes AS from_ledger, 0 AS stored FROM ledger WHERE holder = '\(Holder.cashBox)' AND denomination IS NOT NULL
                UNION ALL
                SELECT denomination, 0, count FROM cash_box
            ) GROUP BY denomination HAVING SUM(from_ledger) != SUM(stored) ORDER BY denomination
            """)
        for row in rows {
            let denomination: Int64 = row["denomination"], fromLedger: Int64 = row["from_ledger"], stored: Int64 = row["stored"]
            problems.append(.init(table: "cash_box", row: "denomination \(denomination)",
                                  message: "stored \(stored) notes, the ledger says \(fromLedger)"))
        }
    }

    private static func verifyNotes(_ db: Database, _ problems: inout [IntegrityProblem]) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT n.id, n.status, n.amount_minor, COUNT(l.id) AS credits, COALESCE(SUM(l.delta), 0) AS credited
            FROM notes n LEFT JOIN ledger l ON l.note_id = n.id AND l.kind = 'note_stacked'
            GROUP BY n.id
            HAVING (n.status = \(Purchase.NoteStatus.stacked.sqlLiteral) AND (credits != 1 OR credited != n.amount_minor))
                OR (n.status != \(Purchase.NoteStatus.stacked.sqlLiteral) AND credits != 0)
            """)
        for row in rows {
            let id: String = row["id"], status: String = row["status"], credits: Int64 = row["credits"]
            problems.append(.init(table: "notes", row: "id \(id)", message: "note is \(status) but credited \(credits) time(s)"))
        }
        let orphans = try String.fetchAll(db, sql: """
            SELECT l.id FROM ledger l LEFT JOIN notes n ON n.id = l.note_id WHERE l.kind = 'note_stacked' AND n.id IS NULL
            """)
        for id in orphans {
            problems.append(.init(table: "ledger", row: "id \(id)", message: "credits a note that is not in the notes table"))
        }
    }

    private static func verifyFinishedPurchases(_ db: Database, _ problems: inout [IntegrityProblem]) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, p.state, b.amount FROM purchases p JOIN balances b ON b.holder = 'purchase:' || p.id AND b.unit = \(BalanceUnit.money.sqlLiteral)
            WHERE p.state IN (\([Purchase.State.issued, .receiptPrinted, .printFailed, .completed, .cancelled, .cancelledWithCredit].sqlList))
              AND b.amount != 0
            """)
        for row in rows {
            let id: String = row["id"], state: String = row["state"], amount: Int64 = row["amount"]
            problems.append(.init(table: "purchases", row: "id \(id)", message: "is \(state) but still holds \(amount) of the customer's money"))
        }
    }
}
