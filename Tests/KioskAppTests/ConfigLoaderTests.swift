import Foundation
import KioskDomain
import Testing
@testable import KioskApp

@Suite struct ConfigLoaderTests {
    @Test func noConfigMeansBuiltInDefaults() {
        let config = KioskConfig()
        #expect(!config.plans.isEmpty)
        #expect(config.overpayment == .returnOvershootingNote)
        #expect(KioskConfig.defaultDatabasePath(environment: ["KIOSK_DATA_DIR": "/var/lib/kiosk"]) == "/var/lib/kiosk/kiosk.sqlite")
        #expect(KioskConfig.defaultDatabasePath(environment: ["HOME": "/home/k"]) == "/home/k/.local/share/kiosk/kiosk.sqlite")
    }

    @Test func theCommittedSampleParses() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("kiosk/kiosk.sample.toml").path
        let config = try ConfigLoader.load(path: sample)
        #expect(config.plans.map(\.id) == ["internet-1h", "night-game", "refill-100", "guest"])
        #expect(config.paymentTimeoutSeconds == 120)
        let night = config.plans[1]
        #expect(night.price == .major(400, .rub))
        #expect(night.salesWindows == [SalesWindow(weekdays: SalesWindow.everyDay, startMinute: 1320, endMinute: 480)])
        #expect(night.maxBonusBasisPoints == 2000)
        #expect(config.plans[3].isFree && config.plans[3].validity.fixedUntil != nil)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let toml: String
        let line: Int
        let key: String?
        let says: String
        var testDescription: String { says }
    }

    @Test(arguments: [
        BadCase(toml: "[kiosk]\nid = \"k\"\nnamespace = 5000\n", line: 3, key: "kiosk.namespace", says: "0…1023"),
        BadCase(toml: "[kiosk]\ntime_zone = \"Mars/Olympus\"\n", line: 2, key: "kiosk.time_zone", says: "unknown time zone"),
        BadCase(toml: "[kiosk]\ncurency = \"RUB\"\n", line: 2, key: "kiosk.curency", says: "unknown key"),
        BadCase(toml: "[sales]\noverpayment = \"keep\"\n", line: 2, key: "sales.overpayment", says: "must be \"return\""),
        BadCase(toml: "[sales]\npayment_timeout_seconds = 0\n", line: 2, key: "sales.payment_timeout_seconds", says: "greater than 0"),
        BadCase(toml: "[[plan]]\nid = \"a\"\nprice = 1\nminutes = 1\n\n[[plan]]\nid = \"b\"\nprice = 99.5\nminutes = 5\n",
                line: 8, key: "plan.price", says: "float"),
        BadCase(toml: "[[plan]]\nid = \"a\"\nprice = 10\nminutes = 5\ndata_mb = 100\n", line: 5, key: "plan.data_mb", says: "exactly one"),
        BadCase(toml: "[[plan]]\nid = \"a\"\nprice = 10\nminutes = 5\nwindows = [{ days = \"mon\", time = \"25:00-08:00\" }]\n",
                line: 5, key: "plan.windows", says: "HH:MM-HH:MM"),
        BadCase(toml: "[kiosk\nid = 1\n", line: 1, key: nil, says: "not valid TOML"),
        BadCase(toml: "[rate]\nname = \"Any\"\ncategory = \"chess\"\nhourly_price = 60\n", line: 3, key: "rate.category",
                says: "\"internet\" or \"game\""),
        BadCase(toml: "[rate]\nhourly_price = 0\n", line: 2, key: "rate.hourly_price", says: "positive"),
        // × 100 to basis points would overflow Int64: a clear error, not a trap.
        BadCase(toml: "[[plan]]\nid = \"a\"\nprice = 10\nminutes = 5\ndiscount_percent = 9223372036854775807\n",
                line: 5, key: "plan.discount_percent", says: "percentage 0…100"),
        BadCase(toml: "[[plan]]\nid = \"a\"\nprice = 9223372036854775807\nminutes = 5\n", line: 3, key: "plan.price",
                says: "too large"),
        BadCase(toml: "[devices]\ndpi = 102\nmounting_height_mm = 1500\n", line: 3, key: "devices.mounting_height_mm",
                says: "bottom edge above the floor in millimetres, 0…1220"),
        BadCase(toml: "[devices]\nmounting_height_mm = -5\n", line: 2, key: "devices.mounting_height_mm", says: "got -5"),
        BadCase(toml: "[devices]\nmounting_height_mm = \"850mm\"\n", line: 2, key: "devices.mounting_height_mm", says: "number"),
        BadCase(toml: "[store]\nbackup_keep = 0\n", line: 2, key: "store.backup_keep", says: "greater than 0"),
        BadCase(toml: "[store]\nbackup_minutes = -1\n", line: 2, key: "store.backup_minutes", says: "0 (no periodic backups) or more"),
    ])
    func badConfigNamesFileLineAndKey(bad: BadCase) {
        do {
            _ = try ConfigLoader.parse(bad.toml, file: "/etc/kiosk/kiosk.toml")
            Issue.record("accepted bad config: \(bad.says)")
        } catch {
            #expect(error.file == "/etc/kiosk/kiosk.toml")
            #expect(error.line == bad.line, "\(error)")
            #expect(error.key == bad.key, "\(error)")
            #expect(error.description.contains(bad.says), "\(error)")
        }
    }

    @Test func aRatePlanSellsTimeForAnyAmount() throws {
        let config = try ConfigLoader.parse("""
            [rate]
            name = "Internet, any amount"
            hourly_price = "60.00"
            minimum = 20
            valid_days_from_first_use = 30
            """, file: "k.toml")
        let rate = try #require(config.ratePlan)
        #expect(rate.hourlyPrice == .major(60, .rub) && rate.minimumAmount == .major(20, .rub) && rate.category == .internet)
        #expect(rate.minutes(for: .major(50, .rub)) == 50)
        #expect(rate.validity == Validity(daysFromFirstUse: 30))
    }

    @Test func backupsDefaultBesideTheDatabaseAndFollowTheirKeys() throws {
        let defaults = try ConfigLoader.parse("[store]\npath = \"/var/lib/kiosk/kiosk.sqlite\"\n", file: "k.toml")
        #expect(defaults.backups.folder == "/var/lib/kiosk/kiosk.sqlite.backup" && defaults.backups.keep == 7)
        #expect(defaults.backupMinutes == 60)
        let set = try ConfigLoader.parse("[store]\nbackup_folder = \"/srv/b\"\nbackup_keep = 2\nbackup_minutes = 0\n", file: "k.toml")
        #expect(set.backups.folder == "/srv/b" && set.backups.keep == 2 && set.backupMinutes == 0)
    }

    @Test func decimalTextIsExact() {
        #expect(DecimalText.minorUnits("99.5", minorPerMajor: 100) == 9_950)
        #expect(DecimalText.minorUnits("0.05", minorPerMajor: 100) == 5)
        #expect(DecimalText.minorUnits("12", minorPerMajor: 100) == 1_200)
        #expect(DecimalText.minorUnits("1.005", minorPerMajor: 100) == nil)
        #expect(DecimalText.minorUnits("abc", minorPerMajor: 100) == nil)
    }

    @Test func helpTextNamesEveryBatchOption() {
        let help = KioskCommand.helpMessage(for: VouchersCommand.Generate.self)
        for option in ["--count", "--type", "--plan", "--discount", "--prefix", "--start-number", "--password-length",
                       "--account-kind", "--code-length", "--sell", "--format"] {
            #expect(help.contains(option), "help lacks \(option)")
        }
    }

    @Test func csvQuotesWhatNeedsQuoting() {
        let csv = Output.render(headers: ["a", "b"], rows: [["x,y", "say \"hi\""]], format: .csv)
        #expect(csv == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n")
    }
}
