/// What one `kiosk doctor` check saw: one line for the technician, with what to do when it is not OK.
public struct DoctorFinding: Sendable, Equatable {
    public enum Status: String, Sendable, Comparable, CaseIterable {
        case ok = "OK", warn = "WARN", fail = "FAIL"

        private var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// Short name of the check ("display", "cash", …), the same on every run so scripts can grep it.
    public let check: String
    public let status: Status
    /// What was seen, with the device, path or queue named.
    public let message: String
    /// What to do about it; nil when nothing needs doing.
    public let fix: String?

    public init(_ check: String, _ status: Status, _ message: String, fix: String? = nil) {
        self.check = check
        self.status = status
        self.message = message
        self.fix = fix
    }

    public var line: String {
        let head = status.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)
            + check.padding(toLength: 9, withPad: " ", startingAt: 0)
        return head + message + (fix.map { " — fix: \($0)" } ?? "")
    }
}
