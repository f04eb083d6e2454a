import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite

/// What every command needs: the config and the store opened from it, with the catalog in place.
struct Runtime {
    let config: KioskConfig
    let store: SQLiteKioskStore

    /// Loads config (the error names file, line and key, and nothing is opened or changed), then
    /// opens the store and brings the configured catalog into it.
    static func open(_ options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Runtime {
        var config: KioskConfig
        if let path = options.config ?? environment["KIOSK_CONFIG"] {
            config = try ConfigLoader.load(path: path)
        } else {
            config = KioskConfig()
        }
        if let database = options.database { config.databasePath = database }
        let store = try SQLiteKioskStore(path: config.databasePath, currency: config.currency)
        try await store.syncPlans(config.plans)
        return Runtime(config: config, store: store)
    }
}

/// Errors from commands print as one clear line and exit non-zero (ArgumentParser does both).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
