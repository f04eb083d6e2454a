import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import HTTPTypes
import KioskDomain
import StoreAPI

/// The routes of API v1 (docs/openapi.yaml). Each handler authenticates first; every refusal is
/// counted and logged by `SecurityLog` before the error response goes out.
struct StoreRoutes: Sendable {
    let repository: StoreRepository
    let clock: any StoreClock
    let security: SecurityLog
    let adminToken: String

    static let maxBatch = 1000

    func register(on router: Router<StoreRequestContext>) {
        router.get("v1/health") { _, _ in ["status": "ok"] }

        // Admin.
        router.post("v1/kiosks") { request, context in
            try authenticateAdmin(request, context)
            let body = try await decode(RegisterKioskRequest.self, request, context)
            let registered = try await refusing(context) { try await repository.registerKiosk(name: body.name, site: body.site, now: clock.now()) }
            context.logger.notice("kiosk registered", metadata: ["kiosk": .string(registered.kioskID),
                                                                 "namespace": .stringConvertible(registered.namespace)])
            return EditedResponse(status: .created, response: registered)
        }
        router.put("v1/admin/catalog") { request, context in
            try authenticateAdmin(request, context)
            let body = try await decode(Catalog.self, request, context)
            return try await refusing(context) { try await repository.saveCatalog(body, now: clock.now()) }
        }
        router.post("v1/admin/accounts") { request, context in
            try authenticateAdmin(request, context)
            let body = try await decode(CreateAccountRequest.self, request, context)
            let info = try await refusing(context) { try await repository.createAccount(body, now: clock.now()) }
            return EditedResponse(status: .created, response: info)
        }
        router.get("v1/admin/stats") { request, context in
            try authenticateAdmin(request, context)
            return SecurityStats(refusals: security.refusals)
        }
        router.get("v1/admin/balances") { request, context in
            try authenticateAdmin(request, context)
            return try await repository.balancesReport()
        }

        // Kiosk.
        router.get("v1/catalog") { request, context -> Response in
            let kiosk = try await authenticateKiosk(request, context)
            guard let catalog = try await repository.catalog() else {
                throw StoreHTTPError(.notFound, "no_catalog", "the store has no catalog yet; staff must upload one")
            }
            // A 304 is a pull of that version too: the kiosk sells from it.
            try await repository.recordCatalogPull(catalog.version, by: kiosk, now: clock.now())
            if request.headers[.ifNoneMatch] == catalog.etag {
                return Response(status: .notModified, headers: [.eTag: catalog.etag])
            }
            // Kiosks take their staff and PIN hashes from their own config ([[staff]]), never from
            // the catalog: a kiosk token that leaks must not hand out every staff PIN hash to try
            // offline (docs/store.md, "Staff PIN hashes").
            var served = catalog
            served.staff = []
            var response = try context.responseEncoder.encode(served, from: request, context: context)
            response.headers[.eTag] = catalog.etag
            return response
        }
        router.post("v1/events") { request, context in
            let kiosk = try await authenticateKiosk(request, context)
            let event = try await decode(KioskEvent.self, request, context)
            guard let key = request.headers[Self.idempotencyKey], key == event.id else {
                security.refuse("invalid_input", source: context.source, detail: "Idempotency-Key header missing or not the event id")
                throw StoreHTTPError(.badRequest, "invalid_input", "send the event id in the Idempotency-Key header")
            }
            let result = try await repository.push(event, from: kiosk, now: clock.now())
            note(result, kiosk: kiosk, context)
            return EditedResponse(status: .init(code: result.httpStatus), response: result)
        }
        router.post("v1/events/batch") { request, context in
            let kiosk = try await authenticateKiosk(request, context)
            let batch = try await decode(EventBatch.self, request, context)
            guard batch.events.count <= Self.maxBatch else {
                security.refuse("invalid_input", source: context.source, detail: "batch of \(batch.events.count)")
                throw StoreHTTPError(.contentTooLarge, "batch_too_large", "send at most \(Self.maxBatch) events per batch")
            }
            let results = try await repository.push(batch.events, from: kiosk, now: clock.now())
            for result in results { note(result, kiosk: kiosk, context) }
            return EventBatchResult(results: results)
        }
        router.put("v1/kiosk/status") { request, context -> HTTPResponse.Status in
            let kiosk = try await authenticateKiosk(request, context)
            let report = try await decode(KioskStatusReport.self, request, context)
            try await refusing(context) { try await repository.saveStatus(report, from: kiosk, now: clock.now()) }
            return .noContent
        }
        router.get("v1/tickets/:code") { request, context in
            let kiosk = try await authenticateKiosk(request, context)
            let code = try refusingSync(context) { () throws(Refusal) in try InputRules.code(context.parameters.get("code") ?? "") }
            guard let info = try await limited(context, { try await repository.lookUpTicket(code, for: kiosk, now: clock.now()) }) else {
                throw StoreHTTPError(.notFound, "unknown_code", "no ticket has code \(code)")
            }
            return info
        }
        router.get("v1/accounts/:username") { request, context in
            let kiosk = try await authenticateKiosk(request, context)
            // Path parameters arrive percent-encoded ("a%40b" for a@b, which an identifier may hold).
            let raw = context.parameters.get("username") ?? ""
            let username = raw.removingPercentEncoding ?? raw
            guard let info = try await refusing(context, {
                try await limited(context) { try await repository.lookUpAccount(username, for: kiosk, now: clock.now()) }
            }) else {
                throw StoreHTTPError(.notFound, "unknown_account", "no account is called \(username)")
            }
            return info
        }

        // PC.
        router.post("v1/pc/sessions") { request, context in
            let body = try await decode(LoginRequest.self, request, context)
            let now = clock.now()
            do {
                let info = try await refusing(context) { try await repository.login(body, source: context.source, now: now) }
                context.logger.info("session started", metadata: ["holder": .string(info.holder), "pc": .string(body.pcID)])
                return EditedResponse(status: .created, response: info)
            } catch is GuessLimited {
                security.refuse("guess_rate_limited", source: context.source, detail: "login refused unchecked")
                throw StoreHTTPError(.tooManyRequests, "rate_limited", "too many wrong codes from this PC; wait a few minutes")
            } catch is HashingBusy {
                security.refuse("hashing_busy", source: context.source, detail: "password checks queue full")
                throw StoreHTTPError(.serviceUnavailable, "busy", "the store is busy checking passwords; try again in a second",
                                     retryAfter: 1)
            } catch let refused as PCSessions.LoginRefusal {
                if refused.isFailedGuess {
                    security.refuse("failed_guess", source: context.source, detail: refused.refusal.code)
                } else if refused.refusal.code == "invalid_input" {
                    security.refuse("invalid_input", source: context.source, detail: refused.refusal.message)
                }
                throw httpError(refused.refusal)
            }
        }
        router.post("v1/pc/sessions/:id/heartbeat") { request, context in
            try await charge(request, context, final: false)
        }
        router.get("v1/pc/sessions/:id") { request, context in
            try await charge(request, context, final: false)
        }
        router.delete("v1/pc/sessions/:id") { request, context in
            try await charge(request, context, final: true)
        }
    }

    static let idempotencyKey = HTTPField.Name(Routes.idempotencyKeyHeader)!

    // MARK: Authentication

    private func bearer(_ request: Request, _ context: StoreRequestContext, realm: String) throws -> String {
        guard let header = request.headers[.authorization] else {
            security.refuse("auth_missing", source: context.source, detail: "\(realm) \(request.uri.path)")
            throw StoreHTTPError(.unauthorized, "auth_missing", "send Authorization: Bearer <token>")
        }
        guard header.hasPrefix("Bearer "), header.count <= 512 else {
            security.refuse("auth_malformed", source: context.source, detail: "\(realm) \(request.uri.path)")
            throw StoreHTTPError(.unauthorized, "auth_malformed", "send Authorization: Bearer <token>")
        }
        return String(header.dropFirst(7))
    }

    private func authenticateAdmin(_ request: Request, _ context: StoreRequestContext) throws {
        let token = try bearer(request, context, realm: "admin")
        guard StoreSecrets.constantTimeEquals(token, adminToken) else {
            security.refuse("auth_forged", source: context.source, detail: "admin token")
            throw StoreHTTPError(.unauthorized, "auth_invalid", "the admin token is not valid")
        }
    }

    private func authenticateKiosk(_ request: Request, _ context: StoreRequestContext) async throws -> KioskIdentity {
        let token = try bearer(request, context, realm: "kiosk")
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let identity = try await repository.authenticateKiosk(id: String(parts[0]), secret: String(parts[1])) else {
            security.refuse("auth_forged", source: context.source, detail: "kiosk token for '\(token.split(separator: ".").first ?? "")'")
            throw StoreHTTPError(.unauthorized, "auth_invalid", "this kiosk's id and secret do not match; register it again")
        }
        return identity
    }

    // MARK: Sessions

    private func charge(_ request: Request, _ context: StoreRequestContext, final: Bool) async throws -> SessionInfo {
        let token = try bearer(request, context, realm: "session")
        let id = context.parameters.get("id") ?? ""
        guard let info = try await repository.charge(sessionID: id, token: token, now: clock.now(), final: final) else {
            security.refuse("auth_forged", source: context.source, detail: "session token for '\(id.prefix(40))'")
            throw StoreHTTPError(.unauthorized, "auth_invalid", "this session token is not valid; log in again")
        }
        return info
    }

    // MARK: Helpers

    private func note(_ result: EventResult, kiosk: KioskIdentity, _ context: StoreRequestContext) {
        switch result.status {
        case .conflict: security.refuse("idempotency_conflict", source: context.source, detail: "kiosk \(kiosk.id) event \(result.id)")
        case .rejected: context.logger.notice("event rejected", metadata: ["kiosk": .string(kiosk.id), "event": .string(result.id),
                                                                           "why": .string(result.message ?? "")])
        case .quarantined:
            security.refuse("event_quarantined", source: context.source,
                            detail: "kiosk \(kiosk.id) event \(result.id): \(result.message ?? "")")
        case .applied, .replayed: break
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: StoreRequestContext) async throws -> T {
        do {
            return try await request.decode(as: type, context: context)
        } catch {
            security.refuse("invalid_input", source: context.source, detail: "undecodable \(type) body")
            throw StoreHTTPError(.badRequest, "invalid_input", "the body is not a valid \(type): \(error)")
        }
    }

    /// Runs `body`, turning a `Refusal` into its HTTP error (counted as invalid input when it is one).
    private func refusing<T>(_ context: StoreRequestContext, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let refusal as Refusal {
            if refusal.code == "invalid_input" || refusal.code == "invalid_code" {
                security.refuse("invalid_input", source: context.source, detail: refusal.message)
            }
            throw httpError(refusal)
        }
    }

    /// A kiosk look-up whose guess budget is spent: 429, counted and logged like a PC's.
    private func limited<T>(_ context: StoreRequestContext, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch is GuessLimited {
            security.refuse("guess_rate_limited", source: context.source, detail: "kiosk look-up refused unchecked")
            throw StoreHTTPError(.tooManyRequests, "rate_limited", "too many unknown codes or accounts looked up; wait a few minutes")
        }
    }

    private func refusingSync<T>(_ context: StoreRequestContext, _ body: () throws(Refusal) -> T) throws -> T {
        do { return try body() } catch {
            security.refuse("invalid_input", source: context.source, detail: error.message)
            throw httpError(error)
        }
    }

    private func httpError(_ refusal: Refusal) -> StoreHTTPError {
        let status: HTTPResponse.Status = switch refusal.code {
        case "invalid_input", "invalid_code": .badRequest
        case "bad_login": .unauthorized
        case "wrong_zone", "blocked": .forbidden
        case "unknown_code", "unknown_account": .notFound
        case "in_use", "account_exists": .conflict
        case "expired", "used_up": .gone
        default: .unprocessableContent
        }
        return StoreHTTPError(status, refusal.code, refusal.message)
    }
}
