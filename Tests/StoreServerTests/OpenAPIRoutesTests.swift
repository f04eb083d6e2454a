import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import StoreAPI
@testable import StoreServer
import Testing

/// docs/openapi.yaml is the store's contract: it must name every route the store serves, console
/// forms included, and nothing it does not serve. The routes come from `buildRouter`, the very
/// function `buildApplication` serves, so a route added anywhere shows up here.
@Suite("docs/openapi.yaml and the router")
struct OpenAPIRoutesTests {
    @Test("every route the router serves is in the document, and every documented route is served")
    func documentMatchesRouter() async throws {
        let served = try await Self.servedRoutes()
        let documented = try Self.documentedRoutes()
        #expect(served.count > 30, "the router serves \(served.count) routes; the document parser or the router lost some")
        let undocumented = served.subtracting(documented).sorted()
        let unserved = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "served but missing from docs/openapi.yaml: \(undocumented.joined(separator: ", "))")
        #expect(unserved.isEmpty, "in docs/openapi.yaml but not served: \(unserved.joined(separator: ", "))")
    }

    @Test("a served path asked with another method answers 405 and names its methods in Allow; an unknown path 404")
    func undeclaredMethod() async throws {
        let store = TestStore()
        try await store.run { client in
            let patch = try await client.execute(uri: "/v1/events", method: .patch)
            #expect(patch.status == .methodNotAllowed)
            #expect(patch.headers[.allow] == "POST")
            let session = try await client.execute(uri: "/v1/pc/sessions/abc", method: .put)
            #expect(session.status == .methodNotAllowed)
            #expect(session.headers[.allow] == "DELETE, GET")
            let console = try await client.execute(uri: "/console/sales/void", method: .get)
            #expect(console.status == .methodNotAllowed)
            #expect(console.headers[.allow] == "POST")
            // A literal segment wins over a parameter, as in the router: plans/delete is POST only.
            let literal = try await client.execute(uri: "/console/catalog/plans/delete", method: .get)
            #expect(literal.status == .methodNotAllowed)
            #expect(literal.headers[.allow] == "POST")
            #expect(try await client.execute(uri: "/v1/nowhere", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/health", method: .get).status == .ok)
        }
    }

    @Test("an account look-up takes the username percent-encoded in the path, as clients send an identifier's @ (found by Schemathesis)")
    func percentEncodedUsername() async throws {
        let store = TestStore()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            #expect(try await client.call(.post, Routes.adminAccounts, token: TestStore.adminToken,
                                          json: CreateAccountRequest(username: "olga@hall", password: "pw-12345678", kind: .prepaid)).status == .created)
            let found = try await client.call(.get, "/v1/accounts/olga%40hall", token: kiosk.bearerToken)
            #expect(found.status == .ok)
            #expect(try found.decoded(AccountInfo.self).username == "olga@hall")
        }
    }

    /// "METHOD /path/{parameter}" for every route `buildRouter` registers.
    static func servedRoutes() async throws -> Set<String> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-store-routes-\(UUID().uuidString).sqlite").path
        let configuration = StoreConfiguration(database: .sqlite(path: path), adminToken: TestStore.adminToken)
        let database = try SQLiteStoreDatabase(path: path)
        let router = buildRouter(configuration, database: database, clock: ManualStoreClock(TestStore.start),
                                 console: ConsoleSettings(), logger: Logger(label: "routes-test"))
        try await database.close()
        return Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
    }

    /// "METHOD /path/{parameter}" for every operation under `paths:` in docs/openapi.yaml. The
    /// document's layout is fixed (two spaces before a path, four before a method), so lines are
    /// enough; no YAML library is needed.
    static func documentedRoutes() throws -> Set<String> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
        var routes = Set<String>()
        var inPaths = false
        var currentPath: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {   // a top-level key starts or ends the paths
                inPaths = line == "paths:"
                currentPath = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let currentPath, line.hasPrefix("    "), !line.hasPrefix("     "),
                      let method = methods.first(where: { line == "    \($0):" }) {
                routes.insert("\(method.uppercased()) \(currentPath)")
            }
        }
        return routes
    }
}
