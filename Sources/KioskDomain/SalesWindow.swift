import Foundation

/// A recurring time on sale: some weekdays, from a start to an end time of the site's wall clock.
///
/// A window whose end is not after its start runs across midnight: "Fri 22:00–08:00" opens on
/// Friday at 22:00 and closes on Saturday at 08:00; it belongs to the weekday it opens on.
/// Times are read on the site's wall clock in its time zone, so a window keeps its meaning across
/// daylight-saving changes (22:00 stays 22:00 local, whatever the UTC offset that night).
public struct SalesWindow: Hashable, Sendable, Codable {
    /// ISO weekdays: 1 = Monday … 7 = Sunday.
    public var weekdays: Set<Int>
    /// Minutes after local midnight, 0..<1440.
    public var startMinute: Int
    /// Minutes after local midnight, 0...1440; `end <= start` means the window crosses midnight.
    public var endMinute: Int

    public init(weekdays: Set<Int>, startMinute: Int, endMinute: Int) {
        self.weekdays = weekdays
        self.startMinute = startMinute
        self.endMinute = endMinute
        precondition(isWellFormed, "weekdays are 1 (Mon) … 7 (Sun), minutes of the day 0…1440")
    }

    /// What `init` demands; a window decoded from the wire skips `init`, so readers of untrusted
    /// input check this instead of meeting a trap later.
    public var isWellFormed: Bool {
        weekdays.allSatisfy { (1...7).contains($0) } && (0..<1440).contains(startMinute) && (0...1440).contains(endMinute)
    }

    public static let everyDay: Set<Int> = [1, 2, 3, 4, 5, 6, 7]

    public var crossesMidnight: Bool { endMinute <= startMinute }

    public func contains(_ instant: Date, in timeZone: TimeZone) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: instant)
        // Calendar weekdays are 1 = Sunday … 7 = Saturday; convert to ISO.
        let isoWeekday = ((parts.weekday! + 5) % 7) + 1
        let minute = parts.hour! * 60 + parts.minute!
        if !crossesMidnight {
            return weekdays.contains(isoWeekday) && minute >= startMinute && minute < endMinute
        }
        let previousWeekday = isoWeekday == 1 ? 7 : isoWeekday - 1
        return (weekdays.contains(isoWeekday) && minute >= startMinute)
            || (weekdays.contains(previousWeekday) && minute < endMinute)
    }
}

extension SalesWindow {
    /// Parses "HH:MM-HH:MM" (24-hour clock) for config files and the command line.
    public static func parseTimeRange(_ text: String) -> (start: Int, end: Int)? {
        let halves = text.split(separator: "-", omittingEmptySubsequences: false)
        guard halves.count == 2, let start = minuteOfDay(halves[0]), let end = minuteOfDay(halves[1]) else { return nil }
        guard start < 1440 else { return nil }
        return (start, end)
    }

    private static func minuteOfDay(_ text: Substring) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 1440 else { return nil }
        return hour * 60 + minute
    }
}
