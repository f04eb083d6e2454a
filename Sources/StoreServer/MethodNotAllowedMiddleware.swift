import Hummingbird
import HTTPTypes

/// Answers 405 with an `Allow` header when a path the store serves is asked for with a method it
/// does not serve there. Hummingbird's router answers 404 then, which tells a client (and the
/// OpenAPI checks in Tests/system/store-schema.sh) that the path does not exist at all.
///
/// `buildRouter` adds it after every route, so it wraps only the router's not-found answer: a
/// matched route never passes through it.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = StoreRequestContext

    /// Each served path with the method it answers (Hummingbird's `RouteDescription` is not Sendable).
    let routes: [(path: RouterPath, method: String)]

    init(routes: [Router<StoreRequestContext>.RouteDescription]) {
        self.routes = routes.map { (path: $0.path, method: $0.method.rawValue) }
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        let allowed = Set(routes.filter { Self.matches($0.path, segments) }.map(\.method)).sorted()
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
            return try await next(request, context)
        }
        var response = try StoreHTTPError(.methodNotAllowed, "method_not_allowed",
                                          "\(request.uri.path.prefix(100)) answers \(allowed.joined(separator: ", ")) only")
            .response(from: request, context: context)
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }

    /// Whether `path` (a route such as /v1/tickets/{code}) names the request's path segments.
    static func matches(_ path: RouterPath, _ segments: [Substring]) -> Bool {
        path.count == segments.count && zip(path, segments).allSatisfy { element, segment in element ~= segment }
    }
}
