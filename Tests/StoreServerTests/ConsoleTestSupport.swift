import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCrypto
import Logging
import StoreAPI
import StoreServer

/// A browser for router-level console tests: keeps the cookies the store sets, reads the CSRF
/// token from the last page, and posts forms the way a browser does.
final class ConsoleBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    private(set) var lastPage = ""

    init(_ client: any TestClientProtocol) { self.client = client }

    /// The CSRF token of the last page's first form.
    var csrf: String {
        guard let start = lastPage.range(of: "name=\"csrf\" value=\"") else { return "" }
        return String(lastPage[start.upperBound...].prefix { $0 != "\"" })
    }

    @discardableResult
    func get(_ path: String) async throws -> TestResponse {
        try await send(.get, path, body: nil)
    }

    /// Posts `fields` as a form; `csrf: nil` sends the token of the last page.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> TestResponse {
        let all = [("csrf", csrf ?? self.csrf)] + fields
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, path, body: body)
    }

    /// Logs in through the login page; returns the POST's response (303 when it worked).
    @discardableResult
    func logIn(_ username: String, _ password: String) async throws -> TestResponse {
        try await get("/console/login")
        return try await post("/console/login", [("username", username), ("password", password)])
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, body: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        if response.headers[.contentType]?.hasPrefix("text/html") == true { lastPage = String(buffer: response.body) }
        return response
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

extension TestStore {
    static let ownerPassword = "owner-password-1"
    static let cashierPassword = "cashier-password-1"

    /// Opens this store's database beside the running server (tests read and seed it directly).
    func openDatabase() async throws -> any StoreDatabase {
        switch configuration.database {
        case .sqlite(let path): try SQLiteStoreDatabase(path: path)
        case .postgres(let settings): try await PostgresStoreDatabase(settings: settings, logger: Logger(label: "test"))
        }
    }

    /// Cheap scrypt (128 KiB): the tests check the rules, not the cost.
    static let cheapHasher = ScryptPasswordHasher(logN: 10)

    /// Adds the owner "olga" and the cashier "carl" (cheap hashes: tests need no slow scrypt).
    func addStaff() async throws {
        let database = try await openDatabase()
        let directory = StaffDirectory(database: database, settings: ConsoleSettings(passwordHasher: Self.cheapHasher))
        try await directory.addUser("olga", role: .owner, password: Self.ownerPassword, now: Self.start)
        try await directory.addUser("carl", role: .cashier, password: Self.cashierPassword, now: Self.start)
        try await database.close()
    }

    func rows(_ sql: String, _ arguments: [SQLValue] = []) async throws -> [SQLRow] {
        let database = try await openDatabase()
        let rows = try await database.read { tx in try tx.rows(sql, arguments) }
        try await database.close()
        return rows
    }
}
