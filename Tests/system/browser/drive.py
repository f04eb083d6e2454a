"""Drives the staff console in headless Chromium, as a person at the counter would.

Usage: drive.py BASE_URL WORK CHROMIUM  (env: ADMIN_TOKEN, OWNER_PASSWORD, CASHIER_PASSWORD, QUEUE)
Prints one "PASS …" or "FAIL …" line per check; browser.sh counts them. Screenshots go to WORK/shots.
"""
import glob
import json
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request

from cdp import Browser

BASE, WORK, CHROMIUM = sys.argv[1:4]
ADMIN = os.environ["ADMIN_TOKEN"]
OWNER_PASSWORD = os.environ["OWNER_PASSWORD"]
CASHIER_PASSWORD = os.environ["CASHIER_PASSWORD"]
QUEUE = os.environ.get("QUEUE", "sheets")
SHOTS = os.path.join(WORK, "shots")
DOWNLOADS = os.path.join(WORK, "downloads")
CAPTURED = os.path.join(WORK, "out", "sheet.pdf")
for folder in (SHOTS, DOWNLOADS, os.path.join(WORK, "profile"), os.path.join(WORK, "pages")):
    os.makedirs(folder, exist_ok=True)
failures = 0


def check(ok, text):
    global failures
    print(("PASS " if ok else "FAIL ") + text, flush=True)
    if not ok:
        failures += 1
    return ok


def api(method, path, body=None, token=None):
    """The kiosk and PC side of the store (setup and the PC login check), not the console."""
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if body is not None and path == "/v1/events":
        request.add_header("Idempotency-Key", body["id"])
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def kiosk_code(namespace):
    """A valid code in `namespace`: Crockford symbols and the Damm check over GF(32) (KioskDomain.Crockford)."""
    def times_two(value):
        shifted = value << 1
        return (shifted ^ 0x25) & 0x1F if shifted & 0x20 else shifted
    body = ALPHABET[namespace // 32] + ALPHABET[namespace % 32] + "".join(random.choice(ALPHABET) for _ in range(10))
    interim = 0
    for symbol in body:
        interim = times_two(interim) ^ ALPHABET.index(symbol)
    return body + ALPHABET[times_two(interim)]


def qr_codes(pdf, tag):
    """Every QR code zbarimg reads on the PDF's pages (rendered by pdftoppm)."""
    prefix = os.path.join(WORK, "pages", tag)
    subprocess.run(["pdftoppm", "-r", "203", "-png", pdf, prefix], check=True)
    found = []
    for page in sorted(glob.glob(prefix + "-*.png")):
        out = subprocess.run(["zbarimg", "-q", "--raw", page], capture_output=True, text=True).stdout
        found += [line.strip() for line in out.splitlines() if line.strip()]
    return found


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((int(line.split()[-1]) for line in out.splitlines() if line.startswith("Pages:")), 0)


def table_rows(b, selector):
    return b.js(f"[...document.querySelectorAll('{selector} tr')].map(r => [...r.cells].map(c => c.innerText.trim()))")


b = Browser(CHROMIUM, os.path.join(WORK, "profile"), width=1024, height=768)
try:
    started = time.time()
    # --- a stranger lands on the login page; 5 wrong passwords lock the cashier out ---------------
    b.goto(BASE + "/console")
    check(b.js("location.pathname") == "/console/login", "the console sends a visitor without a session to the login page")
    b.screenshot(os.path.join(SHOTS, "01-login.png"))
    refused = 0
    for attempt in range(5):
        b.type("#username", "carl")
        b.type("#password", f"wrong-password-{attempt}")
        b.click("#login")
        refused += "Wrong username or password" in b.text("#error")
    check(refused == 5, f"5 wrong passwords for cashier carl are refused in the browser ({refused}/5)")
    b.type("#username", "carl")
    b.type("#password", CASHIER_PASSWORD)
    b.click("#login")
    check("locked" in b.text("#error") and b.js("location.pathname") == "/console/login",
          f"then carl's right password is refused too: '{b.text('#error')[:70]}…'")
    b.screenshot(os.path.join(SHOTS, "02-locked.png"))

    # --- the owner logs in ------------------------------------------------------------------------
    b.type("#username", "olga")
    b.type("#password", OWNER_PASSWORD)
    b.click("#login")
    check(b.js("location.pathname") == "/console" and "olga · owner" in b.text("header"), "owner olga logs in and sees the console")
    cookie_visible = b.js("document.cookie")
    check("kiosk_console" not in cookie_visible, "the session cookie is HttpOnly (page script cannot read it)")
    b.click("nav a[href='/console/staff']")
    attempts = table_rows(b, "#attempts")
    outcomes = [r[3] for r in attempts[1:] if r[1] == "carl"]
    check(outcomes.count("bad password") == 5 and "locked" in outcomes,
          f"the owner's Staff page lists carl's attempts: {outcomes}")
    b.screenshot(os.path.join(SHOTS, "03a-staff.png"))

    # --- plans, zones and sales windows -----------------------------------------------------------
    b.click("nav a[href='/console/catalog']")
    b.choose("#currency", "RUB")
    b.type("#time_zone", "Europe/Moscow")
    b.click("#save-settings")
    b.type("#zone-id", "hall")
    b.type("#zone-name", "Main hall")
    b.choose("#zone-category", "internet")
    b.click("#save-zone")
    b.click("#new-plan")
    b.type("#id", "hour")
    b.type("#name", "Internet 1 hour")
    b.type("#price", "100")
    b.type("#grant_quantity", "60")
    b.choose("#grant_unit", "internet_minutes")
    b.tick("input[name=zones][value=hall]")
    b.type("#days_from_first_use", "30")
    b.type("#windows", "daily 08:00-23:30")
    b.click("#save-plan")
    plans = table_rows(b, "#plans")
    check(any(r[:2] == ["Internet 1 hour\nhour", "100.00 RUB"] and "hall" in r[3] and "daily 08:00-23:30" in r[4] for r in plans),
          f"plan, zone and sales window saved through the forms: {plans[1:] if len(plans) > 1 else plans}")
    b.screenshot(os.path.join(SHOTS, "03-catalog.png"))

    # A kiosk sells a ticket and is emptied (its side of the API), so reports and status have data.
    # The sale follows from the plan just saved (the store holds any other in its quarantine).
    status, kiosk = api("POST", "/v1/kiosks", {"name": "Lobby kiosk", "site": "Main street"}, ADMIN)
    token = f"{kiosk.get('kioskID')}.{kiosk.get('secret')}"
    sale_id = f"sale-{random.randrange(10**9)}"
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    money = lambda minor: {"minor": minor, "currency": "RUB"}
    s1, _ = api("POST", "/v1/events", {"id": sale_id, "occurredAt": now, "type": "ticket_sold", "ticketSold": {
        "code": kiosk_code(kiosk.get("namespace", 0)), "planID": "hour", "sellMode": "now", "price": money(10000),
        "grant": {"unit": "internet_minutes", "quantity": 60}, "validity": {"daysFromFirstUse": 30}, "zones": ["hall"]}}, token)
    s2, _ = api("POST", "/v1/events", {"id": f"collect-{random.randrange(10**9)}", "occurredAt": now, "type": "cash_collected",
                                      "cashCollected": {"amount": money(10000), "counted": money(9000), "staffID": "olga", "bag": "B-77",
                                                        "notes": [{"denominationMinor": 5000, "count": 1}, {"denominationMinor": 1000, "count": 4}]}},
                 token)
    check(status == 201 and s1 == 201 and s2 == 201, f"setup: a kiosk registered, sold a ticket and was emptied ({status}, {s1}, {s2})")

    # --- 50 vouchers --------------------------------------------------------------------------------
    b.click("nav a[href='/console/batches']")
    b.type("#count", "50")
    b.choose("#kind", "ticket")
    b.choose("#plan", "hour")
    b.choose("#sell", "now")
    b.type("#discount", "0")
    b.type("#code_length", "10")
    b.screenshot(os.path.join(SHOTS, "04-batch-form.png"))
    b.click("#generate")
    heading = b.text("h1")
    codes = b.js("[...document.querySelectorAll('#items code')].map(c => c.textContent.replaceAll('-', ''))")
    check(heading.startswith("Batch ") and "50 × ticket" in heading and len(set(codes)) == 50,
          f"'{heading}': the page lists {len(set(codes))} distinct codes")
    check(all(code.startswith("ZZ") for code in codes), "every counter code is in the store's namespace ZZ")
    batch_url = b.js("location.pathname")

    # --- print on the CUPS queue ------------------------------------------------------------------
    b.choose("#queue", QUEUE)
    b.choose("#stock", "a4")
    t = time.time()
    b.click("#print")
    notice = b.text("#notice")
    check("job " + QUEUE + "-" in notice and "completed" in notice, f"printed in {time.time() - t:.1f}s: '{notice}'")
    b.screenshot(os.path.join(SHOTS, "05-batch-printed.png"))
    for _ in range(100):
        if os.path.exists(CAPTURED) and os.path.getsize(CAPTURED) > 0:
            break
        time.sleep(0.1)
    printed = qr_codes(CAPTURED, "printed") if os.path.exists(CAPTURED) else []
    check(pages(CAPTURED) == 5 if os.path.exists(CAPTURED) else False, f"the queue captured a 5-page PDF ({CAPTURED})")
    check(sorted(printed) == sorted(codes), f"zbarimg reads {len(printed)} QR codes on the printed pages: exactly the batch's 50")

    # --- download the PDF ---------------------------------------------------------------------------
    b.allow_downloads(DOWNLOADS)
    b.click("#download", navigates=False)
    path = os.path.join(DOWNLOADS, batch_url.rsplit("/", 1)[-1].join(["vouchers-batch-", ".pdf"]))
    for _ in range(200):
        if os.path.exists(path) and not glob.glob(os.path.join(DOWNLOADS, "*.crdownload")):
            break
        time.sleep(0.1)
    downloaded = qr_codes(path, "downloaded") if os.path.exists(path) else []
    check(os.path.exists(path) and open(path, "rb").read(5) == b"%PDF-" and pages(path) == 5,
          f"the browser downloaded {os.path.basename(path)}: a 5-page PDF")
    check(sorted(downloaded) == sorted(codes), f"its {len(downloaded)} QR codes are the batch's 50")

    # --- the report ---------------------------------------------------------------------------------
    b.click("nav a[href='/console/reports']")
    b.choose("#by", "staff")
    b.click("#show-report")
    rows = table_rows(b, "#report")
    olga = next((r for r in rows if r and r[0] == "olga"), [])
    check(olga[1:3] == ["50", "5000.00"], f"report by staff: olga sold 50 vouchers for 5000.00 RUB ({olga})")
    b.choose("#by", "kiosk")
    b.click("#show-report")
    rows = table_rows(b, "#report")
    counter = next((r for r in rows if r and r[0] == "Counter (olga)"), [])
    lobby = next((r for r in rows if r and r[0] == "Lobby kiosk"), [])
    check(counter[1:3] == ["50", "5000.00"], f"report by kiosk: the counter row ({counter})")
    check(lobby[7:10] == ["100.00", "90.00", "-10.00"], f"the kiosk's collection: expected, collected, difference ({lobby[7:10]})")
    b.screenshot(os.path.join(SHOTS, "06-report.png"))

    # --- block a code: the PC refuses it -----------------------------------------------------------
    b.click("nav a[href='/console/codes']")
    b.type("#code", codes[0])
    b.type("#reason", "card lost by the customer")
    b.click("#block")
    check("is blocked" in b.text("#notice"), f"blocked at the console: '{b.text('#notice')}'")
    blocked, _ = api("POST", "/v1/pc/sessions", {"zone": "hall", "pcID": "pc-7", "code": codes[0]})
    fine, _ = api("POST", "/v1/pc/sessions", {"zone": "hall", "pcID": "pc-8", "code": codes[1]})
    check(blocked == 403 and fine == 201, f"PC login: the blocked code gets {blocked}, another code of the batch {fine}")

    # --- void the kiosk's sale with a reason ---------------------------------------------------------
    b.click("nav a[href='/console/sales']")
    # The store names a kiosk's sale by the kiosk and its event id (events are keyed per kiosk).
    reference = f"{kiosk.get('kioskID')}/{sale_id}"
    form = f"#sales form:has(input[name=reference][value='{reference}'])"
    b.type(form + " input[name=reason]", "customer paid twice")
    b.click(form + " button")
    voids = table_rows(b, "#voids")
    check(any(sale_id in r[1] and r[3] == "customer paid twice" and r[4] == "olga" for r in voids[1:]),
          "the owner voided the kiosk's sale with a reason; the void lists the owner")
    b.screenshot(os.path.join(SHOTS, "07-sales.png"))

    b.click("nav a[href='/console/kiosks']")
    check("Lobby kiosk" in b.text("#kiosks"), "kiosk status lists the kiosk")
    b.screenshot(os.path.join(SHOTS, "08-kiosks.png"))
    b.click("nav a[href='/console']")
    b.screenshot(os.path.join(SHOTS, "09-home.png"))
    # A tablet held upright.
    b.page("Emulation.setDeviceMetricsOverride", {"width": 768, "height": 1024, "deviceScaleFactor": 1, "mobile": True})
    b.goto(BASE + batch_url)
    b.screenshot(os.path.join(SHOTS, "10-batch-portrait.png"), full_page=False)
    b.click("#logout")
    check(b.js("location.pathname") == "/console/login", f"logged out ({time.time() - started:.1f}s in the browser)")
except Exception as error:   # a broken page must fail the test, with what broke
    check(False, f"browser scenario stopped: {type(error).__name__}: {error}")
finally:
    b.close()
sys.exit(1 if failures else 0)
