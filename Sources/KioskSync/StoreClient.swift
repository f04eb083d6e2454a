import AsyncHTTPClient
import Foundation
import KioskDomain
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import StoreAPI

/// Where the kiosk's store is and how the kiosk proves who it is.
public struct StoreEndpoint: Sendable, Hashable {
    /// `https://store.example:8443`; plain `http://` only for a loopback host (development).
    public var baseURL: String
    /// PEM file of the CA that signed the store's certificate. The kiosk trusts only this CA
    /// (not the system's roots), so a certificate from any other CA is refused.
    public var caCertificatePath: String?
    /// `<kioskID>.<secret>` from registration; nil before registration.
    public var kioskToken: String?

    public init(baseURL: String, caCertificatePath: String? = nil, kioskToken: String? = nil) {
        self.baseURL = baseURL
        self.caCertificatePath = caCertificatePath
        self.kioskToken = kioskToken
    }
}

/// Why a call to the store failed, with what a technician should do.
public enum StoreClientError: Error, CustomStringConvertible, Sendable {
    case plainHTTPOffLoopback(String)
    case missingCA(String)
    case invalidURL(String)
    /// Network or TLS: the store was not reached, or its certificate is not the pinned CA's.
    case unreachable(String)
    /// The store answered with an error.
    case refused(status: Int, APIError?)
    case undecodable(String)

    public var description: String {
        switch self {
        case .plainHTTPOffLoopback(let url):
            "the store address \(url) is plain HTTP off loopback: use https:// and set the store's CA file"
        case .missingCA(let url): "the store address \(url) is https: set the store's CA file (store.ca) in the kiosk config"
        case .invalidURL(let url): "the store address '\(url)' is not a valid URL"
        case .unreachable(let detail):
            "cannot reach the store (\(detail)): check the network, the address and that the CA file is the store's"
        case .refused(let status, let error): "the store refused the request (\(status)): \(error?.message ?? "no details")"
        case .undecodable(let detail): "the store's answer could not be read (\(detail)): is the store on API v1?"
        }
    }

    /// Whether trying again later can help (network trouble, a store restarting, overload).
    public var isTransient: Bool {
        switch self {
        case .unreachable: true
        case .refused(let status, _): status == 429 || status >= 500
        default: false
        }
    }
}

/// The kiosk's HTTP client for API v1 (AsyncHTTPClient), with the store's CA pinned.
public final class StoreClient: Sendable {
    public let endpoint: StoreEndpoint
    private let http: HTTPClient
    private let base: String
    private let timeout: TimeAmount

    /// - Parameters:
    ///   - timeout: for a whole request (the store answers a 1000-event batch well within it).
    ///   - connectTimeout: how long to keep trying to connect (refused connections are retried until then).
    public init(endpoint: StoreEndpoint, timeout: TimeAmount = .seconds(15),
                connectTimeout: TimeAmount = .seconds(5)) throws(StoreClientError) {
        guard let url = URL(string: endpoint.baseURL), let scheme = url.scheme, let host = url.host else {
            throw .invalidURL(endpoint.baseURL)
        }
        var configuration = HTTPClient.Configuration(timeout: .init(connect: connectTimeout, read: timeout))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        switch scheme {
        case "https":
            guard let ca = endpoint.caCertificatePath else { throw .missingCA(endpoint.baseURL) }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(ca)
            tls.certificateVerification = .fullVerification
            configuration.tlsConfiguration = tls
        case "http":
            guard LoopbackHost.contains(host) else { throw .plainHTTPOffLoopback(endpoint.baseURL) }
        default:
            throw .invalidURL(endpoint.baseURL)
        }
        self.endpoint = endpoint
        self.base = endpoint.baseURL.hasSuffix("/") ? String(endpoint.baseURL.dropLast()) : endpoint.baseURL
        self.timeout = timeout
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async throws { try await http.shutdown() }

    // MARK: API v1

    public func health() async throws(StoreClientError) {
        _ = try await send(.GET, Routes.health, token: nil, body: nil)
    }

    public func register(adminToken: String, name: String, site: String) async throws(StoreClientError) -> RegisterKioskResponse {
        let (_, body) = try await send(.POST, Routes.registerKiosk, token: adminToken,
                                       body: try encode(RegisterKioskRequest(name: name, site: site)))
        return try decode(RegisterKioskResponse.self, body)
    }

    /// Replaces the store's catalog (admin: set-up scripts and tests).
    public func putCatalog(_ catalog: Catalog, adminToken: String) async throws(StoreClientError) -> Catalog {
        let (_, body) = try await send(.PUT, Routes.adminCatalog, token: adminToken, body: try encode(catalog))
        return try decode(Catalog.self, body)
    }

    /// Every holder's balances as the store's ledger has them (admin: reconciliation).
    public func balances(adminToken: String) async throws(StoreClientError) -> BalancesReport {
        let (_, body) = try await send(.GET, Routes.adminBalances, token: adminToken, body: nil)
        return try decode(BalancesReport.self, body)
    }

    /// The catalog, or nil when the kiosk's version (`etag`) is current.
    public func pullCatalog(etag: String?) async throws(StoreClientError) -> Catalog? {
        var headers = HTTPHeaders()
        if let etag { headers.add(name: "If-None-Match", value: etag) }
        let (status, body) = try await send(.GET, Routes.catalog, token: endpoint.kioskToken, body: nil, headers: headers)
        if status == 304 { return nil }
        return try decode(Catalog.self, body)
    }

    /// Pushes events in one batch; one result per event, in order.
    public func push(_ events: [KioskEvent]) async throws(StoreClientError) -> [EventResult] {
        let (_, body) = try await send(.POST, Routes.eventsBatch, token: endpoint.kioskToken,
                                       body: try encode(EventBatch(events: events)))
        return try decode(EventBatchResult.self, body).results
    }

    /// Sends the kiosk's device report for the staff console.
    public func reportStatus(_ report: KioskStatusReport) async throws(StoreClientError) {
        _ = try await send(.PUT, Routes.kioskStatus, token: endpoint.kioskToken, body: try encode(report))
    }

    /// A ticket the store knows, or nil.
    public func ticket(_ code: AccessCode) async throws(StoreClientError) -> TicketInfo? {
        do {
            let (_, body) = try await send(.GET, Routes.ticket(code.canonical), token: endpoint.kioskToken, body: nil)
            return try decode(TicketInfo.self, body)
        } catch .refused(404, _) { return nil }
    }

    /// An account the store knows, or nil.
    public func account(_ username: String) async throws(StoreClientError) -> AccountInfo? {
        guard let escaped = username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { return nil }
        do {
            let (_, body) = try await send(.GET, Routes.account(escaped), token: endpoint.kioskToken, body: nil)
            return try decode(AccountInfo.self, body)
        } catch .refused(404, _) { return nil }
    }

    // MARK: Plumbing

    private func send(_ method: HTTPMethod, _ path: String, token: String?, body: Data?,
                      headers: HTTPHeaders = [:]) async throws(StoreClientError) -> (Int, ByteBuffer) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers = headers
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        let status: Int
        let buffer: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = Int(response.status.code)
            buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        } catch {
            throw .unreachable(String(describing: error))
        }
        guard (200..<300).contains(status) || status == 304 else {
            throw .refused(status: status, try? StoreJSON.decoder().decode(APIError.self, from: Data(buffer: buffer)))
        }
        return (status, buffer)
    }

    private func encode<T: Encodable>(_ value: T) throws(StoreClientError) -> Data {
        do { return try StoreJSON.encoder().encode(value) } catch { throw .undecodable("\(error)") }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer) throws(StoreClientError) -> T {
        do { return try StoreJSON.decoder().decode(type, from: Data(buffer: buffer)) } catch {
            throw .undecodable("\(type): \(error)")
        }
    }
}
