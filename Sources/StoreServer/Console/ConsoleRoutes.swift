import Foundation
import Hummingbird
import HTTPTypes
import KioskDomain

/// The staff console under /console: server-rendered pages, forms that post back, no script.
///
/// Sessions: a random token in an HttpOnly, SameSite=Strict cookie scoped to /console (the store
/// keeps its SHA-256). Every POST carries the session's CSRF token (the login form a pre-login
/// one, double-submitted in a cookie); a missing or wrong token is refused with 403 and logged.
/// A successful POST redirects (303) to a page with a fixed notice; a refused one shows the
/// page again with the reason and a 4xx status.
struct ConsoleRoutes: Sendable {
    let staffDirectory: StaffDirectory
    let store: ConsoleStore
    let printing: CounterPrinting
    let view = ConsoleView()
    let clock: any StoreClock
    let security: SecurityLog
    let settings: ConsoleSettings

    static let sessionCookie = "kiosk_console"
    static let loginCookie = "kiosk_console_login"

    func register(on router: Router<StoreRequestContext>) {
        router.get("console/style.css") { _, _ in
            var headers = ConsoleView.securityHeaders
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: ConsoleStyle.css)))
        }
        router.get("console/login") { request, context in try await loginPage(request, context) }
        router.post("console/login") { request, context in try await login(request, context) }
        router.post("console/logout") { request, context in
            let (_, _) = try await signedInForm(request, context)
            if let token = request.cookies[Self.sessionCookie]?.value { try await staffDirectory.logout(sessionToken: token) }
            var response = ConsoleView.redirect("/console/login")
            response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
            return response
        }
        router.get("console") { request, context in
            let staff = try await signedIn(request, context)
            return try await homePage(staff, message(request))
        }
        registerCounter(on: router)
        registerOwner(on: router)
        registerReports(on: router)
        registerQuarantine(on: router)
    }

    // MARK: Login

    private func loginPage(_ request: Request, _ context: StoreRequestContext, error: String? = nil, username: String = "",
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let loginToken = StoreSecrets.random()
        var response = view.page("login", title: "Log in", staff: nil, path: "/console/login",
                                 values: ["loginCSRF": loginToken, "username": username], error: error, status: status)
        response.setCookie(cookie(Self.loginCookie, loginToken, maxAge: 3600))
        return response
    }

    private func login(_ request: Request, _ context: StoreRequestContext) async throws -> Response {
        let form = try await body(request, context)
        guard let expected = request.cookies[Self.loginCookie]?.value, !expected.isEmpty,
              StoreSecrets.constantTimeEquals(form["csrf"], expected) else {
            security.refuse("console_csrf", source: context.source, detail: "login form without its token")
            return try await loginPage(request, context, error: "The form expired. Please log in again.", status: .forbidden)
        }
        let username = form["username"]
        let outcome = try await staffDirectory.login(username: username, password: form["password"],
                                                     source: context.source, now: clock.now())
        switch outcome {
        case .signedIn(let token):
            context.logger.notice("console login", metadata: ["user": .string(username), "source": .string(context.source)])
            var response = ConsoleView.redirect("/console")
            response.setCookie(cookie(Self.sessionCookie, token, maxAge: Int(settings.sessionLifetime)))
            response.setCookie(cookie(Self.loginCookie, "", maxAge: 0))
            return response
        case .refused:
            security.refuse("console_login_failed", source: context.source, detail: "user '\(username.prefix(64))'")
            return try await loginPage(request, context, error: "Wrong username or password.", username: username,
                                       status: .unauthorized)
        case .lockedOut(let retryAfter):
            security.refuse("console_locked_out", source: context.source, detail: "user '\(username.prefix(64))'")
            let minutes = max(1, retryAfter / 60)
            var response = try await loginPage(request, context,
                                               error: "Too many failed logins: this user is locked at this address for up to \(minutes) minutes (other addresses are not). An owner can check the attempts.",
                                               username: username, status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        case .slowedDown(let retryAfter):
            security.refuse("console_slowed_down", source: context.source, detail: "user '\(username.prefix(64))'")
            var response = try await loginPage(request, context,
                                               error: "Too many failed logins at this store just now: try again in \(retryAfter) seconds.",
                                               username: username, status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        case .busy:
            security.refuse("console_busy", source: context.source, detail: "password checks queue full")
            var response = try await loginPage(request, context, error: "The store is busy: try again in a second.",
                                               username: username, status: .serviceUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
    }

    // MARK: Sessions and forms

    /// The signed-in staff member, or a redirect to the login page.
    func signedIn(_ request: Request, _ context: StoreRequestContext) async throws -> ConsoleStaff {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty,
              let staff = try await staffDirectory.staff(sessionToken: token, now: clock.now()) else {
            throw ConsoleInterruption(response: ConsoleView.redirect("/console/login"))
        }
        return staff
    }

    /// The signed-in staff member and their posted form, after checking its CSRF token.
    func signedInForm(_ request: Request, _ context: StoreRequestContext) async throws -> (ConsoleStaff, ConsoleForm) {
        let staff = try await signedIn(request, context)
        let form = try await body(request, context)
        guard StoreSecrets.constantTimeEquals(form["csrf"], staff.csrfToken) else {
            security.refuse("console_csrf", source: context.source, detail: "\(staff.username) \(request.uri.path)")
            throw ConsoleInterruption(response: view.page("message", title: "Refused", staff: staff, path: "",
                                                          values: ["heading": "This form cannot be accepted",
                                                                   "text": "It did not carry this session's token (an old page, or another site). Open the page again and resend."],
                                                          status: .forbidden))
        }
        return (staff, form)
    }

    private func body(_ request: Request, _ context: StoreRequestContext) async throws -> ConsoleForm {
        var request = request
        let buffer = try await request.collectBody(upTo: 256 * 1024)
        return ConsoleForm(encoded: String(buffer: buffer))
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/console", secure: settings.secureCookies, httpOnly: true,
               sameSite: .strict)
    }

    /// The page a refusal is shown on, with its status: 403 for a role, 4xx for input, 502 for a printer.
    static func status(of refusal: Refusal) -> HTTPResponse.Status {
        switch refusal.code {
        case "forbidden": .forbidden
        case "invalid_input", "invalid_code": .badRequest
        case "unknown_code", "unknown_plan", "unknown_batch", "unknown_event": .notFound
        case "already_blocked", "already_voided", "already_decided", "account_exists", "in_use": .conflict
        case "print_failed", "no_font": .badGateway
        default: .unprocessableContent
        }
    }

    /// The fixed notice a redirect names with `?done=`; anything else shows nothing.
    func message(_ request: Request) -> String? {
        let query = ConsoleForm(encoded: request.uri.query ?? "")
        let detail = String(query["detail"].prefix(200))
        switch query["done"] {
        case "batch": return "Batch generated."
        case "printed": return "Sent to the printer: \(detail)."
        case "blocked": return "Code \(detail) is blocked: PCs refuse it from now on."
        case "unblocked": return "Code \(detail) is unblocked."
        case "voided": return "Sale voided: \(detail)."
        case "catalog": return "Catalog saved: kiosks get version \(detail) on their next pull."
        case "released": return "Held event \(detail) released: it is applied, and the kiosk's next resend is told so."
        case "dismissed": return "Held event \(detail) dismissed: recorded as rejected, and the kiosk stops sending it."
        default: return nil
        }
    }

    // MARK: Home

    private func homePage(_ staff: ConsoleStaff, _ notice: String?) async throws -> Response {
        let catalog = try await store.catalogOrEmpty()
        let zone = TimeZone(identifier: catalog.siteTimeZone) ?? TimeZone(identifier: "UTC")!
        let now = clock.now()
        let today = ConsoleStore.day(ConsoleStore.dayText(now, zone), zone) ?? now
        let report = try await store.report(from: today, until: Validity.adding(days: 1, to: today, in: zone), grouping: .day,
                                            timeZone: zone)
        let kiosks = try await store.kioskStatuses()
        let money = { (sum: ReportSum) in ConsoleMoney.text(sum, catalog.currency) }
        let values: [String: Any] = [
            "today": ["net": money(report.total.net), "refills": money(report.total.refills)],
            "cashInBoxes": money(kiosks.reduce(ReportSum(0)) { $0 + $1.cashInBox }),
            "credits": money(kiosks.reduce(ReportSum(0)) { $0 + $1.outstandingCredits }),
            "kiosks": kioskValues(kiosks, currency: catalog.currency, zone: zone, now: now),
        ]
        return view.page("home", title: "Home", staff: staff, path: "/console", values: values, notice: notice)
    }

    func kioskValues(_ kiosks: [KioskStatus], currency: String, zone: TimeZone, now: Date) -> [[String: Any]] {
        kiosks.map { kiosk in
            var row: [String: Any] = [
                "name": kiosk.name, "site": kiosk.site, "namespace": kiosk.namespace, "printer": kiosk.printer,
                "cashAcceptor": kiosk.cashAcceptor, "disk": kiosk.disk, "devicesBadge": kiosk.deviceFault ? "bad" : "ok",
                "devicesReported": ConsoleText.time(kiosk.reportedAt, zone),
                "softwareVersion": kiosk.softwareVersion ?? (kiosk.reportedAt == nil ? "not reported yet" : "not reported"),
                "lastSync": ConsoleText.time(kiosk.lastSync, zone), "lastCollection": ConsoleText.time(kiosk.lastCollection, zone),
                "cashInBox": ConsoleMoney.text(kiosk.cashInBox, currency), "credits": ConsoleMoney.text(kiosk.outstandingCredits, currency),
            ]
            if kiosk.openCredits > 0 { row["openCredits"] = "\(kiosk.openCredits) open" }
            if let sync = kiosk.lastSync {
                let age = now.timeIntervalSince(sync)
                row["syncAge"] = age < 300 ? "online" : age < 3600 ? "\(Int(age / 60)) min ago" : "\(Int(age / 3600)) h ago"
                row["syncBadge"] = age < 300 ? "ok" : age < 3600 ? "warn" : "bad"
            } else {
                row["syncAge"] = "never synced"
                row["syncBadge"] = "bad"
            }
            return row
        }
    }
}

/// A response that ends a handler early: the login redirect, or a refused form.
struct ConsoleInterruption: HTTPResponseError {
    var response: Response
    var status: HTTPResponse.Status { response.status }
    func response(from request: Request, context: some RequestContext) throws -> Response { response }
}
