import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StoreServer
import Testing

/// A real kiosk-store on loopback (port 0), run for the length of `body`, shut down gracefully.
enum LiveStore {
    static let adminToken = "sync-test-admin-token-0123"

    static func sqliteConfiguration(tls: StoreConfiguration.TLSFiles? = nil, path: String? = nil) -> StoreConfiguration {
        let file = path ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("kiosk-sync-test-\(UUID().uuidString).sqlite").path
        return StoreConfiguration(host: "127.0.0.1", port: 0, database: .sqlite(path: file), adminToken: adminToken, tls: tls)
    }

    static func run<T: Sendable>(_ configuration: StoreConfiguration, clock: any StoreClock = SystemStoreClock(),
                                 _ body: @escaping @Sendable (_ port: Int) async throws -> T) async throws -> T {
        var logger = Logger(label: "live-store")
        logger.logLevel = .error
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await buildApplication(configuration, clock: clock, logger: logger) { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result: Result<T, any Error>
            do { result = .success(try await body(port)) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            for try await _ in tasks {}
            return try result.get()
        }
    }
}

/// Certificates made by the test with the openssl CLI: a CA, a server certificate it signs for
/// 127.0.0.1, and a second, unrelated CA with its own server certificate.
struct TestCertificates {
    let directory: URL
    var ca: String { directory.appendingPathComponent("ca.pem").path }
    var serverCert: String { directory.appendingPathComponent("server.pem").path }
    var serverKey: String { directory.appendingPathComponent("server.key").path }
    var rogueCA: String { directory.appendingPathComponent("rogue-ca.pem").path }
    var rogueServerCert: String { directory.appendingPathComponent("rogue-server.pem").path }
    var rogueServerKey: String { directory.appendingPathComponent("rogue-server.key").path }

    static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            set -e
            cd "$1"
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\nkeyUsage=digitalSignature\\nextendedKeyUsage=serverAuth\\n' > server.ext
            for prefix in "" rogue-; do
              openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \\
                -keyout ${prefix}ca.key -out ${prefix}ca.pem -subj "/CN=${prefix}kiosk test CA" \\
                -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
              openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \\
                -keyout ${prefix}server.key -out ${prefix}server.csr -subj "/CN=127.0.0.1" 2>/dev/null
              openssl x509 -req -in ${prefix}server.csr -CA ${prefix}ca.pem -CAkey ${prefix}ca.key -CAcreateserial \\
                -days 2 -extfile server.ext -out ${prefix}server.pem 2>/dev/null
            done
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", directory.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CertificateError(message: "openssl could not make the test certificates (is the openssl CLI installed?)")
        }
        return TestCertificates(directory: directory)
    }

    struct CertificateError: Error, CustomStringConvertible { var message: String; var description: String { message } }
}
