import Foundation
import Hummingbird
import HTTPTypes
import Mustache

/// Renders console pages: a page template inside the layout, as an HTML response with headers
/// that keep it out of frames and caches and allow no script at all.
struct ConsoleView: Sendable {
    private let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            // The templates are compiled into the binary: a parse error is a bug, caught by every test.
            guard let template = try? MustacheTemplate(string: text) else { preconditionFailure("console template \(name) does not parse") }
            library.register(template, named: name)
        }
        if let table = try? MustacheTemplate(string: ConsoleTemplates.kioskTable) { library.register(table, named: "kioskTable") }
        self.library = library
    }

    /// One navigation entry a staff member sees; `ownerOnly` ones are hidden from cashiers.
    static let navigation: [(href: String, label: String, ownerOnly: Bool)] = [
        ("/console", "Home", false), ("/console/batches", "Vouchers", false), ("/console/codes", "Codes", false),
        ("/console/sales", "Sales", false), ("/console/reports", "Reports", false), ("/console/kiosks", "Kiosks", false),
        ("/console/catalog", "Plans & zones", true),
        ("/console/staff", "Staff", true),
    ]

    func page(_ template: String, title: String, staff: ConsoleStaff?, path: String, values: [String: Any],
              notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var values = values
        if let staff {
            values["csrf"] = staff.csrfToken
            values["owner"] = staff.isOwner
        }
        let body = library.render(values, withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "body": body]
        if let staff {
            let nav: [[String: Any]] = Self.navigation.filter { !$0.ownerOnly || staff.isOwner }.map { entry in
                ["href": entry.href, "label": entry.label,
                 "here": entry.href == "/console" ? path == "/console" : path.hasPrefix(entry.href)]
            }
            layout["staff"] = ["username": staff.username, "role": staff.role.rawValue, "csrf": staff.csrfToken, "nav": nav] as [String: Any]
        }
        if let notice { layout["notice"] = notice }
        if let error { layout["error"] = error }
        return Self.html(library.render(layout, withTemplate: "layout") ?? "", status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[.xContentTypeOptions] = "nosniff"
        return headers
    }

    static func redirect(_ location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

/// Dates and money as the pages show them, on the site's wall clock.
enum ConsoleText {
    static func time(_ date: Date?, _ timeZone: TimeZone) -> String {
        guard let date, date > .distantPast else { return "never" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
    }

    /// Percent-encodes a value for a query string.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
