import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import HTTPTypes
import HummingbirdTLS
import Logging
import NIOSSL
import ServiceLifecycle

/// Builds kiosk-store: the one function `main` and the tests share, so tests run the real wiring.
/// - Parameters:
///   - clock: the store's clock; tests pass a `ManualStoreClock` to move session time.
///   - console: the staff console's lockout, sessions and CUPS server (docs/console.md).
///   - onServerRunning: called with the listening channel (its local address tells a port-0 bind).
public func buildApplication(_ configuration: StoreConfiguration, clock: any StoreClock = SystemStoreClock(),
                             console: ConsoleSettings = ConsoleSettings(),
                             logger: Logger = Logger(label: "kiosk-store"),
                             onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
    async throws -> some ApplicationProtocol {
    try configuration.validate()
    let database: any StoreDatabase = switch configuration.database {
    case .sqlite(let path): try SQLiteStoreDatabase(path: path)
    case .postgres(let settings): try await PostgresStoreDatabase(settings: settings, logger: logger)
    }
    let router = buildRouter(configuration, database: database, clock: clock, console: console, logger: logger)

    let server: HTTPServerBuilder
    if let tls = configuration.tls {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainPath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            server = try .tls(.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: chain,
                                                                                   privateKey: .privateKey(key)))
        } catch {
            throw StoreConfigurationError.tls("\(error)")
        }
    } else {
        server = .http1()
    }
    var app = Application(router: router, server: server,
                          configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                               serverName: "kiosk-store"),
                          onServerRunning: onServerRunning, logger: logger)
    app.addServices(DatabaseService(database: database, logger: logger))
    return app
}

/// Every route of kiosk-store, API v1 and the console, on `database`: what `buildApplication`
/// serves, and what OpenAPIRoutesTests compares with docs/openapi.yaml.
func buildRouter(_ configuration: StoreConfiguration, database: any StoreDatabase, clock: any StoreClock,
                 console: ConsoleSettings, logger: Logger) -> Router<StoreRequestContext> {
    // One bounded pool of scrypt checks for console and PC logins alike (`HashingPool`).
    let hashing = PasswordHashing(hasher: console.passwordHasher)
    let repository = StoreRepository(database: database, maxFailedGuesses: configuration.maxFailedGuesses,
                                     guessWindow: configuration.guessWindowSeconds, passwordHashing: hashing)
    let security = SecurityLog(logger: logger)
    var consoleSettings = console
    consoleSettings.secureCookies = configuration.tls != nil
    let consoleRoutes = ConsoleRoutes(staffDirectory: StaffDirectory(database: database, settings: consoleSettings, hashing: hashing),
                                      store: ConsoleStore(repository: repository),
                                      printing: CounterPrinting(cupsServer: consoleSettings.cupsServer),
                                      clock: clock, security: security, settings: consoleSettings)
    let routes = StoreRoutes(repository: repository, clock: clock, security: security, adminToken: configuration.adminToken)

    let router = Router(context: StoreRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.debug))
    routes.register(on: router)
    consoleRoutes.register(on: router)
    // Last, so it wraps only the not-found answer (see the middleware).
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// Keeps the database open while the server runs and closes it after graceful shutdown, so the
/// last acknowledged write is on disk before the process exits (SIGTERM included).
struct DatabaseService: Service {
    let database: any StoreDatabase
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        do { try await database.close() } catch { logger.error("closing the store database failed: \(error)") }
    }
}
