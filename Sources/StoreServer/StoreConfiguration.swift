import Foundation
import StoreAPI

/// How kiosk-store runs: where it listens, which database, TLS, the admin token, guess limits.
public struct StoreConfiguration: Sendable {
    public enum Database: Sendable {
        /// One SQLite file, created if missing: the default, for one site.
        case sqlite(path: String)
        /// PostgreSQL, for chains with many sites.
        case postgres(PostgresSettings)
    }

    /// PEM files of the store's certificate chain and private key.
    public struct TLSFiles: Sendable {
        public var certificateChainPath: String
        public var privateKeyPath: String
        public init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }
    }

    public var host: String
    public var port: Int
    public var database: Database
    /// Bearer token for the admin routes (registration, catalog, accounts, stats).
    public var adminToken: String
    /// nil: plain HTTP, allowed only on a loopback address (development).
    public var tls: TLSFiles?
    public var maxFailedGuesses: Int
    public var guessWindowSeconds: TimeInterval

    public init(host: String = "127.0.0.1", port: Int = 8443, database: Database, adminToken: String,
                tls: TLSFiles? = nil, maxFailedGuesses: Int = 10, guessWindowSeconds: TimeInterval = 300) {
        self.host = host
        self.port = port
        self.database = database
        self.adminToken = adminToken
        self.tls = tls
        self.maxFailedGuesses = maxFailedGuesses
        self.guessWindowSeconds = guessWindowSeconds
    }

    /// Parsed as an address (`LoopbackHost`): a host name that merely starts with "127." is not loopback.
    public var isLoopback: Bool { LoopbackHost.contains(host) }

    /// Refuses setups that would leak secrets: plain HTTP off loopback, a short admin token.
    public func validate() throws(StoreConfigurationError) {
        if tls == nil && !isLoopback { throw .plainHTTPOffLoopback(host) }
        if adminToken.count < 16 { throw .weakAdminToken }
    }
}

public enum StoreConfigurationError: Error, CustomStringConvertible {
    case plainHTTPOffLoopback(String)
    case weakAdminToken
    case tls(String)

    public var description: String {
        switch self {
        case .plainHTTPOffLoopback(let host):
            "plain HTTP is for development on loopback only, not on \(host): give --tls-cert and --tls-key"
        case .weakAdminToken: "the admin token must be at least 16 characters"
        case .tls(let detail): "cannot load the TLS certificate or key: \(detail)"
        }
    }
}
