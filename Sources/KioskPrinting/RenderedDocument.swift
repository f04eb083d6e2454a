import KioskCore
import KioskDomain

/// What a queue is for, and so how documents are laid out for it.
public enum PrinterKind: Sendable {
    /// An ESC/POS thermal roll on a raw queue. `statusProbe` is the printer's raw TCP port when it
    /// answers DLE EOT 4; then a completed job is also checked against the paper sensor.
    case receiptRoll(ReceiptEncoder, statusProbe: ESCPOSStatusProbe?)
    /// A driver queue taking whole pages (A4 or card stock): voucher sheets as PDF or PNG.
    case pages(VoucherSheetRenderer)
}

/// A document turned into the bytes a queue takes, plus a picture of it for previews.
public struct RenderedDocument: Sendable {
    /// The MIME type CUPS is told (`application/vnd.cups-raw`, `application/pdf`, `image/png`).
    public var format: String
    public var bytes: [UInt8]
    public var fileExtension: String
    /// What the paper should look like (first page for sheets), for the file printer and tests.
    public var preview: MonoBitmap?

    public init(format: String, bytes: [UInt8], fileExtension: String, preview: MonoBitmap?) {
        self.format = format
        self.bytes = bytes
        self.fileExtension = fileExtension
        self.preview = preview
    }

    /// Lays `document` out for a queue of `kind`; `printer` names the queue in errors.
    public static func render(_ document: PrintDocument, for kind: PrinterKind, printer: String) throws(PrintError) -> RenderedDocument {
        switch (document, kind) {
        case (.receipt(let receipt), .receiptRoll(let encoder, _)):
            let writer = encoder.encode(receipt)
            let bytes = writer.bytes
            let preview = ESCPOSPrintout(commands: writer.commands, paperWidth: encoder.paperWidth).image
            return RenderedDocument(format: "application/vnd.cups-raw", bytes: bytes, fileExtension: "escpos", preview: preview)
        case (.voucherSheet(let sheet), .pages(let renderer)):
            return renderer.render(sheet)
        case (.voucherSheet, .receiptRoll):
            throw .unsupported(printer: printer, detail: "voucher sheets go to an A4 or card queue, not a receipt roll")
        case (.receipt, .pages):
            throw .unsupported(printer: printer, detail: "receipts go to the ESC/POS receipt queue")
        }
    }
}
