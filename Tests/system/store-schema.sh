#!/bin/bash
# store-schema: docs/openapi.yaml against a live kiosk-store, by Schemathesis (PyPI), a tool nobody
# here wrote. It generates requests for every documented operation, API v1 and console forms alike,
# with the credentials of the document's security schemes: the admin token, a registered kiosk's
# token, a PC session's token and an owner's console session cookie. It fails on any 5xx, on a
# response the document does not describe (status, content type, body schema, headers), on a
# schema-valid request refused as malformed, and on an undeclared method answered with anything
# but 405 and an Allow header.
#
# Examples per operation: SCHEMA_EXAMPLES (default 25: 4,393 test cases over 43 operations; the script took 61–69 s after the build on
# the 2-core machine). The store is a debug build on SQLite, on a free loopback port.
#
# Usage: Tests/system/store-schema.sh   (from any folder)
# Env:   STORE_SCHEMA_WORK=DIR working folder (default: <repo>/.work/store-schema); the venv with
#        Schemathesis stays in <repo>/.work/schemathesis-venv between runs.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
start_test store-schema
SCHEMATHESIS_VERSION=4.32.5
EXAMPLES=${SCHEMA_EXAMPLES:-25}
store_pid=""
cleanup() { [ -z "$store_pid" ] || kill "$store_pid" 2>/dev/null; wait 2>/dev/null; }
on_exit cleanup

# python3-venv for Schemathesis; pkg-config and the -dev packages because kiosk-store links the console's printing.
need_packages curl python3 python3-venv pkg-config libsqlite3-dev libfreetype-dev libharfbuzz-dev libpng-dev \
    libqrencode-dev libcups2-dev fonts-dejavu-core

WORK=${STORE_SCHEMA_WORK:-$REPO/.work/store-schema}
rm -rf "$WORK"; mkdir -p "$WORK"; WORK=$(cd "$WORK" && pwd)
VENV=$REPO/.work/schemathesis-venv
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "installing schemathesis $SCHEMATHESIS_VERSION into $VENV…"
    rm -rf "$VENV"
    { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"; } >"$WORK/pip.log" 2>&1 \
        || { tail -5 "$WORK/pip.log"; bad "pip install schemathesis"; finish; }
fi
ok "$("$VENV/bin/schemathesis" --version)"

cd "$REPO" || exit 1
echo "building kiosk-store…"
swift build --product kiosk-store >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; bad "build kiosk-store"; finish; }
STORE=$(swift build --show-bin-path)/kiosk-store

# An owner for the console identity, made the way staff make one (password on standard input).
DB=$WORK/store.sqlite
OWNER_PASSWORD=schema-owner-password-1
printf '%s\n' "$OWNER_PASSWORD" | "$STORE" users add olga --role owner --sqlite "$DB" >/dev/null \
    || { bad "kiosk-store users add"; finish; }

export KIOSK_STORE_ADMIN_TOKEN=store-schema-admin-token-0123456789
"$STORE" --port 0 --sqlite "$DB" --log-level error >"$WORK/store.log" 2>&1 &
store_pid=$!
for _ in $(seq 200); do grep -q "listening on" "$WORK/store.log" && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' "$WORK/store.log" | head -1)
[ -n "$URL" ] || { cat "$WORK/store.log"; bad "kiosk-store did not start"; finish; }
ok "kiosk-store listening on $URL"

admin() { curl -sS -H "Authorization: Bearer $KIOSK_STORE_ADMIN_TOKEN" "$@"; }

# A catalog, a kiosk, a prepaid account and a PC session on it.
admin -X PUT "$URL/v1/admin/catalog" -d '{"version":0,"currency":"RUB","siteTimeZone":"Europe/Moscow",
  "zones":[{"id":"hall","name":"Hall","minuteCategory":"internet"}],"staff":[],
  "plans":[{"id":"hour","name":"1 hour","price":{"minor":10000,"currency":"RUB"},"grant":{"unit":"internet_minutes","quantity":60},
            "zones":[],"salesWindows":[],"validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0}]}' \
    >"$WORK/catalog.json"
admin "$URL/v1/kiosks" -d '{"name":"schema","site":"main"}' >"$WORK/kiosk.json"
KIOSK_TOKEN="$(json "['kioskID']" <"$WORK/kiosk.json").$(json "['secret']" <"$WORK/kiosk.json")"
admin "$URL/v1/admin/accounts" -d '{"username":"SCHEMA1","password":"schema-pc-password","kind":"prepaid","zones":[],
  "opening":[{"unit":"internet_minutes","quantity":100000}]}' >"$WORK/account.json"
curl -sS "$URL/v1/pc/sessions" -d '{"zone":"hall","pcID":"pc-1","username":"SCHEMA1","password":"schema-pc-password"}' \
    >"$WORK/session.json"
SESSION_ID=$(json "['sessionID']" <"$WORK/session.json" 2>/dev/null)
SESSION_TOKEN=$(json "['token']" <"$WORK/session.json" 2>/dev/null)
[ -n "$SESSION_ID" ] && [ -n "$KIOSK_TOKEN" ] && ok "a kiosk registered and a PC session started" \
    || { bad "setup: $(cat "$WORK/kiosk.json" "$WORK/session.json")"; finish; }

# The console identity: log in through the login form (its CSRF token double-submitted in a cookie).
JAR=$WORK/cookies
curl -sS -c "$JAR" "$URL/console/login" >/dev/null
LOGIN_CSRF=$(awk '$6 == "kiosk_console_login" { print $7 }' "$JAR")
curl -sS -b "$JAR" -c "$JAR" -o /dev/null "$URL/console/login" \
    --data-urlencode "csrf=$LOGIN_CSRF" --data-urlencode "username=olga" --data-urlencode "password=$OWNER_PASSWORD"
CONSOLE_COOKIE=$(awk '$6 == "kiosk_console" { print $7 }' "$JAR")
[ -n "$CONSOLE_COOKIE" ] && ok "the owner logged in to the console" || { bad "console login"; finish; }

# One credential per security scheme of the document; the PC session's path is its own id.
#
# What a schema-valid request may be answered (positive_data_acceptance): besides Schemathesis's
# own list (2xx, 3xx, 401, 403, 404, 409, 429), the answers of a well-formed request refused on
# its merits, which the document describes and a schema cannot decide: 410 (expired, used up) and
# 422 (money that follows from no plan, a namespace that is not the kiosk's, no namespace left).
# No 5xx is accepted anywhere. 400 means "malformed by the document", so it is
# a failure, except where the document names a rule across fields that a schema cannot state:
# a ticket code's check symbol (PC login, ticket look-up), the Idempotency-Key that must equal
# the event's id, and a catalog whose prices are all in its own currency and whose time zone is
# an IANA name.
cat >"$WORK/schemathesis.toml" <<EOF
[generation]
max-examples = $EXAMPLES

[checks]
positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "410", "422", "429"]
# A request outside the schema may also be refused as too large (a batch of more than 1000 events: 413, documented).
negative_data_rejection.expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]

[auth.openapi.adminToken]
bearer = "$KIOSK_STORE_ADMIN_TOKEN"

[auth.openapi.kioskToken]
bearer = "$KIOSK_TOKEN"

[auth.openapi.sessionToken]
bearer = "$SESSION_TOKEN"

[auth.openapi.consoleSession]
api_key = "$CONSOLE_COOKIE"

[[operations]]
include-path-regex = "^/v1/pc/sessions/"
parameters = { id = "$SESSION_ID" }

# A console page or form asked without the session cookie is refused by a redirect to the login
# page (303): a refusal, for the console's clients are browsers.
[[operations]]
include-tag = "console"
checks.negative_data_rejection.expected-statuses = ["303", "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]

# A batch is answered 200 with one result per event: an event outside the schema that still
# decodes gets its own "rejected" result and the others land (the kiosk's outbox must not stall
# on one event). The single-event route is held to the full check for the same events.
[[operations]]
include-name = "POST /v1/events/batch"
checks.negative_data_rejection.expected-statuses = ["200", "400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]

[[operations]]
include-name = "POST /v1/pc/sessions"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "410", "422", "429"]

[[operations]]
include-name = "GET /v1/tickets/{code}"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]

[[operations]]
include-name = "POST /v1/events"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "422", "429"]

[[operations]]
include-name = "PUT /v1/admin/catalog"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "422", "429"]
EOF

echo "schemathesis: $EXAMPLES examples per operation…"
started=$(date +%s)
# From $WORK: Schemathesis keeps its example database in .schemathesis/ of the current folder.
(cd "$WORK" && "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" run "$REPO/docs/openapi.yaml" --url "$URL" \
    --checks all --seed 1 >"$WORK/schemathesis.log" 2>&1)
status=$?
seconds=$(( $(date +%s) - started ))
tail -n 40 "$WORK/schemathesis.log"
if [ "$status" -eq 0 ]; then ok "schemathesis: every operation conforms ($EXAMPLES examples each, $seconds s)"
else bad "schemathesis found failures (exit $status, $seconds s): see $WORK/schemathesis.log"; fi

# The store is still up after everything Schemathesis sent.
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/health")" = 200 ] && kill -0 "$store_pid" 2>/dev/null \
    && ok "kiosk-store still answers /v1/health" || bad "kiosk-store stopped"
finish
