import Foundation
import GRDB
import KioskCore

extension SQLiteKioskStore: StaffAttemptLog {
    public func recordStaffAttempt(_ attempt: StaffAttempt) async throws {
        try await db.write { db in
            try db.execute(sql: "INSERT INTO staff_attempts (at, staff, outcome) VALUES (?, ?, ?)",
                           arguments: [Self.millis(attempt.at), attempt.staff, attempt.outcome.rawValue])
        }
    }

    public func staffAttempts(since: Date) async throws -> [StaffAttempt] {
        try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT at, staff, outcome FROM staff_attempts WHERE at >= ? ORDER BY at, id",
                             arguments: [Self.millis(since)]).map { row in
                StaffAttempt(at: Self.date(row["at"]), staff: row["staff"],
                             outcome: StaffAttempt.Outcome(rawValue: row["outcome"]) ?? .malformed)
            }
        }
    }
}
