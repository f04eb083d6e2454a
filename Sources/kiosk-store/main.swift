import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StoreServer

/// kiosk-store: the central store kiosks sync with and café PCs log in through.
@main
struct KioskStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-store",
        abstract: "Runs the store: kiosk registration, catalog, event sync, PC sessions (API v1).")

    @Option(help: "Address to listen on. Plain HTTP is allowed only on loopback.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one and prints it).")
    var port = 8443

    @Option(help: "SQLite database file (the default database).")
    var sqlite = "kiosk-store.sqlite"

    @Option(help: "PostgreSQL instead of SQLite: postgres://USER@HOST:PORT/DATABASE (password from KIOSK_STORE_PG_PASSWORD).")
    var postgres: String?

    @Option(help: "PEM certificate chain for TLS.")
    var tlsCert: String?

    @Option(help: "PEM private key for TLS.")
    var tlsKey: String?

    @Option(help: "File holding the admin token (else KIOSK_STORE_ADMIN_TOKEN).")
    var adminTokenFile: String?

    @Option(help: ArgumentHelp("For system tests: read the store's clock (seconds since 1970) from this file.",
                               visibility: .hidden))
    var testClockFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("give both --tls-cert and --tls-key, or neither") }
        if let postgres, PostgresSettings(url: postgres) == nil {
            throw ValidationError("--postgres must look like postgres://USER@HOST:PORT/DATABASE")
        }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        var logger = Logger(label: "kiosk-store")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let token: String
        if let adminTokenFile {
            token = try String(contentsOfFile: adminTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["KIOSK_STORE_ADMIN_TOKEN"] {
            token = fromEnvironment
        } else {
            throw ValidationError("set the admin token with --admin-token-file or KIOSK_STORE_ADMIN_TOKEN")
        }
        var database = StoreConfiguration.Database.sqlite(path: sqlite)
        if let postgres, var settings = PostgresSettings(url: postgres) {
            settings.password = ProcessInfo.processInfo.environment["KIOSK_STORE_PG_PASSWORD"]
            database = .postgres(settings)
        }
        let tls = tlsCert.flatMap { cert in tlsKey.map { StoreConfiguration.TLSFiles(certificateChainPath: cert, privateKeyPath: $0) } }
        let configuration = StoreConfiguration(host: host, port: port, database: database, adminToken: token, tls: tls)
        let scheme = tls == nil ? "http" : "https"
        let clock: any StoreClock = testClockFile.map { FileStoreClock(path: $0) } ?? SystemStoreClock()
        let app = try await buildApplication(configuration, clock: clock, logger: logger) { channel in
            // Scripts wait for this line and read the port from it.
            let line = "kiosk-store listening on \(scheme)://\(configuration.host):\(channel.localAddress?.port ?? configuration.port)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()
    }
}
