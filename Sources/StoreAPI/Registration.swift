/// `POST /v1/kiosks` (admin): registers a kiosk and hands out its secret and code namespace.
public struct RegisterKioskRequest: Hashable, Sendable, Codable {
    /// A human name shown to staff ("Lobby kiosk").
    public var name: String
    /// The site (café) the kiosk stands in.
    public var site: String

    public init(name: String, site: String) {
        self.name = name
        self.site = site
    }
}

public struct RegisterKioskResponse: Hashable, Sendable, Codable {
    public var kioskID: String
    /// Shown once: the store keeps only its SHA-256. The kiosk sends `Bearer <kioskID>.<secret>`.
    public var secret: String
    /// The kiosk's code namespace, 0..<1024, unique per kiosk (`KioskDomain.KioskNamespace`).
    public var namespace: Int

    public init(kioskID: String, secret: String, namespace: Int) {
        self.kioskID = kioskID
        self.secret = secret
        self.namespace = namespace
    }

    /// The value of the Authorization header for this kiosk's requests.
    public var bearerToken: String { "\(kioskID).\(secret)" }
}
