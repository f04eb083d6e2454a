import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StoreAPI
import StoreServer

/// Runs the server (the default subcommand: `kiosk-store --port 8443` means `kiosk-store serve --port 8443`).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Runs the store server (the default).")

    @Option(help: "Address to listen on. Plain HTTP is allowed only on loopback.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one and prints it).")
    var port = 8443

    @OptionGroup var storage: DatabaseOptions

    @Option(help: "PEM certificate chain for TLS.")
    var tlsCert: String?

    @Option(help: "PEM private key for TLS.")
    var tlsKey: String?

    @Option(help: "File holding the admin token (else KIOSK_STORE_ADMIN_TOKEN).")
    var adminTokenFile: String?

    @Option(help: "CUPS scheduler the console prints voucher sheets on: a socket path or HOST[:PORT] (else CUPS_SERVER, then the local one).")
    var cupsServer: String?

    @Option(help: ArgumentHelp("For system tests: read the store's clock (seconds since 1970) from this file.",
                               visibility: .hidden))
    var testClockFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("give both --tls-cert and --tls-key, or neither") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        var logger = Logger(label: "kiosk-store")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        guard let token = try AdminToken.read(file: adminTokenFile) else {
            throw ValidationError("set the admin token with --admin-token-file or KIOSK_STORE_ADMIN_TOKEN")
        }
        let tls = tlsCert.flatMap { cert in tlsKey.map { StoreConfiguration.TLSFiles(certificateChainPath: cert, privateKeyPath: $0) } }
        let configuration = StoreConfiguration(host: host, port: port, database: storage.database, adminToken: token, tls: tls)
        let scheme = tls == nil ? "http" : "https"
        let console = ConsoleSettings(cupsServer: cupsServer)
        let clock: any StoreClock = testClockFile.map { FileStoreClock(path: $0) } ?? SystemStoreClock()
        let app = try await buildApplication(configuration, clock: clock, console: console, logger: logger) { channel in
            // Scripts wait for this line and read the port from it.
            let line = "kiosk-store listening on \(scheme)://\(configuration.host):\(channel.localAddress?.port ?? configuration.port)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()
    }
}
