/// Route names of API v1, shared by the kiosk's sync client, the PC client and the server so a
/// renamed path breaks the build instead of production. Paths are relative to the store's base URL.
///
/// Authentication (see docs/openapi.yaml):
/// - kiosk routes: `Authorization: Bearer <kioskID>.<secret>` with the secret handed out once at
///   registration (the store keeps only its SHA-256);
/// - PC session routes: `Authorization: Bearer <session token>` from the login;
/// - admin routes (registration, catalog, accounts): `Authorization: Bearer <admin token>` from the
///   store's configuration.
public enum Routes {
    public static let version = "v1"

    public static let health = "/v1/health"

    // Admin.
    public static let registerKiosk = "/v1/kiosks"
    public static let adminCatalog = "/v1/admin/catalog"
    public static let adminAccounts = "/v1/admin/accounts"
    public static let adminStats = "/v1/admin/stats"
    public static let adminBalances = "/v1/admin/balances"

    // Kiosk.
    public static let catalog = "/v1/catalog"
    public static let events = "/v1/events"
    public static let eventsBatch = "/v1/events/batch"
    public static func ticket(_ code: String) -> String { "/v1/tickets/\(code)" }
    public static func account(_ username: String) -> String { "/v1/accounts/\(username)" }
    public static let kioskStatus = "/v1/kiosk/status"

    // PC.
    public static let sessions = "/v1/pc/sessions"
    public static func session(_ id: String) -> String { "/v1/pc/sessions/\(id)" }
    public static func heartbeat(_ id: String) -> String { "/v1/pc/sessions/\(id)/heartbeat" }

    /// The header that carries a single event's idempotency key on `POST /v1/events`.
    public static let idempotencyKeyHeader = "Idempotency-Key"
}
