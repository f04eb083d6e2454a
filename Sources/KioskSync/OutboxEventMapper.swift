import Foundation
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
        let payload: KioskEvent.Payload
        switch entry.kind {
        case "sale":
            let planID = try field("plan_id")
            let plan = try await plan(planID)
            payload = .ticketSold(TicketSold(code: try field("code"), planID: planID, sellMode: .now,
                                             price: WireMoney(minor: try int("price_minor"), currency: currency),
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
                                                   grant: try grant(), validity: plan?.validity ?? .unlimited))
        case "customer_credit":
            payload = .customerCredit(StoreAPI.CustomerCredit(amount: WireMoney(minor: try int("amount_minor"), currency: currency),
                                                              reason: "purchase \(entry.payload["purchase_id"] ?? "?") cancelled",
                                                              reference: try field("credit_id")))
        case "cash_collection":
            payload = .cashCollected(CashCollected(amount: WireMoney(minor: try int("expected_minor"), currency: currency),
                                                   notes: [], staffID: try field("collector")))
        case "voucher_batch":
            guard let sellMode = SellMode(rawValue: try field("sell_mode")), let count = Int(try field("count")) else {
                throw MappingError.missingField(kind: entry.kind, field: "sell_mode")
            }
            payload = .voucherBatchSold(VoucherBatchSold(batchID: try field("batch_id"), kind: try field("kind"),
                                                         planID: try field("plan_id"), count: count,
                                                         unitPrice: WireMoney(minor: try int("unit_price_minor"), currency: currency),
                                                         sellMode: sellMode))
        default:
            throw MappingError.unknownKind(entry.kind)
        }
        return KioskEvent(id: entry.key, occurredAt: entry.createdAt, payload: payload)
    }
}
