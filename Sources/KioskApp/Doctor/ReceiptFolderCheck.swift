import Foundation

/// `[devices] receipt_folder` instead of a printer: the folder must exist and take files, since
/// every receipt of a sale is written there (the kiosk makes it if only it is missing).
struct ReceiptFolderCheck {
    let folder: String

    func run() -> DoctorFinding {
        let name = "printer"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                return DoctorFinding(name, .fail, "receipt_folder \(folder) is a file, not a folder", fix: "point [devices] receipt_folder at a folder")
            }
            guard FileManager.default.isWritableFile(atPath: folder) else {
                return DoctorFinding(name, .fail, "receipts cannot be written to \(folder)", fix: "chown kiosk \(folder)")
            }
            return DoctorFinding(name, .ok, "receipts are written to the folder \(folder) (no printer: [devices] receipt_folder)")
        }
        let parent = (folder as NSString).deletingLastPathComponent
        guard FileManager.default.isWritableFile(atPath: parent) else {
            return DoctorFinding(name, .fail, "receipt folder \(folder) is missing and \(parent) cannot be written", fix: "mkdir -p \(folder) && chown kiosk \(folder)")
        }
        return DoctorFinding(name, .ok, "receipts will be written to \(folder) (made at the first receipt)")
    }
}
