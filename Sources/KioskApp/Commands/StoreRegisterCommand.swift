import ArgumentParser
import Foundation
import KioskSync
import StoreAPI

extension StoreCommand {
    /// `kiosk store register`: a technician registers a new kiosk with the central store once.
    /// The token goes to a file only the kiosk user reads (never into the config, which may be
    /// shared); the namespace the store assigned must go into `[kiosk] namespace`.
    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register this kiosk with the central store and save its token.",
            discussion: """
                Needs the store's admin token (from the file given, or KIOSK_STORE_ADMIN_TOKEN). Writes the kiosk's \
                token to --token-file (mode 600) and prints the namespace to put into [kiosk] namespace.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "The store's base URL (default: [devices] store_url).") var url: String?
        @Option(help: "PEM file of the store's CA, for https (default: [devices] store_ca).") var ca: String?
        @Option(help: "File holding the store's admin token.") var adminTokenFile: String?
        @Option(help: "Where to write this kiosk's token (default: [devices] store_token_file, else store-token beside the database).")
        var tokenFile: String?
        @Option(help: "Name shown in the store's reports (default: [kiosk] id).") var name: String?
        @Option(help: "Site (café) this kiosk stands in.") var site = "main"

        func run() async throws {
            let runtime = try await Runtime.open(global)
            let devices = runtime.config.devices
            guard let url = url ?? devices.storeURL else {
                throw ValidationError("give --url or set [devices] store_url")
            }
            guard let admin = try AdminToken.read(file: adminTokenFile) else {
                throw ValidationError("give --admin-token-file or set KIOSK_STORE_ADMIN_TOKEN")
            }
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: url, caCertificatePath: ca ?? devices.storeCA))
            let registered: Result<RegisterKioskResponseSummary, any Error>
            do {
                let response = try await client.register(adminToken: admin, name: name ?? runtime.config.kioskID, site: site)
                registered = .success(RegisterKioskResponseSummary(kioskID: response.kioskID, namespace: response.namespace,
                                                                   token: response.bearerToken))
            } catch {
                registered = .failure(error)
            }
            try? await client.shutdown()
            let summary = try registered.get()
            let path = tokenFile ?? runtime.config.storeTokenPath
            do {
                try SecretFile.write(summary.token + "\n", to: path)
            } catch {
                throw CommandFailure(description: "cannot write the token to \(path): \(error) (kiosk \(summary.kioskID) is registered: "
                                     + "register again once the folder is writable)")
            }
            print("registered kiosk \(summary.kioskID); token saved to \(path)")
            print("namespace = \(summary.namespace)   # put this into [kiosk] of the kiosk's config")
        }
    }

    struct RegisterKioskResponseSummary: Sendable {
        let kioskID: String
        let namespace: Int
        let token: String
    }
}
