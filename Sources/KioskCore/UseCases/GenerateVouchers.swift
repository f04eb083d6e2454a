import Foundation
import KioskDomain
import Synchronization

/// Generates and saves a voucher batch: tickets, refills or accounts, sell now or later.
///
/// Codes come from a cryptographically secure generator (injected for tests) inside this kiosk's
/// namespace; the store's unique index is the final word, and a clash (about one in 10^9 codes at
/// a million stored) is drawn again, so a batch always saves whole or not at all.
public struct GenerateVouchers<RNG: RandomNumberGenerator & Sendable>: Sendable {
    public let store: any KioskStore
    public let clock: any WallClock
    public let namespace: KioskNamespace
    private let rng: RNGBox<RNG>

    public init(store: any KioskStore, clock: any WallClock, namespace: KioskNamespace, rng: RNG) {
        self.store = store
        self.clock = clock
        self.namespace = namespace
        self.rng = RNGBox(rng)
    }

    public func run(_ options: VoucherBatch) async throws -> SavedBatch {
        let problems = options.problems()
        guard problems.isEmpty else { throw VoucherError.invalidBatch(problems) }
        guard let plan = try await store.plan(id: options.planID) else { throw VoucherError.unknownPlan(options.planID) }
        var items = makeItems(options)
        for _ in 0..<5 {
            do {
                let batch = GeneratedBatch(options: options, plan: plan, unitPrice: options.unitPrice(of: plan),
                                           createdAt: clock.now(), items: items)
                return try await store.saveVoucherBatch(batch)
            } catch let duplicates as DuplicateCodes {
                items = items.map { item in
                    guard let code = item.code, duplicates.codes.contains(code.canonical) else { return item }
                    return redraw(item, options)
                }
            }
        }
        throw VoucherError.couldNotDrawUniqueCodes
    }

    private func makeItems(_ options: VoucherBatch) -> [VoucherItem] {
        switch options.kind {
        case .ticket, .refill:
            var seen = Set<String>()
            var items: [VoucherItem] = []
            items.reserveCapacity(options.count)
            while items.count < options.count {
                let code = rng.next { AccessCode.generate(namespace: namespace, randomLength: options.codeLength, using: &$0) }
                guard seen.insert(code.canonical).inserted else { continue }
                items.append(options.kind == .ticket ? .ticket(code) : .refill(code))
            }
            return items
        case .userAccount, .free:
            return Account.usernames(prefix: options.prefix, startNumber: options.startNumber, count: options.count).map { name in
                .account(username: name, password: rng.next { PasswordGenerator.generate(length: options.passwordLength, using: &$0) })
            }
        }
    }

    private func redraw(_ item: VoucherItem, _ options: VoucherBatch) -> VoucherItem {
        let code = rng.next { AccessCode.generate(namespace: namespace, randomLength: options.codeLength, using: &$0) }
        if case .refill = item { return .refill(code) }
        return .ticket(code)
    }
}

public enum VoucherError: Error, Sendable, CustomStringConvertible {
    case invalidBatch([String])
    case unknownPlan(String)
    case couldNotDrawUniqueCodes
    case usernameTaken(String)

    public var description: String {
        switch self {
        case .invalidBatch(let problems): "the batch is not valid: " + problems.joined(separator: "; ")
        case .unknownPlan(let id): "no plan with id '\(id)' (see `kiosk plans list`)"
        case .couldNotDrawUniqueCodes: "could not draw unique codes after 5 tries: is the code length too small?"
        case .usernameTaken(let name): "username '\(name)' already exists: choose another prefix or start number"
        }
    }
}

/// A random generator shared by a Sendable use case: one caller at a time draws from it.
final class RNGBox<RNG: RandomNumberGenerator & Sendable>: Sendable {
    private let rng: Mutex<RNG>

    init(_ rng: RNG) { self.rng = Mutex(rng) }

    func next<T: Sendable>(_ body: (inout RNG) -> T) -> T {
        rng.withLock { body(&$0) }
    }
}
