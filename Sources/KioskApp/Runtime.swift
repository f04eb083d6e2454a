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
    static func open(_ options: GlobalOptions, overrides: DeviceOverrides? = nil,
                     environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Runtime {
        try await open(config: loadConfig(options, overrides: overrides, environment: environment))
    }

    /// Opens the store of an already loaded config and brings the configured catalog into it.
    /// A database SQLite finds damaged is refused before anything writes to it, so no command
    /// (`cash sell`, `vouchers generate`, …) sells on it or spreads the damage.
    static func open(config: KioskConfig) async throws -> Runtime {
        if case .damaged(let messages) = DatabaseIntegrity.check(path: config.databasePath) {
            throw CommandFailure(description: "the kiosk's database \(config.databasePath) is damaged (SQLite: "
                                 + messages.prefix(3).joined(separator: "; ") + "): nothing was changed; "
                                 + "run `kiosk store restore` (docs/deploy.md, \"A damaged database\")")
        }
        let store = try SQLiteKioskStore(path: config.databasePath, currency: config.currency)
        try await store.syncPlans(config.plans)
        return Runtime(config: config, store: store)
    }

    /// The config as every command reads it: `--config`, else `$KIOSK_CONFIG`, else the built-in
    /// defaults; then `--database` and the device flags over it. `kiosk doctor` uses this too, so
    /// it checks exactly what `kiosk run` would use.
    static func loadConfig(_ options: GlobalOptions, overrides: DeviceOverrides? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KioskConfig {
        var config = KioskConfig()
        if let path = options.config ?? environment["KIOSK_CONFIG"] { config = try ConfigLoader.load(path: path) }
        if let database = options.database { config.databasePath = database }
        try overrides?.apply(to: &config, cwd: FileManager.default.currentDirectoryPath)
        return config
    }
}

/// Errors from commands print as one clear line and exit non-zero (ArgumentParser does both).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
