import Foundation
import KioskSync
import NIOCore

/// Can the kiosk reach its store, and does the store accept it? The same client the kiosk syncs
/// with (the store's CA pinned from `[devices] store_ca`): the health route first, then the
/// catalog with this kiosk's token, which the store refuses when the kiosk is not registered.
struct StoreCheck {
    let baseURL: String?
    var caPath: String? = nil
    /// `[devices] store_token_file`; nil or unreadable means the kiosk was never registered.
    var tokenFile: String? = nil
    var timeoutSeconds: Double = 5

    func run() async -> DoctorFinding {
        let name = "store"
        guard let baseURL else {
            return DoctorFinding(name, .ok, "no [devices] store_url: the kiosk runs standalone, sales stay local")
        }
        let token = tokenFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let client: StoreClient
        do {
            let timeout = TimeAmount.milliseconds(Int64(timeoutSeconds * 1000))
            client = try StoreClient(endpoint: StoreEndpoint(baseURL: baseURL, caCertificatePath: caPath,
                                                             kioskToken: token?.isEmpty == false ? token : nil),
                                     timeout: timeout, connectTimeout: timeout)
        } catch {
            return DoctorFinding(name, .fail, "store_url '\(baseURL)': \(error)",
                                 fix: "write it like \"https://store:8443\" with store_ca set (plain http only on loopback)")
        }
        let finding = await check(client, baseURL: baseURL, hasToken: token?.isEmpty == false)
        try? await client.shutdown()
        return finding
    }

    private func check(_ client: StoreClient, baseURL: String, hasToken: Bool) async -> DoctorFinding {
        let name = "store"
        do {
            try await client.health()
        } catch {
            return DoctorFinding(name, .fail, "store at \(baseURL) unreachable: \(error)",
                                 fix: "check the network, store_ca, and that kiosk-store runs (systemctl status kiosk-store)")
        }
        guard hasToken else {
            return DoctorFinding(name, .warn, "store at \(baseURL) answers, but this kiosk is not registered "
                                 + "(no token in \(tokenFile ?? "[devices] store_token_file")): sales stay local",
                                 fix: "kiosk store register --url \(baseURL) --admin-token-file FILE")
        }
        do {
            _ = try await client.pullCatalog(etag: nil)
            return DoctorFinding(name, .ok, "store at \(baseURL) answers and accepts this kiosk's token")
        } catch .refused(404, _) {
            return DoctorFinding(name, .ok, "store at \(baseURL) accepts this kiosk's token (no catalog uploaded yet: "
                                 + "the configured plans are sold)")
        } catch .refused(401, _) {
            return DoctorFinding(name, .fail, "store at \(baseURL) refused this kiosk's token",
                                 fix: "register the kiosk again (kiosk store register) or restore its token file")
        } catch {
            return DoctorFinding(name, .fail, "store at \(baseURL): \(error)",
                                 fix: "check the store's log (journalctl -u kiosk-store)")
        }
    }
}
