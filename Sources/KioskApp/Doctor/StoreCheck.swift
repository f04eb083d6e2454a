import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Can the kiosk reach its store? GET of the store's health route (`/v1/health`, the path
/// StoreAPI's `Routes.health` names; KioskApp does not import StoreAPI for one string).
struct StoreCheck {
    static let healthPath = "/v1/health"

    let baseURL: String?
    var timeoutSeconds: Double = 5

    func run() async -> DoctorFinding {
        let name = "store"
        guard let baseURL else {
            return DoctorFinding(name, .ok, "no [devices] store_url: the kiosk runs standalone, sales stay local")
        }
        guard let url = URL(string: baseURL + Self.healthPath) else {
            return DoctorFinding(name, .fail, "store_url '\(baseURL)' is not a valid URL", fix: "write it like \"http://127.0.0.1:8443\"")
        }
        var request = URLRequest(url: url)
        request.timeoutInterval = timeoutSeconds
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let result: Result<(Data, Int), Error> = await withCheckedContinuation { continuation in
            session.dataTask(with: request) { data, response, error in
                if let error { continuation.resume(returning: .failure(error)); return }
                continuation.resume(returning: .success((data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0)))
            }.resume()
        }
        switch result {
        case let .failure(error):
            return DoctorFinding(name, .fail, "store at \(url.absoluteString) unreachable: \(error.localizedDescription)",
                                 fix: "check the network and that kiosk-store runs (systemctl status kiosk-store)")
        case let .success((data, status)) where status == 200:
            let body = String(decoding: data.prefix(80), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return DoctorFinding(name, .ok, "store at \(url.absoluteString) answered 200 \(body)")
        case let .success((_, status)):
            return DoctorFinding(name, .fail, "store at \(url.absoluteString) answered HTTP \(status)",
                                 fix: "check store_url (it is the store's base URL) and the store's log (journalctl -u kiosk-store)")
        }
    }
}
