import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import StoreAPI

/// The request context of kiosk-store: the peer's address (rate limits and logs are per source)
/// and the API's JSON dialect.
public struct StoreRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var requestDecoder: JSONDecoder { StoreJSON.decoder() }
    public var responseEncoder: JSONEncoder { StoreJSON.encoder() }
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    /// The source address without its port ("127.0.0.1"), or "unknown" (in-process tests).
    public var source: String { remoteAddress?.ipAddress ?? "unknown" }
}

/// An error response in the API's shape (`APIError`), with its status.
struct StoreHTTPError: HTTPResponseError {
    var status: HTTPResponse.Status
    var body: APIError
    /// Seconds for a `Retry-After` header (429, 503).
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ error: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.body = APIError(error: error, message: message)
        self.retryAfter = retryAfter
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(body, from: request, context: context)
        response.status = status
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}

/// A holder's ledger no longer sums inside Int64 (rows stored before the input limits). Thrown
/// out of the write transaction, so whatever the request wrote rolls back; the caller gets a 422
/// naming the holder instead of a trap, and staff must look at that holder.
struct LedgerOverflow: HTTPResponseError {
    var holder: String

    var status: HTTPResponse.Status { .unprocessableContent }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try StoreHTTPError(status, "ledger_overflow", "the ledger of \(holder) no longer adds up inside 64 bits; staff must look")
            .response(from: request, context: context)
    }
}
