import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskDomain
import StoreAPI
import StoreServer
import Testing

@Suite("Staff console: log in, lockout, roles, CSRF")
struct ConsoleAuthTests {
    @Test("an owner logs in with an HttpOnly, SameSite cookie and sees the console", arguments: TestStore.backends)
    func login(_ backend: TestStore.Backend) async throws {
        let store = try await TestStore.make(backend)
        try await store.addStaff()
        try await store.run { client in
            let browser = ConsoleBrowser(client)
            let before = try await browser.get("/console")
            #expect(before.status == .seeOther)
            #expect(before.headers[.location] == "/console/login")

            let login = try await browser.logIn("olga", TestStore.ownerPassword)
            #expect(login.status == .seeOther)
            let cookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("kiosk_console=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/console"))

            let home = try await browser.get("/console")
            #expect(home.status == .ok)
            #expect(browser.lastPage.contains("olga · owner"))
            #expect(browser.lastPage.contains("Plans &amp; zones"))
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
        let attempts = try await store.rows("SELECT username, outcome FROM console_login_attempts")
        #expect(attempts.map { $0[1].text } == ["ok"])
    }

    @Test("5 wrong passwords lock the username for 15 minutes, across a restart; every attempt is kept")
    func lockout() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let browser = ConsoleBrowser(client)
            for _ in 0..<5 {
                #expect(try await browser.logIn("carl", "wrong-password!").status == .unauthorized)
                #expect(browser.lastPage.contains("Wrong username or password"))
            }
            let locked = try await browser.logIn("carl", TestStore.cashierPassword)
            #expect(locked.status == .tooManyRequests)
            #expect(browser.lastPage.contains("locked"))
            // Another user is not affected, and an owner sees the attempts.
            let owner = ConsoleBrowser(client)
            #expect(try await owner.logIn("olga", TestStore.ownerPassword).status == .seeOther)
            #expect(try await owner.get("/console/staff").status == .ok)
            #expect(owner.lastPage.components(separatedBy: ">bad password<").count - 1 == 5)
            #expect(owner.lastPage.contains(">locked<"))
            let stats = try await client.stats()
            #expect(stats.refusals["console_login_failed"] == 5)
            #expect(stats.refusals["console_locked_out"] == 1)
        }
        // A restart does not lift it: the attempts are in the database.
        try await store.run { client in
            let stillLocked = try await ConsoleBrowser(client).logIn("carl", TestStore.cashierPassword)
            #expect(stillLocked.status == .tooManyRequests)
            store.clock.advance(by: 15 * 60 + 1)
            let later = try await ConsoleBrowser(client).logIn("carl", TestStore.cashierPassword)
            #expect(later.status == .seeOther)
        }
        let outcomes = try await store.rows("SELECT outcome FROM console_login_attempts WHERE username = 'carl' ORDER BY id")
            .compactMap { $0[0].text }
        #expect(outcomes == Array(repeating: "bad_password", count: 5) + ["locked", "locked", "ok"])
    }

    @Test("an unknown username fails like a wrong password and is recorded")
    func unknownUser() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let response = try await ConsoleBrowser(client).logIn("mallory", "whatever-password")
            #expect(response.status == .unauthorized)
        }
        #expect(try await store.rows("SELECT outcome FROM console_login_attempts WHERE username = 'mallory'").first?[0].text == "unknown_user")
    }

    @Test("a cashier may not void, edit the catalog or give vouchers away: 403, nothing changes")
    func cashierRole() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let sale = Fixtures.sale(Fixtures.code(for: kiosk, seed: 1))
            _ = try await client.push(sale, as: kiosk)

            let cashier = ConsoleBrowser(client)
            try await cashier.logIn("carl", TestStore.cashierPassword)
            try await cashier.get("/console/sales")
            #expect(!cashier.lastPage.contains("action=\"/console/sales/void\""))
            let void = try await cashier.post("/console/sales/void", [("reference", sale.id), ("reason", "customer complained")])
            #expect(void.status == .forbidden)
            #expect(try await cashier.get("/console/catalog").status == .forbidden)
            #expect(try await cashier.get("/console/staff").status == .forbidden)
            try await cashier.get("/console/batches")
            let free = try await cashier.post("/console/batches", [("count", "2"), ("kind", "free"), ("plan", "hour"), ("sell", "now")])
            #expect(free.status == .forbidden)
            #expect(try await client.stats().refusals["console_forbidden"] == 3)
        }
        #expect(try await store.rows("SELECT COUNT(*) FROM voids").first?[0].int == 0)
        #expect(try await store.rows("SELECT COUNT(*) FROM voucher_batches").first?[0].int == 0)
    }

    @Test("a form without the session's CSRF token is refused with 403 and changes nothing")
    func csrf() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let kiosk = try await client.registerKiosk()
            _ = try await client.putCatalog()
            let code = Fixtures.code(for: kiosk, seed: 3)
            _ = try await client.push(Fixtures.sale(code), as: kiosk)
            let owner = ConsoleBrowser(client)
            try await owner.logIn("olga", TestStore.ownerPassword)
            try await owner.get("/console/codes")
            let fields = [("code", code.grouped), ("reason", "lost card")]
            #expect(try await owner.post("/console/codes/block", fields, csrf: "").status == .forbidden)
            #expect(try await owner.post("/console/codes/block", fields, csrf: "forged-token-forged-token").status == .forbidden)
            // The login form's own token is checked too.
            let fresh = ConsoleBrowser(client)
            try await fresh.get("/console/login")
            #expect(try await fresh.post("/console/login", [("username", "olga"), ("password", TestStore.ownerPassword)],
                                         csrf: "not-the-cookie").status == .forbidden)
            #expect(try await client.stats().refusals["console_csrf"] == 3)
            // With the token it works.
            try await owner.get("/console/codes")
            #expect(try await owner.post("/console/codes/block", fields).status == .seeOther)
        }
        #expect(try await store.rows("SELECT COUNT(*) FROM blocked_codes").first?[0].int == 1)
    }

    @Test("logging out ends the session on the server")
    func logout() async throws {
        let store = TestStore()
        try await store.addStaff()
        try await store.run { client in
            let owner = ConsoleBrowser(client)
            try await owner.logIn("olga", TestStore.ownerPassword)
            let stolen = owner.cookies["kiosk_console"]
            try await owner.get("/console")
            #expect(try await owner.post("/console/logout", []).status == .seeOther)
            let replay = ConsoleBrowser(client)
            replay.cookies["kiosk_console"] = stolen
            #expect(try await replay.get("/console").status == .seeOther)
            #expect(try await owner.get("/console").status == .seeOther)
        }
    }
}
