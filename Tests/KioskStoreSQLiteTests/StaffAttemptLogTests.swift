import Foundation
import KioskCore
import KioskStoreSQLite
import Testing

/// The staff PIN attempts `StaffAccess` counts for its lockout: kept across a restart (a reopened
/// file) and read back oldest first from a given moment. The lockout rules themselves are tested
/// in KioskCoreTests against the in-memory store.
@Suite struct StaffAttemptLogTests {
    @Test func attemptsSurviveAReopenAndComeBackOldestFirst() async throws {
        let folder = TemporaryFolder()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let store = try await openStore(folder.database)
            try await store.recordStaffAttempt(StaffAttempt(at: start, staff: nil, outcome: .wrongPIN))
            try await store.recordStaffAttempt(StaffAttempt(at: start.addingTimeInterval(10), staff: nil, outcome: .malformed))
            try await store.recordStaffAttempt(StaffAttempt(at: start.addingTimeInterval(10), staff: nil, outcome: .locked))
            try await store.recordStaffAttempt(StaffAttempt(at: start.addingTimeInterval(20), staff: "Anna", outcome: .accepted))
        }
        let reopened = try await openStore(folder.database)
        #expect(try await reopened.staffAttempts(since: .distantPast).map(\.outcome) == [.wrongPIN, .malformed, .locked, .accepted])
        let recent = try await reopened.staffAttempts(since: start.addingTimeInterval(10))
        #expect(recent.map(\.outcome) == [.malformed, .locked, .accepted])
        #expect(recent.last?.staff == "Anna" && recent.last?.at == start.addingTimeInterval(20))
    }
}
