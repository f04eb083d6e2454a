#!/usr/bin/env python3
"""The attacks of issue 16 against a running kiosk-store, each as the request an attacker sends.

Standard library only. Prints one PASS/FAIL line per check (store-attack.sh counts them) and
writes nothing else to stdout. Phases:
  attack   every attack once, then /v1/health; console pages; 500 concurrent wrong logins
  restart  after the store was restarted: the guess count and the console lockout are kept
  ipv6     (BASE_URL https://[fd00:1::1]:PORT, in the network namespace store-attack.sh makes)
           the addresses of one IPv6 /64 share one guess budget; another /64 has its own

Usage: attack.py PHASE BASE_URL STATE_FILE   (ADMIN token in KIOSK_STORE_ADMIN_TOKEN)
"""
import concurrent.futures
import http.client
import json
import os
import re
import ssl
import sys
import threading
import urllib.parse
import uuid

PHASE, BASE, STATE_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
HOST, PORT = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
# The ipv6 phase talks TLS to a certificate store-attack.sh made for the test: not verified.
TLS = urllib.parse.urlsplit(BASE).scheme == "https"
# Requests leave from this address unless a check names another: loopback, or any for IPv6.
DEFAULT_SOURCE = "" if TLS else "127.0.0.1"
ADMIN = os.environ["KIOSK_STORE_ADMIN_TOKEN"]
OWNER_PASSWORD = os.environ.get("OWNER_PASSWORD", "owner-password-1")
CASHIER_PASSWORD = os.environ.get("CASHIER_PASSWORD", "cashier-password-1")
# Documented limits (docs/store.md, docs/console.md): a source may fail 10 PC logins per window.
MAX_FAILED_GUESSES = 10
passed = failed = 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
        print(f"PASS {what}", flush=True)
    else:
        failed += 1
        print(f"FAIL {what}", flush=True)


def request(method, path, body=None, headers=None, source=None, raw=None):
    """One request on its own connection from `source` (a loopback address of 127/8, or an IPv6
    address of the namespace)."""
    source_address = (source if source is not None else DEFAULT_SOURCE, 0)
    if TLS:
        connection = http.client.HTTPSConnection(HOST, PORT, timeout=60, source_address=source_address,
                                                 context=ssl._create_unverified_context())
    else:
        connection = http.client.HTTPConnection(HOST, PORT, timeout=60, source_address=source_address)
    try:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        all_headers = {"Content-Type": "application/json"} if data is not None and raw is None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def admin(method, path, body=None):
    return request(method, path, body, {"Authorization": f"Bearer {ADMIN}"})


def healthy(after):
    status, _, body = request("GET", "/v1/health")
    check(status == 200 and '"ok"' in body, f"/v1/health answers 200 after {after}")


# Codes: Crockford Base32 with a Damm check symbol over GF(32), as KioskDomain's Crockford.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def times_two(value):
    shifted = value << 1
    return (shifted ^ 0x25) & 0x1F if shifted & 0x20 else shifted


def code(namespace, seed):
    body = ALPHABET[namespace // 32] + ALPHABET[namespace % 32]
    value = uuid.uuid5(uuid.NAMESPACE_OID, f"{namespace}-{seed}").int
    for _ in range(10):
        body += ALPHABET[value % 32]
        value //= 32
    interim = 0
    for symbol in body:
        interim = times_two(interim) ^ ALPHABET.index(symbol)
    return body + ALPHABET[times_two(interim)]


def money(minor):
    return {"minor": minor, "currency": "RUB"}


def minutes(quantity):
    return {"unit": "internet_minutes", "quantity": quantity}


def plan(plan_id, price, grant, discount=0):
    return {"id": plan_id, "name": plan_id, "price": money(price), "grant": minutes(grant), "zones": [],
            "salesWindows": [], "validity": {}, "maxBonusBasisPoints": 0, "isFree": False, "discountBasisPoints": discount}


def catalog(plans):
    return {"version": 0, "currency": "RUB", "siteTimeZone": "Europe/Moscow", "staff": [],
            "zones": [{"id": "hall", "name": "Hall", "minuteCategory": "internet"}], "plans": plans}


def push(kiosk, event_type, body):
    event_id = f"attack-{uuid.uuid4()}"
    event = {"id": event_id, "occurredAt": "2026-12-07T12:00:00Z", "type": event_type, event_type_key(event_type): body}
    return request("POST", "/v1/events", event,
                   {"Authorization": f"Bearer {kiosk['kioskID']}.{kiosk['secret']}", "Idempotency-Key": event_id})


def event_type_key(event_type):
    head, *rest = event_type.split("_")
    return head + "".join(part.capitalize() for part in rest)


def refused(status, body, what, allowed=(400, 409, 422)):
    check(status in allowed, f"{what}: refused with {status} {body[:110]!r}")
    healthy(what)


class Browser:
    """A console session: cookies and the CSRF token of the last page, from one source address."""

    def __init__(self, source="127.0.0.1"):
        self.source, self.cookies, self.csrf, self.page = source, {}, "", ""

    def call(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        raw = None
        if fields is not None:
            raw = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, PORT, timeout=60, source_address=(self.source, 0))
        try:
            connection.request(method, path, body=raw, headers=headers)
            response = connection.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";")[0]
            self.page = response.read().decode("utf-8", "replace")
            found = re.search(r'name="csrf" value="([^"]+)"', self.page)
            if found:
                self.csrf = found.group(1)
            return response.status, dict(response.getheaders())
        finally:
            connection.close()

    def log_in(self, username, password):
        self.call("GET", "/console/login")
        return self.call("POST", "/console/login", [("csrf", self.csrf), ("username", username), ("password", password)])


def concurrent_logins(count, source, make_body):
    """`count` PC logins at once (a barrier lines them up), from `source`; returns {status: n}."""
    barrier = threading.Barrier(count)

    def one(index):
        barrier.wait()
        return request("POST", "/v1/pc/sessions", make_body(index), source=source)[0]

    statuses = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        for status in pool.map(one, range(count)):
            statuses[status] = statuses.get(status, 0) + 1
    return statuses


def wrong_code_login(index):
    return {"zone": "hall", "pcID": "pc-evil", "code": code(900, f"wrong-{index}")}


def attack_phase():
    state = {}
    healthy("start")
    kiosk_a = json.loads(admin("POST", "/v1/kiosks", {"name": "A", "site": "Main street"})[2])
    kiosk_b = json.loads(admin("POST", "/v1/kiosks", {"name": "B", "site": "Station square"})[2])
    status, _, body = admin("PUT", "/v1/admin/catalog", catalog([plan("hour", 10000, 60)]))
    check(status == 200, f"catalog uploaded ({status})")

    # A kiosk token is no licence to print time or money.
    sold = code(kiosk_a["namespace"], "sold")
    status, _, body = push(kiosk_a, "ticket_sold", {"code": sold, "planID": "hour", "sellMode": "now", "price": money(10000),
                                                    "grant": minutes(60), "validity": {}, "zones": []})
    check(status in (200, 201), f"an honest sale at kiosk A lands ({status})")
    status, _, body = push(kiosk_a, "voucher_batch_sold", {"batchID": "b1", "kind": "ticket", "planID": "hour", "count": 1000,
                                                           "unitPrice": money(9_000_000_000_000_000_000), "sellMode": "now",
                                                           "grant": minutes(60)})
    refused(status, body, "overflowing money (a batch of 1000 at 9e18)")
    status, _, body = push(kiosk_a, "ticket_sold", {"code": code(kiosk_a["namespace"], "huge"), "planID": "hour", "sellMode": "now",
                                                    "price": money(10000), "grant": minutes(10**15), "validity": {}, "zones": []})
    refused(status, body, "huge minutes (10^15)")
    status, _, body = push(kiosk_a, "ticket_sold", {"code": code(kiosk_a["namespace"], "free"), "planID": "hour", "sellMode": "now",
                                                    "price": money(0), "grant": minutes(60), "validity": {}, "zones": []})
    refused(status, body, "a price-0 sale of a paid plan")
    status, _, body = push(kiosk_b, "refill_applied", {"target": {"kind": "ticket", "id": sold}, "planID": "hour",
                                                       "price": money(10000), "grant": minutes(60), "validity": {}})
    refused(status, body, "a refill of another site's ticket")
    status, _, body = push(kiosk_a, "voucher_batch_sold", {"batchID": "b2", "kind": "user", "planID": "hour", "count": 1,
                                                           "unitPrice": money(10000), "sellMode": "now", "grant": minutes(60),
                                                           "accounts": [{"username": "POST1", "password": "pw-1234567890",
                                                                         "kind": "postpaid"}]})
    refused(status, body, "a postpaid account batch from a kiosk")
    status, _, body = admin("PUT", "/v1/admin/catalog", catalog([plan("hour", 10000, 60, discount=20000)]))
    refused(status, body, "a 200 % discount in the admin catalog")
    status, _, body = admin("POST", "/v1/admin/accounts", {"username": "EMPTY1", "password": "", "kind": "prepaid",
                                                          "zones": [], "opening": []})
    refused(status, body, "an account with an empty password")
    status, _, body = admin("POST", "/v1/admin/accounts", {"username": "USER1", "password": "real-pass-12345",
                                                          "kind": "prepaid", "zones": [], "opening": [minutes(60)]})
    check(status == 201, f"an honest account is made ({status})")

    cashier = Browser()
    status, _ = cashier.log_in("carl", CASHIER_PASSWORD)
    check(status == 303, f"cashier carl logs in ({status})")
    cashier.call("GET", "/console/batches")
    status, _ = cashier.call("POST", "/console/batches", [("csrf", cashier.csrf), ("count", "2"), ("kind", "ticket"),
                                                          ("plan", "hour"), ("sell", "now"), ("discount", "1e300")])
    refused(status, re.sub(r"\s+", " ", cashier.page)[-200:], "discount=1e300 on /console/batches")

    # Console lockout: a stranger at another address cannot lock the owner out.
    stranger = Browser(source="127.0.0.2")
    statuses = [stranger.log_in("olga", f"wrong-password-{n}")[0] for n in range(6)]
    check(statuses[:5] == [401] * 5 and statuses[5] == 429,
          f"5 wrong owner passwords from 127.0.0.2, then 429 there ({statuses})")
    status, headers = stranger.log_in("olga", OWNER_PASSWORD)
    check(status == 429 and headers.get("Retry-After", "").isdigit(),
          f"the right password from 127.0.0.2 is refused unchecked, Retry-After {headers.get('Retry-After')}")
    owner = Browser(source="127.0.0.1")
    status, _ = owner.log_in("olga", OWNER_PASSWORD)
    check(status == 303, f"the owner at 127.0.0.1 still logs in ({status})")
    for page in ["/console", "/console/batches", "/console/codes", "/console/sales", "/console/reports", "/console/kiosks",
                 "/console/catalog", "/console/staff"]:
        status, _ = owner.call("GET", page)
        check(status == 200, f"console page {page} loads ({status})")
    healthy("the console lockout attempt")

    # 500 wrong PC codes at once from one address: the budget holds (documented: 10 per source).
    statuses = concurrent_logins(500, "127.0.0.3", wrong_code_login)
    not_limited = sum(n for s, n in statuses.items() if s != 429)
    check(not_limited <= MAX_FAILED_GUESSES and not any(s >= 500 for s in statuses),
          f"500 concurrent wrong codes: {not_limited} answers not 429 (at most {MAX_FAILED_GUESSES}) {statuses}")
    healthy("500 concurrent wrong codes")
    # 500 wrong account passwords at once: each check is a 32 MiB scrypt on the bounded pool;
    # beyond its queue 503 at once, of the rest at most 10 are checked and refused (401).
    statuses = concurrent_logins(500, "127.0.0.4", lambda i: {"zone": "hall", "pcID": "pc-evil", "username": "USER1",
                                                              "password": f"guess-{i}"})
    checked = statuses.get(401, 0)
    other = {s: n for s, n in statuses.items() if s not in (401, 429, 503)}
    check(checked <= MAX_FAILED_GUESSES and not other and statuses.get(201, 0) == 0,
          f"500 concurrent wrong account passwords: {checked} checked and refused (at most {MAX_FAILED_GUESSES}), "
          f"the rest 429 or 503 {statuses}")
    healthy("500 concurrent wrong account passwords")
    status, _, _ = request("POST", "/v1/pc/sessions", {"zone": "hall", "pcID": "pc-1", "username": "USER1",
                                                       "password": "real-pass-12345"}, source="127.0.0.5")
    check(status == 201, f"the account's owner at another PC still logs in ({status})")
    with open(STATE_FILE, "w") as file:
        json.dump(state, file)


def restart_phase():
    healthy("the restart")
    status, _, _ = request("POST", "/v1/pc/sessions", wrong_code_login(9999), source="127.0.0.3")
    check(status == 429, f"after a restart the address that guessed still gets 429 ({status})")
    status, _ = Browser(source="127.0.0.2").log_in("olga", OWNER_PASSWORD)
    check(status == 429, f"after a restart the owner stays locked at 127.0.0.2 ({status})")
    status, _ = Browser(source="127.0.0.1").log_in("olga", OWNER_PASSWORD)
    check(status == 303, f"and logs in at 127.0.0.1 ({status})")


def ipv6_phase():
    """A host owns a whole /64 and may send from any address in it: the budget is the /64's."""
    status, _, body = admin("PUT", "/v1/admin/catalog", catalog([plan("hour", 10000, 60)]))
    check(status == 200, f"catalog over TLS on IPv6 ({status} {body[:80]})")
    first, same_net, other_net = "fd00:1::1", "fd00:1::2:3", "fd00:2::1"

    def wrong_login(source, index):
        # A namespace of its own per attempt: only the source's budget is spent, never a target's.
        return request("POST", "/v1/pc/sessions", {"zone": "hall", "pcID": "pc-v6", "code": code(700 + index, "v6")},
                       source=source)[0]

    statuses = [wrong_login(first, index) for index in range(MAX_FAILED_GUESSES)]
    check(statuses == [404] * MAX_FAILED_GUESSES, f"{MAX_FAILED_GUESSES} wrong codes from {first} are checked: {statuses}")
    status = wrong_login(first, MAX_FAILED_GUESSES)
    check(status == 429, f"the next from {first} gets 429 ({status})")
    status = wrong_login(same_net, MAX_FAILED_GUESSES + 1)
    check(status == 429, f"so does {same_net}, another address of the same /64 ({status})")
    status = wrong_login(other_net, MAX_FAILED_GUESSES + 2)
    check(status == 404, f"{other_net}, of another /64, has a budget of its own ({status})")
    healthy("the IPv6 guesses")


{"attack": attack_phase, "restart": restart_phase, "ipv6": ipv6_phase}[PHASE]()
print(f"attack.py {PHASE}: {passed} passed, {failed} failed", file=sys.stderr)
sys.exit(1 if failed else 0)
