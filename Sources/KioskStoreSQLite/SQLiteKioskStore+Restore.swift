import GRDB

extension SQLiteKioskStore {
    /// After a restore from an older backup: the next cash collection is numbered after `sequence`
    /// (the highest the damaged database showed), because its event key `collection-N` is sent to
    /// the store, which may already hold a collection under the lower numbers the backup would
    /// hand out again, and would refuse the new one as a conflict.
    public func raiseCollectionSequence(atLeast sequence: Int64) async throws {
        try await db.write { db in
            let current = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'cash_collections'")
            if let current {
                if current < sequence {
                    try db.execute(sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = 'cash_collections'", arguments: [sequence])
                }
            } else {
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('cash_collections', ?)", arguments: [sequence])
            }
        }
    }
}
