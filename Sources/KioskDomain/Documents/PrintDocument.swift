/// What can be printed. The documents are plain values in the domain, not in KioskCore's printer
/// port, because the kiosk (receipts) and kiosk-store's counter (voucher sheets) both build them.
public enum PrintDocument: Sendable, Hashable {
    case receipt(Receipt)
    case voucherSheet(VoucherSheet)

    /// A short label for job titles and logs.
    public var title: String {
        switch self {
        case .receipt(let receipt): "receipt \(receipt.reference)"
        case .voucherSheet(let sheet): "vouchers ×\(sheet.cards.count)"
        }
    }
}
