import Foundation

/// How long what a plan grants stays usable. Every limit that is set applies; the earliest wins
/// ("whichever comes first"). Day counts are calendar days on the site's wall clock, so "7 days
/// from sale" at 18:00 ends at 18:00 local seven days later, across a DST change too.
public struct Validity: Hashable, Sendable, Codable {
    /// A hard end date (a season card, an event ticket). Refills never extend past it.
    public var fixedUntil: Date?
    public var daysFromSale: Int?
    public var daysFromFirstUse: Int?

    public init(fixedUntil: Date? = nil, daysFromSale: Int? = nil, daysFromFirstUse: Int? = nil) {
        self.fixedUntil = fixedUntil
        self.daysFromSale = daysFromSale
        self.daysFromFirstUse = daysFromFirstUse
        precondition(isWellFormed, "validity days must be positive")
    }

    /// What `init` demands; a validity decoded from the wire skips `init` (see `SalesWindow.isWellFormed`).
    public var isWellFormed: Bool { (daysFromSale ?? 1) > 0 && (daysFromFirstUse ?? 1) > 0 }

    public static let unlimited = Validity()

    public var isUnlimited: Bool { fixedUntil == nil && daysFromSale == nil && daysFromFirstUse == nil }

    /// The end of validity, or nil for "never". A limit counted from first use applies only once
    /// the code has been used; before that only the other limits count.
    public func expiry(soldAt: Date?, firstUsedAt: Date?, siteTimeZone: TimeZone) -> Date? {
        var candidates: [Date] = []
        if let fixedUntil { candidates.append(fixedUntil) }
        if let daysFromSale, let soldAt {
            candidates.append(Self.adding(days: daysFromSale, to: soldAt, in: siteTimeZone))
        }
        if let daysFromFirstUse, let firstUsedAt {
            candidates.append(Self.adding(days: daysFromFirstUse, to: firstUsedAt, in: siteTimeZone))
        }
        return candidates.min()
    }

    /// Calendar days on the site's wall clock (not multiples of 86 400 s).
    public static func adding(days: Int, to instant: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(byAdding: .day, value: days, to: instant)!
    }
}
