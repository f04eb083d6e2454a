import Foundation
import KioskCore
import KioskDomain
import StoreAPI

/// Turns the kiosk's outbox entries into API v1 events. The kiosk's payloads are flat text
/// fields; a sale's validity and zones come from its plan, looked up when the event is sent.
public struct OutboxEventMapper: Sendable {
    public enum MappingError: Error, CustomStringConvertible, Equatable {
        case unknownKind(String)
        case missingField(kind: String, field: String)

        public var description: String {
            switch self {
            case .unknownKind(let kind): "outbox kind '\(kind)' is unknown to the sync client: update the kiosk"
            case .missingField(let kind, let field): "outbox '\(kind)' entry has no '\(field)': the kiosk's store wrote it wrong"
            }
        }
    }

    public let currency: String
    /// The plan by id (the kiosk's `KioskStore.plan(id:)`), for a sale's validity and zones.
    public let plan: @Sendable (String) async throws -> PricePlan?

    public init(currency: String, plan: @escaping @Sendable (String) async throws -> PricePlan?) {
        self.currency = currency
        self.plan = plan
    }

    public func event(for entry: OutboxEntry) async throws -> KioskEvent {
        func field(_ name: String) throws(MappingError) -> String {
            guard let value = entry.payload[name] else { throw .missingField(kind: entry.kind, field: name) }
            return value
        }
        func int(_ name: String) throws(MappingError) -> Int64 {
            guard let value = Int64(try field(name)) else { throw .missingField(kind: entry.kind, field: name) }
            return value
        }
        func grant() throws(MappingError) -> WireGrant {
            guard let unit = BalanceUnit(rawValue: try field("unit")) else { throw .missingField(kind: entry.kind, field: "unit") }
            return WireGrant(unit: unit, quantity: try int("quantity"))
        }
        func surplus() throws(MappingError) -> WireMoney? {
            guard entry.payload["surplus_minor"] != nil else { return nil }
            let minor = try int("surplus_minor")
            return minor > 0 ? WireMoney(minor: minor, currency: currency) : nil
        }
        let payload: KioskEvent.Payload
        switch entry.kind {
        case "sale":
            let planID = try field("plan_id")
            let plan = try await plan(planID)
            // `paid_minor` is all the money this sale kept (price plus a surplus kept as extra time
            // or a change voucher); older entries have only the price.
            let paid = entry.payload["paid_minor"] == nil ? try int("price_minor") : try int("paid_minor")
            let sellMode = entry.payload["sell_mode"].flatMap(SellMode.init(rawValue:)) ?? .now
            payload = .ticketSold(TicketSold(code: try field("code"), planID: planID, sellMode: sellMode,
                                             price: WireMoney(minor: paid, currency: currency),
                                             grant: try grant(), validity: plan?.validity ?? .unlimited,
                                             zones: plan?.zones ?? []))
        case "refill":
            let holder = try field("target")
            let target: WireTarget
            if holder.hasPrefix("ticket:") {
                target = .ticket(String(holder.dropFirst("ticket:".count)))
            } else if holder.hasPrefix("account:") {
                target = .account(String(holder.dropFirst("account:".count)))
            } else {
                throw MappingError.missingField(kind: entry.kind, field: "target")
            }
            let planID = entry.payload["plan_id"] ?? "refill"
            let plan = try await plan(planID)
            payload = .refillApplied(RefillApplied(refillCode: entry.payload["refill_code"], target: target, planID: planID,
                                                   price: WireMoney(minor: try int("price_minor"), currency: currency),
                                                   grant: try grant(), validity: plan?.validity ?? .unlimited,
                                                   surplus: try surplus()))
        case "customer_credit":
            payload = .customerCredit(CustomerCreditRecorded(amount: WireMoney(minor: try int("amount_minor"), currency: currency),
                                                              reason: "purchase \(entry.payload["purchase_id"] ?? "?") cancelled",
                                                              reference: try field("credit_id")))
        case "credit_redeemed":
            payload = .creditRedeemed(CreditRedeemed(amount: WireMoney(minor: try int("amount_minor"), currency: currency),
                                                     reference: try field("credit_id")))
        case "cash_collection":
            payload = .cashCollected(CashCollected(amount: WireMoney(minor: try int("expected_minor"), currency: currency),
                                                   notes: [], staffID: try field("collector")))
        case "voucher_batch":
            guard let sellMode = SellMode(rawValue: try field("sell_mode")), let count = Int(try field("count")) else {
                throw MappingError.missingField(kind: entry.kind, field: "sell_mode")
            }
            let planID = try field("plan_id")
            let plan = try await plan(planID)
            let codes = entry.payload["codes"].map { $0.split(separator: ",").map(String.init) }
            var accounts: [VoucherBatchSold.Account]?
            if let text = entry.payload["accounts"] {
                guard let rows = try? JSONDecoder().decode([[String: String]].self, from: Data(text.utf8)) else {
                    throw MappingError.missingField(kind: entry.kind, field: "accounts")
                }
                accounts = try rows.map { row throws(MappingError) in
                    guard let username = row["username"], let password = row["password"],
                          let kind = row["kind"].flatMap(Account.Kind.init(rawValue:)) else {
                        throw MappingError.missingField(kind: entry.kind, field: "accounts")
                    }
                    return VoucherBatchSold.Account(username: username, password: password, kind: kind)
                }
            }
            payload = .voucherBatchSold(VoucherBatchSold(batchID: try field("batch_id"), kind: try field("kind"),
                                                         planID: planID, count: count,
                                                         unitPrice: WireMoney(minor: try int("unit_price_minor"), currency: currency),
                                                         sellMode: sellMode,
                                                         grant: entry.payload["unit"] == nil ? nil : try grant(),
                                                         validity: plan?.validity ?? .unlimited, zones: plan?.zones ?? [],
                                                         codes: codes, accounts: accounts))
        default:
            throw MappingError.unknownKind(entry.kind)
        }
        return KioskEvent(id: entry.key, occurredAt: entry.createdAt, payload: payload)
    }
}
