// swift-tools-version: 6.1
// The kiosk: one package, many small targets. Arrows point to what a target may import;
// see README.md ("Where things live"), which scripts/check-imports holds the imports to.
import PackageDescription

let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// TEST BUILDS ONLY: `KIOSK_TEST_WEAK_DURABILITY=1 swift build --scratch-path .build-weak` compiles
/// the kiosk's store with `synchronous = OFF` (SQLiteKioskStore), so a power-loss campaign can show
/// that it sees a lost write. The define comes only from that environment variable, never from a
/// default: the package and release builds (scripts/package, which also refuses a binary holding
/// the weak build's marker) get `synchronous = FULL`.
let storeSettings: [SwiftSetting] = swift6
    + (Context.environment["KIOSK_TEST_WEAK_DURABILITY"] == "1" ? [.define("KIOSK_TEST_WEAK_DURABILITY")] : [])

let package = Package(
    name: "kiosk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiosk", targets: ["kiosk"]),
        .executable(name: "kiosk-bench", targets: ["kiosk-bench"]),
        .executable(name: "ccnet-emulator", targets: ["ccnet-emulator"]),
        .executable(name: "kiosk-print", targets: ["kiosk-print"]),
        .executable(name: "kiosk-store", targets: ["kiosk-store"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The packages below come in anyway through hummingbird, postgres-nio and async-http-client;
        // they are named because targets import their modules themselves (scripts/check-imports).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // MARK: C libraries from Debian (system libraries) and the one shim for what Swift cannot call.
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        .systemLibrary(name: "CHarfBuzz", pkgConfig: "harfbuzz", providers: [.apt(["libharfbuzz-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CDRM", pkgConfig: "libdrm", providers: [.apt(["libdrm-dev"])]),
        .systemLibrary(name: "CVNCServer", pkgConfig: "libvncserver", providers: [.apt(["libvncserver-dev"])]),
        // Debian 12's libcups2-dev ships no cups.pc: the module map links cups itself.
        .systemLibrary(name: "CCups", providers: [.apt(["libcups2-dev"])]),
        .target(name: "CKioskShim"),
        // The one small system layer: errno, EINTR retries, file descriptors, the monotonic clock,
        // unix socket addresses. Every adapter that calls the kernel goes through it.
        .target(name: "KioskSystem", swiftSettings: swift6),

        // MARK: Domain and use cases (no IO).
        .target(name: "KioskDomain", swiftSettings: swift6),
        .target(name: "KioskCore", dependencies: ["KioskDomain"], swiftSettings: swift6),
        .target(name: "KioskTestSupport", dependencies: ["KioskCore", "KioskDomain"], swiftSettings: swift6),

        // MARK: Adapters.
        // Staff PIN hashing (PBKDF2-HMAC-SHA256 from swift-crypto) behind KioskCore's PINHasher port.
        .target(name: "KioskCrypto",
                dependencies: ["KioskCore", .product(name: "_CryptoExtras", package: "swift-crypto"),
                               .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: swift6),
        .target(name: "KioskStoreSQLite",
                dependencies: ["KioskCore", "KioskDomain", .product(name: "GRDB", package: "GRDB.swift")],
                swiftSettings: storeSettings),
        .target(name: "KioskGraphics",
                dependencies: ["KioskSystem", "CFreeType", "CHarfBuzz", "CPNG", "CQRencode"],
                swiftSettings: swift6),
        .target(name: "KioskCash", dependencies: ["KioskCore", "KioskDomain", "KioskSystem", "CKioskShim"], swiftSettings: swift6),
        .target(name: "KioskPrinting",
                dependencies: ["KioskCore", "KioskDomain", "KioskGraphics", "KioskSystem", "CCups"],
                swiftSettings: swift6),
        .target(name: "StoreAPI", dependencies: ["KioskDomain"], swiftSettings: swift6),
        // The staff console prints voucher sheets at the counter (KioskPrinting) and hashes staff
        // passwords like kiosk PINs (KioskCrypto); its pages are Mustache templates.
        .target(name: "StoreServer",
                dependencies: ["StoreAPI", "KioskDomain", "KioskCore", "KioskPrinting", "KioskCrypto",
                               .product(name: "Mustache", package: "swift-mustache"),
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "HummingbirdCore", package: "hummingbird"),
                               .product(name: "HummingbirdTLS", package: "hummingbird"),
                               .product(name: "PostgresNIO", package: "postgres-nio"),
                               .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl"),
                               .product(name: "HTTPTypes", package: "swift-http-types"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: swift6),
        .target(name: "KioskSync",
                dependencies: ["KioskCore", "StoreAPI", "KioskDomain",
                               .product(name: "AsyncHTTPClient", package: "async-http-client"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOHTTP1", package: "swift-nio"),
                               .product(name: "NIOFoundationCompat", package: "swift-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: swift6),
        .target(name: "KioskUI", dependencies: ["KioskGraphics", "KioskDomain"], swiftSettings: swift6),
        .target(name: "KioskDisplay",
                dependencies: ["KioskGraphics", "KioskSystem", "CKioskShim", "CDRM", "CVNCServer"],
                swiftSettings: swift6),

        // MARK: Composition roots: only these wire adapters together.
        // KioskApp is the `kiosk` command as a library (config, subcommands), so tests can drive it.
        .target(name: "KioskApp",
                dependencies: ["KioskCore", "KioskDomain", "KioskSystem", "CKioskShim", "KioskStoreSQLite", "KioskCash", "KioskPrinting", "KioskCrypto",
                               "KioskUI", "KioskGraphics", "KioskDisplay", "KioskSync", "StoreAPI",
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "ArgumentParser", package: "swift-argument-parser"),
                               .product(name: "TOMLKit", package: "TOMLKit"),
                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: swift6),
        .executableTarget(name: "kiosk", dependencies: ["KioskApp"], swiftSettings: swift6),
        .executableTarget(name: "kiosk-store",
                          dependencies: ["StoreServer", "StoreAPI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Hummingbird", package: "hummingbird"),
                                         .product(name: "Logging", package: "swift-log")],
                          swiftSettings: swift6),
        .executableTarget(name: "kiosk-display-probe",
                          dependencies: ["KioskDisplay", "KioskGraphics", "KioskSystem",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: swift6),
        .executableTarget(name: "ccnet-emulator",
                          dependencies: ["KioskCash", "KioskSystem", "CKioskShim", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: swift6),
        .executableTarget(name: "kiosk-bench",
                          dependencies: ["KioskCore", "KioskDomain", "KioskStoreSQLite", "KioskGraphics", "KioskPrinting", "KioskCash",
                                         "KioskDisplay", "StoreServer", "KioskSync", "StoreAPI", "KioskSystem",
                                         .product(name: "GRDB", package: "GRDB.swift"),
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Hummingbird", package: "hummingbird"),
                                         .product(name: "Logging", package: "swift-log"),
                                         .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                          swiftSettings: swift6),
        // Printing debug tool: queues, receipts, cards, reprints against a real cupsd (docs/printing.md).
        .executableTarget(name: "kiosk-print",
                          dependencies: ["KioskPrinting", "KioskCore", "KioskDomain",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: swift6),

        // MARK: Tests (Swift Testing), one target per library target.
        .testTarget(name: "KioskDomainTests",
                    dependencies: ["KioskDomain", "KioskTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
                    swiftSettings: swift6),
        .testTarget(name: "KioskCoreTests",
                    dependencies: ["KioskCore", "KioskDomain", "KioskTestSupport",
                                   .product(name: "PropertyBased", package: "swift-property-based")],
                    swiftSettings: swift6),
        .testTarget(name: "KioskStoreSQLiteTests",
                    dependencies: ["KioskStoreSQLite", "KioskCore", "KioskDomain", "KioskTestSupport",
                                   .product(name: "PropertyBased", package: "swift-property-based"),
                                   .product(name: "GRDB", package: "GRDB.swift")],
                    swiftSettings: swift6),
        .testTarget(name: "KioskCryptoTests", dependencies: ["KioskCrypto"], swiftSettings: swift6),
        .testTarget(name: "KioskAppTests",
                    dependencies: ["KioskApp", "KioskStoreSQLite", "KioskCore", "KioskDomain", "KioskUI", "KioskDisplay",
                                   "KioskPrinting", "KioskSystem", "KioskTestSupport", "CKioskShim"],
                    swiftSettings: swift6),
        // The golden-image checker shared by the test targets that have goldens.
        .target(name: "GoldenTesting", dependencies: ["KioskGraphics"], path: "Tests/GoldenTesting", swiftSettings: swift6),
        .testTarget(name: "KioskGraphicsTests", dependencies: ["KioskGraphics", "GoldenTesting"],
                    exclude: ["Golden", "Fixtures"],  // reference PNGs and a fallback font, read by path
                    swiftSettings: swift6),
        .testTarget(name: "KioskCashTests", dependencies: ["KioskCash", "KioskCore", "KioskDomain", "KioskTestSupport", "KioskSystem"], swiftSettings: swift6),
        .testTarget(name: "KioskPrintingTests", dependencies: ["KioskPrinting", "KioskCore", "KioskDomain", "KioskTestSupport"], swiftSettings: swift6),
        .testTarget(name: "KioskUITests", dependencies: ["KioskUI", "KioskGraphics", "KioskDomain", "GoldenTesting"],
                    exclude: ["Golden"],  // reference PNGs, read by path
                    swiftSettings: swift6),
        .testTarget(name: "StoreAPITests", dependencies: ["StoreAPI", "KioskDomain"], swiftSettings: swift6),
        .testTarget(name: "StoreServerTests",
                    dependencies: ["StoreServer", "StoreAPI", "KioskDomain", "KioskTestSupport", "KioskCrypto",
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "HTTPTypes", package: "swift-http-types"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "AsyncHTTPClient", package: "async-http-client")],
                    swiftSettings: swift6),
        .testTarget(name: "KioskSyncTests",
                    dependencies: ["KioskSync", "StoreServer", "StoreAPI", "KioskCore", "KioskDomain", "KioskTestSupport",
                                   .product(name: "Hummingbird", package: "hummingbird"),
                                   .product(name: "Logging", package: "swift-log"),
                                   .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                    swiftSettings: swift6),
        .testTarget(name: "KioskDisplayTests", dependencies: ["KioskDisplay", "KioskGraphics"], swiftSettings: swift6),
        .testTarget(name: "KioskSystemTests", dependencies: ["KioskSystem"], swiftSettings: swift6),
        .testTarget(name: "KioskDisplayProbeTests", dependencies: ["kiosk-display-probe", "KioskGraphics"], swiftSettings: swift6),
    ]
)
