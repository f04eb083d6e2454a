import StoreAPI
import Testing

@Suite struct LoopbackHostTests {
    @Test(arguments: ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1", "localhost", "LOCALHOST"])
    func loopback(_ host: String) { #expect(LoopbackHost.contains(host)) }

    @Test(arguments: ["127.attacker.example", "127.0.0.1.nip.io", "128.0.0.1", "10.0.0.1", "0.0.0.0", "::", "::2",
                      "::ffff:10.0.0.1", "2001:db8::1", "store.example", "", "127.0.0.1:8443", "localhost.example"])
    func notLoopback(_ host: String) { #expect(!LoopbackHost.contains(host)) }
}
