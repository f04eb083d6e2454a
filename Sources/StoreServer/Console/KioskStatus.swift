import Foundation
import KioskDomain
import StoreAPI

/// One kiosk as the status page shows it. The cash box fill is the store's ledger balance of the
/// kiosk's cash holder (sales, refills and credits since the last collection); outstanding credits
/// are money the kiosk took and owes to customers. Devices come from the kiosk's latest status
/// report (`PUT /v1/kiosk/status`, sent after each sync round); without one they say so.
struct KioskStatus: Sendable, Hashable {
    var id: String
    var name: String
    var site: String
    var namespace: String
    var lastSync: Date?
    var eventCount: Int64
    /// Sums of the ledger: "overflow" rather than a trap when one leaves Int64 (`ReportSum`).
    var cashInBox: ReportSum
    var outstandingCredits: ReportSum
    var openCredits: Int64
    var lastCollection: Date?
    var printer: String
    var cashAcceptor: String
    var disk: String
    /// When the devices were last reported, and whether any of them is at fault.
    var reportedAt: Date?
    var deviceFault: Bool
    /// The kiosk's software version from its latest report; nil for kiosks that send none.
    var softwareVersion: String?
}

extension ConsoleStore {
    /// Kiosk events the store holds in its quarantine, still held first.
    func quarantine() async throws -> [Quarantine.Entry] {
        try await database.read { tx in try Quarantine.entries(tx) }
    }

    func kioskStatuses() async throws -> [KioskStatus] {
        try await database.read { tx in
            try tx.rows("SELECT id, name, site, namespace FROM kiosks ORDER BY name, id", []).map { row in
                let id = row[0].text ?? ""
                let sync = try tx.row("SELECT MAX(received_at), COUNT(*) FROM events WHERE kiosk_id = ?", [.text(id)])
                let cash = try tx.row("SELECT \(LedgerSum.sql("delta")) FROM ledger WHERE holder = ? AND unit = '\(BalanceUnit.money.rawValue)'",
                                      [.text("cash:\(id)")]).map { LedgerSum.value($0[0], $0[1]) } ?? 0
                var owed: ReportSum = 0, open: Int64 = 0
                for credit in try tx.rows("""
                    SELECT holder, \(LedgerSum.sql("delta")) FROM ledger WHERE holder LIKE ? AND unit = '\(BalanceUnit.money.rawValue)' GROUP BY holder
                    """, [.text("credit:\(id):%")]) {
                    let balance = LedgerSum.value(credit[1], credit[2])
                    guard balance.isOverflow || balance.sign > 0 else { continue }
                    owed += balance
                    open += 1
                }
                let collected = try tx.row("SELECT MAX(collected_at) FROM cash_collections WHERE kiosk_id = ?", [.text(id)])?[0].date
                let namespace = Int(row[3].int ?? 0)
                let report = try tx.row("SELECT body FROM kiosk_status WHERE kiosk_id = ?", [.text(id)])
                    .flatMap { try? JSONCoding.decode(KioskStatusReport.self, $0[0].text) }
                func text(_ device: KioskStatusReport.Device?) -> String {
                    guard let device else { return "not reported yet" }
                    return device.message.map { "\(device.state.rawValue): \($0)" } ?? device.state.rawValue
                }
                return KioskStatus(id: id, name: row[1].text ?? id, site: row[2].text ?? "",
                                   namespace: KioskNamespace(number: namespace)?.symbols ?? String(namespace), lastSync: sync?[0].date,
                                   eventCount: sync?[1].int ?? 0, cashInBox: cash, outstandingCredits: owed,
                                   openCredits: open, lastCollection: collected, printer: text(report?.printer),
                                   cashAcceptor: text(report?.cashAcceptor), disk: text(report?.disk),
                                   reportedAt: report?.reportedAt,
                                   deviceFault: [report?.printer, report?.cashAcceptor, report?.disk].contains { $0?.state == .fault },
                                   softwareVersion: report?.softwareVersion)
            }
        }
    }
}
