import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Failed guesses at codes and passwords, counted in the store's database in the same transaction
/// as the attempt they belong to: concurrent guesses cannot slip past the count (they queue on
/// SQLite's one writer, or retry on PostgreSQL's serialization failures), and a restart keeps it.
/// Each attempt spends from two budgets per window: its source's (an IPv6 address by its /64,
/// which one host owns whole) and its target's (the code's first symbols, or the username), so
/// neither many addresses nor many codes make guessing free. A spent budget answers 429 unchecked
/// until its window passes.
struct GuessBudget: Sendable {
    /// Failures one source may make per window (`StoreConfiguration.maxFailedGuesses`).
    var perSource: Int
    /// Failures one code prefix or account may take per window, from anywhere: ten sources' worth,
    /// so one attacker cannot lock a cafe's codes out, and a botnet still gets nowhere.
    var perTarget: Int { perSource * 10 }
    var window: TimeInterval

    /// Symbols of a code that name its target budget: the kiosk's namespace and two random symbols.
    static let codePrefixLength = 4

    struct Buckets: Sendable, Hashable {
        var source: String
        var target: String?
    }

    static func buckets(source: String, code: String?, username: String?) -> Buckets {
        var target: String?
        if let code {
            let symbols = code.uppercased().filter { $0.isLetter || $0.isNumber }
            target = "code:" + symbols.prefix(codePrefixLength)
        } else if let username {
            target = "account:" + username.prefix(64)
        }
        return Buckets(source: "source:" + SourceKey.of(source), target: target)
    }

    /// The two limits a PC login or a kiosk look-up spends from.
    func limits(_ buckets: Buckets) -> [Limit] {
        [Limit(bucket: buckets.source, maxFailures: perSource, window: window)]
            + (buckets.target.map { [Limit(bucket: $0, maxFailures: perTarget, window: window)] } ?? [])
    }

    /// Whether a budget of `buckets` is spent now: the attempt is then refused unchecked.
    func isSpent(_ buckets: Buckets, now: Date, _ tx: any SQLTransaction) throws -> Bool {
        try Self.spentUntil(limits(buckets), now: now, tx) != nil
    }

    /// Counts one failure on every bucket; a bucket whose window passed starts a new one.
    func spend(_ buckets: Buckets, now: Date, _ tx: any SQLTransaction) throws {
        try Self.spend(limits(buckets), now: now, tx)
    }

    // MARK: Limits of any kind (PC logins, kiosk look-ups, console logins): one table, one rule.

    /// At most `maxFailures` failures in `bucket` per fixed `window` from its first failure.
    struct Limit: Sendable, Hashable {
        var bucket: String
        var maxFailures: Int
        var window: TimeInterval
    }

    /// Failures counted in `limit`'s current window (0 when it passed or never started).
    static func failures(_ limit: Limit, now: Date, _ tx: any SQLTransaction) throws -> (count: Int, windowEnd: Date)? {
        let since = now.addingTimeInterval(-limit.window)
        guard let row = try tx.row("SELECT failures, window_start FROM guess_budgets WHERE bucket = ? AND window_start > ?",
                                   [.text(limit.bucket), .date(since)]),
              let count = row[0].int, let start = row[1].date else { return nil }
        return (Int(count), start.addingTimeInterval(limit.window))
    }

    /// When the latest-ending spent limit of `limits` opens again, or nil when none is spent:
    /// the attempt is refused unchecked until then (the `Retry-After` of a 429).
    static func spentUntil(_ limits: [Limit], now: Date, _ tx: any SQLTransaction) throws -> Date? {
        var until: Date?
        for limit in limits {
            if let spent = try failures(limit, now: now, tx), spent.count >= limit.maxFailures {
                until = max(until ?? spent.windowEnd, spent.windowEnd)
            }
        }
        return until
    }

    /// Counts one failure on every limit; a bucket whose window passed starts a new one.
    static func spend(_ limits: [Limit], now: Date, _ tx: any SQLTransaction) throws {
        for limit in limits {
            let since = now.addingTimeInterval(-limit.window)
            try tx.execute("""
                INSERT INTO guess_budgets (bucket, window_start, failures) VALUES (?, ?, 1)
                ON CONFLICT (bucket) DO UPDATE SET
                    failures = CASE WHEN guess_budgets.window_start > ? THEN guess_budgets.failures + 1 ELSE 1 END,
                    window_start = CASE WHEN guess_budgets.window_start > ? THEN guess_budgets.window_start ELSE excluded.window_start END
                """, [.text(limit.bucket), .date(now), .date(since), .date(since)])
        }
    }
}

/// The part of a peer's address that names one party: an IPv6 address by its /64 (a host or a
/// home gets a whole /64 and picks any address in it), IPv4 whole, an IPv4-mapped IPv6 address as
/// the IPv4 address it maps.
enum SourceKey {
    static func of(_ address: String) -> String {
        var bytes = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        let octets = withUnsafeBytes(of: bytes) { Array($0) }
        if octets[0..<10].allSatisfy({ $0 == 0 }) && octets[10] == 0xff && octets[11] == 0xff {
            return octets[12..<16].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(octets[$0]) << 8 | UInt16(octets[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
