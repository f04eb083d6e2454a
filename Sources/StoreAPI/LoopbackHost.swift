#if canImport(Glibc)
import Glibc
#endif

/// Whether a host names this machine's loopback, judged from the address itself: an IPv4 address
/// in 127.0.0.0/8, `::1`, an IPv4-mapped `::ffff:127.x.y.z`, or `localhost`. Plain HTTP is allowed
/// only there (the store's listener, the kiosk's client). A name such as `127.attacker.example`
/// is a host name that DNS may point anywhere, so it is not loopback (a prefix test said it was).
public enum LoopbackHost {
    public static func contains(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        var text = host
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: v4) { $0[0] } == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return false }
        let octets = withUnsafeBytes(of: v6) { Array($0) }
        if octets[0..<15].allSatisfy({ $0 == 0 }) && octets[15] == 1 { return true }   // ::1
        let mapped = octets[0..<10].allSatisfy { $0 == 0 } && octets[10] == 0xff && octets[11] == 0xff
        return mapped && octets[12] == 127
    }
}
