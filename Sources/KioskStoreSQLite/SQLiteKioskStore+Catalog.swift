import GRDB
import KioskCore
import KioskDomain

extension SQLiteKioskStore {
    public func syncPlans(_ plans: [PricePlan]) async throws {
        try await db.write { db in
            try db.execute(sql: "UPDATE plans SET active = 0")
            for plan in plans {
                try db.execute(sql: """
                    INSERT INTO plans (id, name, price_minor, currency, definition, active) VALUES (?, ?, ?, ?, ?, 1)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, price_minor = excluded.price_minor,
                        currency = excluded.currency, definition = excluded.definition, active = 1
                    """, arguments: [plan.id, plan.name, plan.price.minorUnits, plan.price.currency.code,
                                     try Self.json(plan)])
            }
        }
    }

    public func activePlans() async throws -> [PricePlan] {
        try await db.read { db in
            try String.fetchAll(db, sql: "SELECT definition FROM plans WHERE active = 1 ORDER BY id")
                .map { try Self.decode(PricePlan.self, $0) }
        }
    }

    public func plan(id: String) async throws -> PricePlan? {
        try await db.read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM plans WHERE id = ?", arguments: [id])
                .map { try Self.decode(PricePlan.self, $0) }
        }
    }
}
