import GRDB

/// The schema, as append-only migrations: a migration that has landed is never edited; a change
/// is a new migration. Invariants live in SQL constraints where SQL can hold them.
enum Migrations {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog-vouchers-ledger") { db in
            try db.execute(sql: """
                CREATE TABLE plans (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
                    currency TEXT NOT NULL,
                    definition TEXT NOT NULL,            -- the whole PricePlan as JSON
                    active INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE voucher_batches (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('user', 'ticket', 'refill', 'free')),
                    plan_id TEXT NOT NULL REFERENCES plans(id),
                    count INTEGER NOT NULL CHECK (count > 0),
                    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
                    currency TEXT NOT NULL,
                    sell_mode TEXT NOT NULL CHECK (sell_mode IN ('now', 'later')),
                    options TEXT NOT NULL,               -- the VoucherBatch as JSON
                    created_at INTEGER NOT NULL
                );
                -- Every ticket and refill code, whatever it is: one unique index for all of them.
                CREATE TABLE codes (
                    code TEXT PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'refill'))
                ) WITHOUT ROWID;
                CREATE TABLE purchases (
                    id TEXT PRIMARY KEY,
                    product TEXT NOT NULL,               -- the Product as JSON
                    price_minor INTEGER,                 -- NULL for an open amount
                    currency TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('awaiting_payment', 'paid', 'issued', 'receipt_printed',
                        'print_failed', 'completed', 'cancelled', 'cancelled_with_credit')),
                    started_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    ticket_code TEXT
                );
                CREATE TABLE tickets (
                    code TEXT PRIMARY KEY REFERENCES codes(code),
                    plan_id TEXT NOT NULL REFERENCES plans(id),
                    state TEXT NOT NULL CHECK (state IN ('generated', 'sold', 'in_use', 'used_up', 'expired')),
                    sell_mode TEXT NOT NULL CHECK (sell_mode IN ('now', 'later')),
                    batch_id INTEGER REFERENCES voucher_batches(id),
                    purchase_id TEXT REFERENCES purchases(id),
                    sold_at INTEGER,
                    first_used_at INTEGER,
                    extended_until INTEGER,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE refills (
                    code TEXT PRIMARY KEY REFERENCES codes(code),
                    plan_id TEXT NOT NULL REFERENCES plans(id),
                    batch_id INTEGER REFERENCES voucher_batches(id),
                    purchase_id TEXT REFERENCES purchases(id),
                    applied_to TEXT,
                    applied_at INTEGER,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE accounts (
                    username TEXT PRIMARY KEY,
                    password TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('prepaid', 'postpaid', 'usage_based')),
                    plan_id TEXT REFERENCES plans(id),
                    batch_id INTEGER REFERENCES voucher_batches(id),
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE notes (
                    id TEXT PRIMARY KEY,
                    purchase_id TEXT NOT NULL REFERENCES purchases(id),
                    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
                    currency TEXT NOT NULL,
                    device_ref TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('stacking', 'stacked', 'returned')),
                    escrow_at INTEGER NOT NULL,
                    settled_at INTEGER
                );
                CREATE INDEX notes_by_purchase ON notes(purchase_id);
                CREATE TABLE customer_credits (
                    id TEXT PRIMARY KEY,
                    purchase_id TEXT NOT NULL REFERENCES purchases(id),
                    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
                    currency TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('open', 'redeemed')),
                    created_at INTEGER NOT NULL
                );
                -- Append-only: every movement of money, time or quota is one row. `chain` links each
                -- row to the one before it, so an edited or deleted row is found by `store verify`.
                CREATE TABLE ledger (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    holder TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    delta INTEGER NOT NULL,
                    denomination INTEGER,
                    notes INTEGER NOT NULL DEFAULT 0,     -- change in the number of notes (cash box rows)
                    purchase_id TEXT,
                    batch_id INTEGER,
                    note_id TEXT,
                    chain INTEGER NOT NULL
                );
                -- A stacked note is credited once, whatever retries or replays happen.
                CREATE UNIQUE INDEX ledger_note_credited_once ON ledger(note_id) WHERE kind = 'note_stacked';
                CREATE INDEX ledger_by_purchase ON ledger(purchase_id);
                CREATE TRIGGER ledger_is_append_only_update BEFORE UPDATE ON ledger
                    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: add a correcting row'); END;
                CREATE TRIGGER ledger_is_append_only_delete BEFORE DELETE ON ledger
                    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: add a correcting row'); END;
                -- Kept as their own rows, so that `store verify` compares two records, not one with itself.
                CREATE TABLE balances (
                    holder TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    amount INTEGER NOT NULL,
                    PRIMARY KEY (holder, unit)
                ) WITHOUT ROWID;
                CREATE TABLE cash_box (
                    denomination INTEGER PRIMARY KEY,
                    count INTEGER NOT NULL CHECK (count >= 0)
                );
                -- Events waiting to be sent to the central store, each with its idempotency key.
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    sent_at INTEGER
                );
                """)
        }
        migrator.registerMigration("v2-cash-collections") { db in
            try db.execute(sql: """
                -- One row per collection of the cash box. AUTOINCREMENT: a sequence number is never
                -- reused, even after the newest row were deleted, so collection receipts never repeat.
                CREATE TABLE cash_collections (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    collected_at INTEGER NOT NULL,
                    collector TEXT NOT NULL CHECK (length(collector) > 0),
                    seal TEXT NOT NULL CHECK (length(seal) > 0),
                    expected_minor INTEGER NOT NULL,
                    counted_minor INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    expected_counts TEXT NOT NULL,       -- denomination → notes, JSON
                    counted_counts TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-note-disputes") { db in
            try db.execute(sql: """
                -- A note whose fate the kiosk could not learn after a power cut (the device did not
                -- say whether it was stacked or returned). Never a silent credit, never a silent
                -- loss: staff count the cassette and resolve it, and the resolution is recorded.
                CREATE TABLE note_disputes (
                    id TEXT PRIMARY KEY,
                    note_id TEXT NOT NULL UNIQUE REFERENCES notes(id),
                    purchase_id TEXT NOT NULL REFERENCES purchases(id),
                    amount_minor INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    resolved_at INTEGER,
                    resolution TEXT CHECK (resolution IN ('stacked', 'returned')),
                    resolved_by TEXT
                );
                """)
        }
        migrator.registerMigration("v4-staff-attempts") { db in
            try db.execute(sql: """
                -- Every staff PIN attempt, accepted or not (never the PIN itself).
                CREATE TABLE staff_attempts (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    staff TEXT,
                    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'wrong_pin', 'malformed', 'locked'))
                );
                CREATE INDEX staff_attempts_by_time ON staff_attempts(at);
                """)
        }
        migrator.registerMigration("v5-note-confirmations") { db in
            // When the bill acceptor was told a stacked note is recorded (CCNET: the held ACK was
            // sent). A stacked note without it may be reported again by the device after a
            // restart: reconciliation then recognises it instead of calling it unmatched.
            try db.execute(sql: "ALTER TABLE notes ADD COLUMN confirmed_at INTEGER")
        }
        migrator.registerMigration("v6-receipt-printed") { db in
            // Whether the customer got a paper receipt: 1 printed, 0 not (paper out, printer
            // fault, a restart before printing), NULL not tried yet. The state moves on to
            // `completed` either way; this keeps which codes were only shown on screen.
            try db.execute(sql: "ALTER TABLE purchases ADD COLUMN receipt_printed INTEGER")
        }
        migrator.registerMigration("v7-outbox-pending-index") { db in
            // Sent rows stay (the audit of what the store acknowledged), so the outbox only grows;
            // the kiosk reads its unsent rows every second (status) and on every sync round.
            try db.execute(sql: "CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL")
        }
        migrator.registerMigration("v8-resend-collections") { db in
            // Collection keys are collection-<local sequence>, the same on every kiosk. The store
            // keyed events across all kiosks, so it refused a second kiosk's collection-1 as a
            // conflict, and the drainer of that time marked it sent anyway: that cash never left
            // the kiosk's cash holder at the store. The store now keys events per kiosk and the
            // drainer keeps a conflict unsent; send every collection again: one the store holds
            // comes back as a replay, one it refused lands now.
            try db.execute(sql: "UPDATE outbox SET sent_at = NULL WHERE kind = 'cash_collection'")
        }
        migrator.registerMigration("v9-outbox-refusals") { db in
            // The store may hold an event in its quarantine (it does not believe it): the entry
            // stays unsent, with the store's reason for the staff page, and is sent again.
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN refused_reason TEXT")
            try db.execute(sql: "ALTER TABLE outbox ADD COLUMN refused_at INTEGER")
        }
        migrator.registerMigration("v10-no-kept-passwords") { db in
            // Generated account passwords were kept in clear after their sheet was printed: in
            // `accounts` (never read again) and in sent voucher batches' outbox rows. Both go; the
            // printed cards keep working (the store verifies them against its own hashes).
            try db.execute(sql: "UPDATE accounts SET password = ''")
            try OutboxPasswords.blankSent(nil, db)
        }
        return migrator
    }
}
