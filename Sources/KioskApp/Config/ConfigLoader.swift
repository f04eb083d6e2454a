import Foundation
import KioskCore
import KioskDomain
import TOMLKit

/// Reads a kiosk config file (TOML) over the built-in defaults. Every key is checked: unknown
/// keys, wrong types and bad values are errors with file, line and key, because a typo in a
/// price or a time zone must stop a kiosk at start, not surface as a wrong sale.
public enum ConfigLoader {
    public static func load(path: String) throws(ConfigError) -> KioskConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, line: nil, key: nil, message: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> KioskConfig {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, key: nil,
                              message: "not valid TOML: \(error.description) (column \(error.source.begin.column))")
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, message: "not valid TOML: \(error)")
        }
        var reader = Reader(file: file, lines: ConfigLines(text))
        return try reader.read(root)
    }
}

/// Walks the parsed table, turning each value into its typed setting or a located error.
private struct Reader {
    let file: String
    let lines: ConfigLines

    func fail(_ key: String?, table: String?, index: Int? = nil, _ message: String) -> ConfigError {
        ConfigError(file: file, line: lines.line(of: key, inTable: table, index: index),
                    key: key.map { name in table.map { "\($0).\(name)" } ?? name }, message: message)
    }

    mutating func read(_ root: TOMLTable) throws(ConfigError) -> KioskConfig {
        var config = KioskConfig()
        try refuseUnknown(root, allowed: ["kiosk", "store", "sales", "plan", "rate", "staff", "devices"], table: nil)
        if let devices = try table(root, "devices") { config.devices = try DeviceConfig(devices, file: file, lines: lines) }
        if let kiosk = try table(root, "kiosk") { try readKiosk(kiosk, into: &config) }
        if let store = try table(root, "store") {
            try refuseUnknown(store, allowed: ["path", "backup_folder", "backup_keep", "backup_minutes"], table: "store")
            if let path = try string(store, "path", table: "store") {
                guard !path.isEmpty else { throw fail("path", table: "store", "must not be empty") }
                config.databasePath = path
            }
            if let folder = try string(store, "backup_folder", table: "store") {
                guard !folder.isEmpty else { throw fail("backup_folder", table: "store", "must not be empty") }
                config.backupFolder = folder
            }
            if let keep = try positive(store, "backup_keep", table: "store") { config.backupKeep = keep }
            if let minutes = try int(store, "backup_minutes", table: "store") {
                guard minutes >= 0 else { throw fail("backup_minutes", table: "store", "must be 0 (no periodic backups) or more, got \(minutes)") }
                config.backupMinutes = minutes
            }
        }
        if let sales = try table(root, "sales") {
            try refuseUnknown(sales, allowed: ["overpayment", "payment_timeout_seconds", "show_code_when_printer_down"], table: "sales")
            if let show = try bool(sales, "show_code_when_printer_down", table: "sales") {
                config.printerPolicy.showCodeOnScreenWhenPrinterDown = show
            }
            if let seconds = try positive(sales, "payment_timeout_seconds", table: "sales") { config.paymentTimeoutSeconds = seconds }
            if let policy = try string(sales, "overpayment", table: "sales") {
                switch policy {
                case "return": config.overpayment = .returnOvershootingNote
                case "extra_time": config.overpayment = .keepAndCredit(.extraTime)
                case "change_voucher": config.overpayment = .keepAndCredit(.changeVoucher)
                default: throw fail("overpayment", table: "sales", "must be \"return\", \"extra_time\" or \"change_voucher\", got \"\(policy)\"")
                }
            }
        }
        if let rate = try table(root, "rate") { config.ratePlan = try readRate(rate, currency: config.currency) }
        if let staffValue = root["staff"] {
            guard let members = staffValue.array else { throw fail("staff", table: nil, "must be an array of tables: write [[staff]]") }
            for index in 0..<members.count {
                guard let member = members[index].table else { throw fail("staff", table: nil, "must be an array of tables: write [[staff]]") }
                try refuseUnknown(member, allowed: ["name", "pin_hash"], table: "staff", index: index)
                guard let name = try string(member, "name", table: "staff", index: index), !name.isEmpty else {
                    throw fail("name", table: "staff", index: index, "every [[staff]] needs a name")
                }
                guard let hash = try string(member, "pin_hash", table: "staff", index: index), hash.hasPrefix("scrypt$") || hash.hasPrefix("pbkdf2-sha256$") else {
                    throw fail("pin_hash", table: "staff", index: index,
                               "must be a PIN hash made by `kiosk staff hash-pin` (never the PIN itself)")
                }
                config.staff.append(StaffAccess.Member(name: name, pinHash: hash))
            }
        }
        if let planValue = root["plan"] {
            guard let plans = planValue.array else { throw fail("plan", table: nil, "must be an array of tables: write [[plan]]") }
            var result: [PricePlan] = []
            for index in 0..<plans.count {
                guard let plan = plans[index].table else { throw fail("plan", table: nil, "must be an array of tables: write [[plan]]") }
                result.append(try readPlan(plan, index: index, currency: config.currency, timeZone: config.siteTimeZone))
            }
            let ids = result.map(\.id)
            if let duplicate = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
                throw fail("id", table: "plan", index: ids.lastIndex(of: duplicate), "plan id \"\(duplicate)\" is used twice")
            }
            config.plans = result
            if let rate = config.ratePlan, ids.contains(rate.id) {
                throw fail("id", table: "rate", "the [rate] id \"\(rate.id)\" is also a plan's id: give it its own")
            }
        } else {
            config.plans = KioskConfig.demoPlans(currency: config.currency)
        }
        return config
    }

    func readKiosk(_ kiosk: TOMLTable, into config: inout KioskConfig) throws(ConfigError) {
        try refuseUnknown(kiosk, allowed: ["id", "namespace", "time_zone", "currency", "language", "zone", "support_phone", "login_url"],
                          table: "kiosk")
        if let id = try string(kiosk, "id", table: "kiosk") { config.kioskID = id }
        if let number = try int(kiosk, "namespace", table: "kiosk") {
            guard let namespace = KioskNamespace(number: number) else {
                throw fail("namespace", table: "kiosk", "must be 0…1023 (unique per kiosk), got \(number)")
            }
            config.namespace = namespace
        }
        if let name = try string(kiosk, "time_zone", table: "kiosk") {
            guard let zone = TimeZone(identifier: name) else {
                throw fail("time_zone", table: "kiosk", "unknown time zone \"\(name)\" (use an IANA name such as \"Europe/Moscow\")")
            }
            config.siteTimeZone = zone
        }
        if let code = try string(kiosk, "currency", table: "kiosk") {
            guard let currency = Currency.known[code] else {
                throw fail("currency", table: "kiosk", "unknown currency \"\(code)\" (known: \(Currency.known.keys.sorted().joined(separator: ", ")))")
            }
            config.currency = currency
        }
        if let language = try string(kiosk, "language", table: "kiosk") {
            guard let value = MoneyFormatter.Language(rawValue: language) else {
                throw fail("language", table: "kiosk", "must be \"en\" or \"ru\", got \"\(language)\"")
            }
            config.language = value
        }
        if let zone = try string(kiosk, "zone", table: "kiosk") { config.zone = zone }
        if let phone = try string(kiosk, "support_phone", table: "kiosk") { config.supportPhone = phone }
        if let url = try string(kiosk, "login_url", table: "kiosk") {
            guard !url.isEmpty else { throw fail("login_url", table: "kiosk", "must not be empty (leave the key out for the bare code)") }
            config.loginURL = url
        }
    }

    func readPlan(_ plan: TOMLTable, index: Int, currency: Currency, timeZone: TimeZone) throws(ConfigError) -> PricePlan {
        let t = "plan"
        try refuseUnknown(plan, allowed: ["id", "name", "price", "minutes", "category", "data_mb", "money", "zones", "windows",
                                          "valid_until", "valid_days_from_sale", "valid_days_from_first_use",
                                          "max_bonus_percent", "free", "discount_percent"], table: t, index: index)
        guard let id = try string(plan, "id", table: t, index: index), !id.isEmpty else {
            throw fail("id", table: t, index: index, "every [[plan]] needs an id")
        }
        let name = try string(plan, "name", table: t, index: index) ?? id
        let isFree = try bool(plan, "free", table: t, index: index) ?? false
        guard let price = try money(plan, "price", table: t, index: index, currency: currency) ?? (isFree ? .zero(currency) : nil) else {
            throw fail("price", table: t, index: index, "plan \"\(id)\" needs a price (e.g. price = \"100.00\")")
        }
        let grant = try readGrant(plan, index: index, currency: currency, id: id)
        var windows: [SalesWindow] = []
        if let value = plan["windows"] {
            guard let array = value.array else { throw fail("windows", table: t, index: index, "must be a list like [{ days = \"mon-fri\", time = \"22:00-08:00\" }]") }
            for item in array {
                guard let window = item.table else { throw fail("windows", table: t, index: index, "each window is { days = \"…\", time = \"HH:MM-HH:MM\" }") }
                windows.append(try readWindow(window, index: index))
            }
        }
        var zones: [String] = []
        if let value = plan["zones"] {
            guard let array = value.array else { throw fail("zones", table: t, index: index, "must be a list of zone names") }
            for item in array {
                guard let zone = item.string else { throw fail("zones", table: t, index: index, "must be a list of zone names") }
                zones.append(zone)
            }
        }
        var validUntil: Date? = nil
        if let value = plan["valid_until"] {
            guard let date = value.date, let local = DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: timeZone,
                                                                     year: date.year, month: date.month, day: date.day + 1).date else {
                throw fail("valid_until", table: t, index: index, "must be a date like 2026-12-31 (valid through that day)")
            }
            validUntil = local
        }
        let daysFromSale = try positive(plan, "valid_days_from_sale", table: t, index: index)
        let daysFromFirstUse = try positive(plan, "valid_days_from_first_use", table: t, index: index)
        let bonus = try percent(plan, "max_bonus_percent", table: t, index: index) ?? 0
        let discount = try percent(plan, "discount_percent", table: t, index: index) ?? 0
        return PricePlan(id: id, name: name, price: price, grant: grant, zones: zones, salesWindows: windows,
                         validity: Validity(fixedUntil: validUntil, daysFromSale: daysFromSale, daysFromFirstUse: daysFromFirstUse),
                         maxBonusBasisPoints: bonus, isFree: isFree, discountBasisPoints: discount)
    }

    /// `[rate]`: time for any amount, minutes = ⌈amount × 60 / hourly_price⌉ (see `RatePlan`).
    func readRate(_ rate: TOMLTable, currency: Currency) throws(ConfigError) -> RatePlan {
        let t = "rate"
        try refuseUnknown(rate, allowed: ["id", "name", "hourly_price", "category", "minimum", "valid_days_from_sale",
                                          "valid_days_from_first_use"], table: t)
        let id = try string(rate, "id", table: t) ?? "time-for-amount"
        let name = try string(rate, "name", table: t) ?? "Time for any amount"
        guard let hourly = try money(rate, "hourly_price", table: t, index: nil, currency: currency), hourly.isPositive else {
            throw fail("hourly_price", table: t, "[rate] needs a positive hourly_price (e.g. hourly_price = 60)")
        }
        let categoryName = try string(rate, "category", table: t) ?? "internet"
        guard let category = MinuteCategory(rawValue: categoryName) else {
            throw fail("category", table: t, "must be \"internet\" or \"game\", got \"\(categoryName)\"")
        }
        let minimum = try money(rate, "minimum", table: t, index: nil, currency: currency) ?? Money(minorUnits: 1, currency: currency)
        let validity = Validity(daysFromSale: try positive(rate, "valid_days_from_sale", table: t),
                                daysFromFirstUse: try positive(rate, "valid_days_from_first_use", table: t))
        return RatePlan(id: id, name: name, hourlyPrice: hourly, category: category, minimumAmount: minimum, validity: validity)
    }

    func readGrant(_ plan: TOMLTable, index: Int, currency: Currency, id: String) throws(ConfigError) -> Grant {
        let t = "plan"
        let minutes = try positive(plan, "minutes", table: t, index: index)
        let data = try positive(plan, "data_mb", table: t, index: index)
        let money = try money(plan, "money", table: t, index: index, currency: currency)
        let given = [minutes != nil, data != nil, money != nil].filter { $0 }.count
        guard given == 1 else {
            throw fail(given == 0 ? "minutes" : "data_mb", table: t, index: index,
                       "plan \"\(id)\" must grant exactly one of minutes, data_mb or money")
        }
        if let minutes {
            let categoryName = try string(plan, "category", table: t, index: index) ?? "internet"
            guard let category = MinuteCategory(rawValue: categoryName) else {
                throw fail("category", table: t, index: index, "must be \"game\" or \"internet\", got \"\(categoryName)\"")
            }
            return .minutes(Int64(minutes), category)
        }
        if let data { return .dataMegabytes(Int64(data)) }
        return .money(money!)
    }

    func readWindow(_ window: TOMLTable, index: Int) throws(ConfigError) -> SalesWindow {
        guard let days = window["days"]?.string, let weekdays = Self.weekdays(days) else {
            throw fail("windows", table: "plan", index: index, "days must be like \"mon-fri\", \"sat,sun\" or \"all\"")
        }
        guard let time = window["time"]?.string, let range = SalesWindow.parseTimeRange(time) else {
            throw fail("windows", table: "plan", index: index, "time must be \"HH:MM-HH:MM\" (e.g. \"22:00-08:00\" across midnight)")
        }
        return SalesWindow(weekdays: weekdays, startMinute: range.start, endMinute: range.end)
    }

    static func weekdays(_ text: String) -> Set<Int>? {
        let names = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
        if text.lowercased() == "all" { return SalesWindow.everyDay }
        var result = Set<Int>()
        for part in text.lowercased().split(separator: ",") {
            let ends = part.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = ends.first.flatMap({ names[$0] }) else { return nil }
            if ends.count == 1 { result.insert(first); continue }
            guard ends.count == 2, let last = names[ends[1]] else { return nil }
            var day = first
            while true {
                result.insert(day)
                if day == last { break }
                day = day % 7 + 1
            }
        }
        return result.isEmpty ? nil : result
    }

    // MARK: Typed access with located errors

    func refuseUnknown(_ table: TOMLTable, allowed: Set<String>, table name: String?, index: Int? = nil) throws(ConfigError) {
        for key in table.keys where !allowed.contains(key) {
            throw fail(key, table: name, index: index, "unknown key (known here: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func table(_ root: TOMLTable, _ key: String) throws(ConfigError) -> TOMLTable? {
        guard let value = root[key] else { return nil }
        guard let table = value.table else { throw fail(key, table: nil, "must be a table: write [\(key)]") }
        return table
    }

    func string(_ table: TOMLTable, _ key: String, table name: String, index: Int? = nil) throws(ConfigError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw fail(key, table: name, index: index, "must be a string in quotes") }
        return text
    }

    func int(_ table: TOMLTable, _ key: String, table name: String, index: Int? = nil) throws(ConfigError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else { throw fail(key, table: name, index: index, "must be a whole number") }
        return number
    }

    func positive(_ table: TOMLTable, _ key: String, table name: String, index: Int? = nil) throws(ConfigError) -> Int? {
        guard let number = try int(table, key, table: name, index: index) else { return nil }
        guard number > 0 else { throw fail(key, table: name, index: index, "must be greater than 0, got \(number)") }
        return number
    }

    func bool(_ table: TOMLTable, _ key: String, table name: String, index: Int? = nil) throws(ConfigError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else { throw fail(key, table: name, index: index, "must be true or false") }
        return flag
    }

    /// Money is written as a whole number of major units (100) or a decimal string ("99.50"),
    /// never a TOML float: 0.1 + 0.2 has no place near a price.
    func money(_ table: TOMLTable, _ key: String, table name: String, index: Int?, currency: Currency) throws(ConfigError) -> Money? {
        guard let value = table[key] else { return nil }
        if let whole = value.int {
            guard whole >= 0 else { throw fail(key, table: name, index: index, "must not be negative") }
            let (minor, overflow) = Int64(whole).multipliedReportingOverflow(by: currency.minorPerMajor)
            guard !overflow else { throw fail(key, table: name, index: index, "is too large an amount") }
            return Money(minorUnits: minor, currency: currency)
        }
        guard let text = value.string, let minor = DecimalText.minorUnits(text, minorPerMajor: currency.minorPerMajor), minor >= 0 else {
            throw fail(key, table: name, index: index, "must be an amount like 100 or \"99.50\" (a float such as 99.5 is refused to avoid rounding)")
        }
        return Money(minorUnits: minor, currency: currency)
    }

    /// Percentages as a whole number (15) or a decimal string ("12.5"), stored as basis points.
    func percent(_ table: TOMLTable, _ key: String, table name: String, index: Int?) throws(ConfigError) -> Int? {
        guard let value = table[key] else { return nil }
        let basisPoints: Int64?
        if let whole = value.int {
            let (points, overflow) = Int64(whole).multipliedReportingOverflow(by: 100)   // a huge number is an error, not a trap
            basisPoints = overflow ? nil : points
        } else {
            basisPoints = value.string.flatMap { DecimalText.minorUnits($0, minorPerMajor: 100) }
        }
        guard let basisPoints, Money.basisPoints.contains(Int(basisPoints)) else {
            throw fail(key, table: name, index: index, "must be a percentage 0…100 (e.g. 15 or \"12.5\")")
        }
        return Int(basisPoints)
    }
}

/// Exact decimal text → minor units: "99.5" → 9950 for 100 minor per major. No floating point.
enum DecimalText {
    static func minorUnits(_ text: String, minorPerMajor: Int64) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let major = Int64(parts[0]), !parts[0].hasPrefix("+") else { return nil }
        let digits = String(minorPerMajor - 1).count
        var fraction: Int64 = 0
        if parts.count == 2 {
            let text = parts[1]
            guard !text.isEmpty, text.count <= digits, text.allSatisfy(\.isASCII), let value = Int64(text), value >= 0 else { return nil }
            fraction = value
            for _ in text.count..<digits { fraction *= 10 }
        }
        let (scaled, overflow) = major.magnitude.multipliedReportingOverflow(by: UInt64(minorPerMajor))
        guard !overflow, scaled <= UInt64(Int64.max) else { return nil }
        let sign: Int64 = trimmed.hasPrefix("-") ? -1 : 1
        return sign * (Int64(scaled) + fraction)
    }
}
