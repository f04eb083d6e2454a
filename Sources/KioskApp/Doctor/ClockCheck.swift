import Foundation

/// Can the kiosk trust its clock? Validity of codes, sales windows and reports all use it: a
/// kiosk that boots without a real-time clock battery may believe it is 1970.
struct ClockCheck {
    /// Earlier than this the clock is certainly wrong (the software did not exist yet).
    static let earliestYear = 2024

    let now: Date
    let tools: ToolRunner

    func time() -> DoctorFinding {
        let year = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).year ?? 0
        let stamp = ISO8601DateFormatter().string(from: now)
        guard year >= Self.earliestYear else {
            return DoctorFinding("clock", .fail, "clock says \(stamp), before \(Self.earliestYear): sales would get wrong dates",
                                 fix: "set the time (timedatectl set-ntp true, or timedatectl set-time) and check the RTC battery")
        }
        return DoctorFinding("clock", .ok, "clock says \(stamp)")
    }

    /// NTP state from `timedatectl show` (systemd-timesyncd or another NTP client).
    func ntp() -> DoctorFinding {
        guard let output = tools.run("timedatectl", ["show", "-p", "NTPSynchronized", "--value"]) else {
            return DoctorFinding("ntp", .warn, "timedatectl not found: cannot tell whether the clock is synchronised",
                                 fix: "apt-get install systemd-timesyncd")
        }
        let answer = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if output.status == 0 && answer == "yes" {
            return DoctorFinding("ntp", .ok, "clock synchronised by NTP")
        }
        if output.status == 0 && answer == "no" {
            return DoctorFinding("ntp", .warn, "clock is not synchronised by NTP",
                                 fix: "timedatectl set-ntp true; check that the kiosk reaches an NTP server")
        }
        return DoctorFinding("ntp", .warn, "cannot read NTP state: \(answer.split(separator: "\n").first ?? "timedatectl exit \(output.status)")",
                             fix: "run on the kiosk itself (systemd as init), or check `timedatectl status`")
    }
}
