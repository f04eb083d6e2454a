/// The body of every error response: a stable machine code and a sentence that says what to do.
public struct APIError: Hashable, Sendable, Codable, Error {
    public var error: String
    public var message: String

    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
