import Foundation
import KioskSync
import StoreAPI
import StoreServer
import Testing

@Suite("TLS between kiosk and store")
struct TLSTests {
    @Test("a kiosk that pins the store's CA registers and pulls the catalog over TLS")
    func pinnedCA() async throws {
        let certificates = try TestCertificates.make()
        let tls = StoreConfiguration.TLSFiles(certificateChainPath: certificates.serverCert, privateKeyPath: certificates.serverKey)
        try await LiveStore.run(LiveStore.sqliteConfiguration(tls: tls)) { port in
            let admin = try StoreClient(endpoint: StoreEndpoint(baseURL: "https://127.0.0.1:\(port)", caCertificatePath: certificates.ca), connectTimeout: .seconds(1))
            let registered = try await admin.register(adminToken: LiveStore.adminToken, name: "tls", site: "s")
            try await admin.shutdown()
            let kiosk = try StoreClient(endpoint: StoreEndpoint(baseURL: "https://127.0.0.1:\(port)", caCertificatePath: certificates.ca,
                                                                 kioskToken: registered.bearerToken), connectTimeout: .seconds(1))
            await #expect(throws: StoreClientError.self) { _ = try await kiosk.pullCatalog(etag: nil) }   // 404: none yet
            try await kiosk.health()
            try await kiosk.shutdown()
        }
    }

    @Test("a kiosk pinned to another CA refuses the store's certificate")
    func otherCA() async throws {
        let certificates = try TestCertificates.make()
        let tls = StoreConfiguration.TLSFiles(certificateChainPath: certificates.serverCert, privateKeyPath: certificates.serverKey)
        try await LiveStore.run(LiveStore.sqliteConfiguration(tls: tls)) { port in
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "https://127.0.0.1:\(port)", caCertificatePath: certificates.rogueCA), connectTimeout: .seconds(1))
            do {
                try await client.health()
                Issue.record("the store's certificate was accepted under the wrong CA")
            } catch let error as StoreClientError {
                guard case .unreachable(let detail) = error else { Issue.record("unexpected \(error)"); return }
                #expect(detail.lowercased().contains("certificate") || detail.contains("handshake") || detail.contains("SSL"))
                #expect(error.isTransient)
            }
            try await client.shutdown()
        }
    }

    @Test("a store with a certificate from an unpinned CA is refused, even with a valid chain of its own")
    func impostorStore() async throws {
        let certificates = try TestCertificates.make()
        let impostor = StoreConfiguration.TLSFiles(certificateChainPath: certificates.rogueServerCert,
                                                   privateKeyPath: certificates.rogueServerKey)
        try await LiveStore.run(LiveStore.sqliteConfiguration(tls: impostor)) { port in
            let client = try StoreClient(endpoint: StoreEndpoint(baseURL: "https://127.0.0.1:\(port)", caCertificatePath: certificates.ca), connectTimeout: .seconds(1))
            await #expect(throws: StoreClientError.self) { try await client.health() }
            // Plain HTTP to the TLS port gets nowhere either.
            let plain = try StoreClient(endpoint: StoreEndpoint(baseURL: "http://127.0.0.1:\(port)"), connectTimeout: .seconds(1))
            await #expect(throws: StoreClientError.self) { try await plain.health() }
            try await client.shutdown()
            try await plain.shutdown()
        }
    }

    @Test("plain HTTP is for loopback only, on both sides")
    func plainHTTPLoopbackOnly() throws {
        #expect(throws: StoreClientError.self) { try StoreClient(endpoint: StoreEndpoint(baseURL: "http://192.0.2.10:8443"), connectTimeout: .seconds(1)) }
        #expect(throws: StoreClientError.self) { try StoreClient(endpoint: StoreEndpoint(baseURL: "https://192.0.2.10:8443"), connectTimeout: .seconds(1)) }
        var configuration = LiveStore.sqliteConfiguration()
        configuration.host = "0.0.0.0"
        #expect(throws: StoreConfigurationError.self) { try configuration.validate() }
        configuration.host = "127.0.0.1"
        try configuration.validate()
    }
}
