import KioskDomain
import StoreAPI

/// A request the store refuses on its merits, with the sentence the caller shows to a person.
public struct Refusal: Error, Hashable, Sendable {
    public var code: String
    public var message: String

    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Checks on what callers send. Statements bind every value, so odd input cannot change SQL; these
/// rules keep odd input out of the ledger and logs (identifiers are short and plain).
enum InputRules {
    static let identifierCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@-")

    static func identifier(_ value: String, _ field: String) throws(Refusal) {
        guard (1...64).contains(value.count), value.allSatisfy(identifierCharacters.contains) else {
            throw Refusal("invalid_input", "\(field) must be 1…64 letters, digits or _.:@-")
        }
    }

    static func text(_ value: String, _ field: String, maxLength: Int = 200) throws(Refusal) {
        guard value.count <= maxLength, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Refusal("invalid_input", "\(field) must be at most \(maxLength) characters without control characters")
        }
    }

    static func code(_ value: String) throws(Refusal) -> AccessCode {
        do { return try AccessCode.parse(value) } catch {
            throw Refusal("invalid_code", "code: \(error)")
        }
    }

    static func money(_ value: WireMoney, _ field: String, currency: String?, allowZero: Bool = true) throws(Refusal) {
        guard value.money != nil, currency == nil || value.currency == currency else {
            throw Refusal("invalid_input", "\(field) must be in the store's currency \(currency ?? "")")
        }
        guard value.minor > 0 || (allowZero && value.minor == 0) else {
            throw Refusal("invalid_input", "\(field) must be positive")
        }
    }

    static func grant(_ value: WireGrant, currency: String?) throws(Refusal) -> Grant {
        guard value.quantity >= 0, value.quantity <= 100_000_000, let grant = value.grant(currency: currency ?? "USD") else {
            throw Refusal("invalid_input", "grant must be 0…100000000 of a unit a plan can grant")
        }
        return grant
    }
}
