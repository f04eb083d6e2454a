import Foundation
import GRDB

/// Account passwords of generated vouchers leave the kiosk's database once they are of no more use:
/// the `accounts` table never keeps them (the voucher sheet printed them, the store keeps an scrypt
/// hash), and a voucher batch's outbox row carries them only until the store acknowledged it; then
/// they are blanked, the row itself stays as the audit of what was sent.
enum OutboxPasswords {
    /// Blanks the passwords in the sent `voucher_batch` rows among `keys` (all sent ones when nil).
    static func blankSent(_ keys: [String]?, _ db: Database) throws {
        let rows: [Row]
        if let keys {
            guard !keys.isEmpty else { return }
            rows = try Row.fetchAll(db, sql: """
                SELECT id, payload FROM outbox WHERE kind = 'voucher_batch' AND sent_at IS NOT NULL
                AND idempotency_key IN (\(databaseQuestionMarks(count: keys.count)))
                """, arguments: StatementArguments(keys))
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT id, payload FROM outbox WHERE kind = 'voucher_batch' AND sent_at IS NOT NULL")
        }
        let update = try db.cachedStatement(sql: "UPDATE outbox SET payload = ? WHERE id = ?")
        for row in rows {
            let id: Int64 = row["id"]
            let text: String = row["payload"]
            guard var payload = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)),
                  let accountsText = payload["accounts"],
                  var accounts = try? JSONDecoder().decode([[String: String]].self, from: Data(accountsText.utf8)),
                  accounts.contains(where: { !($0["password"] ?? "").isEmpty }) else { continue }
            for index in accounts.indices { accounts[index]["password"] = "" }
            payload["accounts"] = String(decoding: try JSONEncoder().encode(accounts), as: UTF8.self)
            try update.execute(arguments: [String(decoding: try JSONEncoder().encode(payload), as: UTF8.self), id])
        }
    }
}
