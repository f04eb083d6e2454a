import Foundation
@testable import KioskApp
import Testing

/// The store token file is mode 600 from its first byte, an older wider file is narrowed, and a
/// symlink in its place is refused.
@Suite struct SecretFileTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secret-file-\(UUID().uuidString)").path

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aNewTokenFileIsOwnerOnly() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/store-token"
        try SecretFile.write("kiosk.secret\n", to: path)
        #expect(try mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kiosk.secret\n")
    }

    @Test func aWiderFileThatExistedIsNarrowedAndReplaced() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/store-token"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old-token-that-is-longer\n".utf8),
                                               attributes: [.posixPermissions: 0o644]))
        try SecretFile.write("new\n", to: path)
        #expect(try mode(path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
    }

    @Test func aSymlinkInItsPlaceIsRefused() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/store-token", withDestinationPath: folder + "/elsewhere")
        #expect(throws: SecretFile.WriteError.self) { try SecretFile.write("x\n", to: folder + "/store-token") }
        #expect(!FileManager.default.fileExists(atPath: folder + "/elsewhere"))
    }
}
