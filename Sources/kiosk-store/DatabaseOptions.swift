import ArgumentParser
import Foundation
import Logging
import StoreServer

/// Where the store's data lives; the server and the user commands open the same database.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database file (the default database).")
    var sqlite = "kiosk-store.sqlite"

    @Option(help: "PostgreSQL instead of SQLite: postgres://USER@HOST:PORT/DATABASE (password from KIOSK_STORE_PG_PASSWORD).")
    var postgres: String?

    func validate() throws {
        if let postgres, PostgresSettings(url: postgres) == nil {
            throw ValidationError("--postgres must look like postgres://USER@HOST:PORT/DATABASE")
        }
    }

    var database: StoreConfiguration.Database {
        if let postgres, var settings = PostgresSettings(url: postgres) {
            settings.password = ProcessInfo.processInfo.environment["KIOSK_STORE_PG_PASSWORD"]
            return .postgres(settings)
        }
        return .sqlite(path: sqlite)
    }

    /// Opens the database (creating and migrating it if needed), for commands that run without the server.
    func open(logger: Logger) async throws -> any StoreDatabase {
        switch database {
        case .sqlite(let path): try SQLiteStoreDatabase(path: path)
        case .postgres(let settings): try await PostgresStoreDatabase(settings: settings, logger: logger)
        }
    }
}
