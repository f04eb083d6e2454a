import Hummingbird
import HTTPTypes

/// Answers every request no route took, in the API's error shape (`APIError`): 405 with an
/// `Allow` header when the path is served with other methods, else 404. Hummingbird's router
/// answers 404 with a body of its own in both cases, which tells a client (and the OpenAPI checks
/// in Tests/system/store-schema.sh) that a served path does not exist at all.
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
        let allowed = Self.methods(routes, servingPath: request.uri.path)
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
            return try StoreHTTPError(.notFound, "not_found", "kiosk-store serves no \(request.method.rawValue) \(request.uri.path.prefix(100))")
                .response(from: request, context: context)
        }
        var response = try StoreHTTPError(.methodNotAllowed, "method_not_allowed",
                                          "\(request.uri.path.prefix(100)) answers \(allowed.joined(separator: ", ")) only")
            .response(from: request, context: context)
        response.headers[.allow] = allowed.joined(separator: ", ")
        return response
    }

    /// The methods served on the route the router resolves `path` to. Like the router's trie, a
    /// literal segment wins over a parameter: /console/catalog/plans/delete is the POST route,
    /// not plans/{id}'s GET.
    static func methods(_ routes: [(path: RouterPath, method: String)], servingPath path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.path.count == segments.count && zip(route.path, segments).allSatisfy { element, segment in element ~= segment }
        }
        /// 1 for each segment the route names literally, 0 for a parameter, in order.
        func literalness(_ route: RouterPath) -> [Int] { zip(route, segments).map { element, segment in element == segment ? 1 : 0 } }
        guard let best = matching.map({ literalness($0.path) }).max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
        return Set(matching.filter { literalness($0.path) == best }.map(\.method)).sorted()
    }
}
