/// The store's tables. Migrations are append-only: a change is a new entry, never an edit.
/// The two dialects differ only in how an auto-numbered key is spelled.
enum StoreSchema {
    enum Dialect { case sqlite, postgres }

    static func migrations(_ dialect: Dialect) -> [(id: String, statements: [String])] {
        let serial = dialect == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        return [
            ("v1-initial", [
                """
                CREATE TABLE kiosks (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    site TEXT NOT NULL,
                    namespace BIGINT NOT NULL UNIQUE CHECK (namespace >= 0 AND namespace < 1024),
                    secret_hash TEXT NOT NULL,
                    registered_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE catalog (
                    id BIGINT PRIMARY KEY CHECK (id = 1),
                    version BIGINT NOT NULL,
                    body TEXT NOT NULL)
                """,
                """
                CREATE TABLE accounts (
                    username TEXT PRIMARY KEY,
                    password_salt TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    plan_id TEXT,
                    zones TEXT NOT NULL)
                """,
                """
                CREATE TABLE tickets (
                    code TEXT PRIMARY KEY,
                    plan_id TEXT NOT NULL,
                    state TEXT NOT NULL,
                    sell_mode TEXT NOT NULL,
                    validity TEXT NOT NULL,
                    zones TEXT NOT NULL,
                    sold_at BIGINT,
                    first_used_at BIGINT,
                    extended_until BIGINT,
                    kiosk_id TEXT NOT NULL)
                """,
                """
                CREATE TABLE ledger (
                    id \(serial),
                    holder TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    delta BIGINT NOT NULL,
                    reference TEXT NOT NULL,
                    recorded_at BIGINT NOT NULL)
                """,
                "CREATE INDEX ledger_holder ON ledger (holder)",
                """
                CREATE TABLE events (
                    id TEXT PRIMARY KEY,
                    kiosk_id TEXT NOT NULL,
                    body_hash TEXT NOT NULL,
                    type TEXT NOT NULL,
                    result TEXT NOT NULL,
                    received_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE refill_codes (
                    code TEXT PRIMARY KEY,
                    event_id TEXT NOT NULL)
                """,
                """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    token_hash TEXT NOT NULL,
                    holder TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    zone TEXT NOT NULL,
                    pc_id TEXT NOT NULL,
                    prepaid BIGINT NOT NULL,
                    started_at BIGINT NOT NULL,
                    charged_through BIGINT NOT NULL,
                    ended_at BIGINT,
                    end_reason TEXT)
                """,
                // One session per code or account: at most one row without an end per holder.
                "CREATE UNIQUE INDEX sessions_one_active ON sessions (holder) WHERE ended_at IS NULL",
            ]),
            // The staff console (docs/console.md): staff users, their login attempts (lockout is
            // durable and every attempt is kept), browser sessions, counter voucher batches,
            // blocked codes, voids, cash collections and an audit trail of staff actions.
            ("v3-console", [
                """
                CREATE TABLE console_users (
                    username TEXT PRIMARY KEY,
                    role TEXT NOT NULL CHECK (role IN ('owner', 'cashier')),
                    password_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE console_login_attempts (
                    id \(serial),
                    username TEXT NOT NULL,
                    source TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    attempted_at BIGINT NOT NULL)
                """,
                "CREATE INDEX console_login_attempts_user ON console_login_attempts (username, attempted_at)",
                """
                CREATE TABLE console_sessions (
                    token_hash TEXT PRIMARY KEY,
                    username TEXT NOT NULL,
                    csrf_token TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE voucher_batches (
                    id \(serial),
                    kind TEXT NOT NULL,
                    plan_id TEXT NOT NULL,
                    options TEXT NOT NULL,
                    unit_price BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    item_count BIGINT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE voucher_items (
                    batch_id BIGINT NOT NULL,
                    position BIGINT NOT NULL,
                    login TEXT NOT NULL,
                    secret TEXT,
                    PRIMARY KEY (batch_id, position))
                """,
                """
                CREATE TABLE blocked_codes (
                    code TEXT PRIMARY KEY,
                    reason TEXT NOT NULL,
                    blocked_by TEXT NOT NULL,
                    blocked_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE voids (
                    reference TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    amount BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    voided_by TEXT NOT NULL,
                    voided_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE cash_collections (
                    event_id TEXT PRIMARY KEY,
                    kiosk_id TEXT NOT NULL,
                    staff_id TEXT NOT NULL,
                    expected BIGINT NOT NULL,
                    counted BIGINT NOT NULL,
                    notes TEXT NOT NULL,
                    sequence BIGINT,
                    bag TEXT,
                    collected_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE console_audit (
                    id \(serial),
                    username TEXT NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    recorded_at BIGINT NOT NULL)
                """,
            ]),
            ("v4-kiosk-status", [
                // The latest device report of each kiosk, for the console's status page.
                """
                CREATE TABLE kiosk_status (
                    kiosk_id TEXT PRIMARY KEY,
                    body TEXT NOT NULL,
                    received_at BIGINT NOT NULL)
                """,
            ]),
            ("v5-events-per-kiosk", [
                // A kiosk makes its event ids from its own counters ("collection-1"), unique on that
                // kiosk only: events are keyed by (kiosk_id, kiosk_event_id) from now on. `id` stays
                // the ledger's reference: rows stored so far keep theirs (the store kept them
                // unique), new ones get "<kiosk id>/<event id>" (EventApplication.reference).
                "ALTER TABLE events ADD COLUMN kiosk_event_id TEXT NOT NULL DEFAULT ''",
                "UPDATE events SET kiosk_event_id = id",
                "CREATE UNIQUE INDEX events_per_kiosk ON events (kiosk_id, kiosk_event_id)",
            ]),
            ("v6-quarantine", [
                // Every catalog version the store served, so a kiosk's event is checked against the
                // catalog it sold from, not only the newest (KioskEventChecks). The version in
                // force now is copied in; when it was saved is unknown (0).
                """
                CREATE TABLE catalog_versions (
                    version BIGINT PRIMARY KEY,
                    body TEXT NOT NULL,
                    saved_at BIGINT NOT NULL,
                    replaced_at BIGINT)
                """,
                "INSERT INTO catalog_versions (version, body, saved_at) SELECT version, body, 0 FROM catalog",
                // The versions each kiosk pulled: one it sold from stays acceptable however old.
                """
                CREATE TABLE kiosk_catalog_pulls (
                    kiosk_id TEXT NOT NULL,
                    version BIGINT NOT NULL,
                    pulled_at BIGINT NOT NULL,
                    PRIMARY KEY (kiosk_id, version))
                """,
                // Events the store does not believe, kept for staff (never dropped). A resend under
                // the same key updates its row; `landed_at` is set once a resend passes the checks.
                """
                CREATE TABLE quarantine (
                    kiosk_id TEXT NOT NULL,
                    kiosk_event_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    body TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    message TEXT NOT NULL,
                    first_seen BIGINT NOT NULL,
                    last_seen BIGINT NOT NULL,
                    attempts BIGINT NOT NULL,
                    landed_at BIGINT,
                    PRIMARY KEY (kiosk_id, kiosk_event_id))
                """,
            ]),
            ("v7-guess-budgets", [
                // Failed guesses per bucket (a source, a code prefix, an account) in the window
                // that started at window_start (GuessBudget), so a restart keeps them.
                """
                CREATE TABLE guess_budgets (
                    bucket TEXT PRIMARY KEY,
                    window_start BIGINT NOT NULL,
                    failures BIGINT NOT NULL)
                """,
            ]),
            ("v8-quarantine-decisions", [
                // An owner's word on a held event (Quarantine+Decisions): released (applied as if
                // it had passed) or dismissed (recorded as rejected), by whom and when. The body's
                // hash is the one the kiosk's resends carry, so either answer replays to them
                // (a held batch's stored body has its passwords blanked and hashes differently).
                "ALTER TABLE quarantine ADD COLUMN body_hash TEXT",
                "ALTER TABLE quarantine ADD COLUMN decision TEXT",
                "ALTER TABLE quarantine ADD COLUMN decided_by TEXT",
                "ALTER TABLE quarantine ADD COLUMN decided_at BIGINT",
            ]),
            ("v9-no-kept-passwords", [
                // Counter account vouchers' passwords are no longer kept: each print or PDF of the
                // batch issues new ones (`CounterVouchers.issuePasswords`) and the store keeps only
                // their scrypt hashes. Batches printed before keep working with the passwords on
                // their cards; their clear copies go now, and a reprint issues new ones.
                "ALTER TABLE voucher_batches ADD COLUMN passwords_issued BIGINT NOT NULL DEFAULT 0",
                "UPDATE voucher_batches SET passwords_issued = 1 WHERE id IN (SELECT batch_id FROM voucher_items WHERE secret IS NOT NULL)",
                "UPDATE voucher_items SET secret = NULL",
            ]),
        ]
    }
}
