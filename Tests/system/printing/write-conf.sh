#!/bin/bash
# write-conf.sh DIR PORT: lays out a private cupsd in DIR (loopback PORT + DIR/run/cups.sock).
#   DIR/etc/{cupsd.conf,cups-files.conf}  DIR/{spool,cache,run,log,out}  DIR/serverbin (the Debian
#   filters and backends by symlink, plus this folder's escpos backend).
# As root, cupsd runs jobs as lp, so DIR must be reachable by lp (keep it under /tmp);
# as an ordinary user everything runs as that user.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
B=${1:?usage: write-conf.sh DIR PORT}; PORT=${2:?usage: write-conf.sh DIR PORT}
mkdir -p "$B"; B=$(cd "$B" && pwd); chmod 755 "$B"
mkdir -p "$B"/{etc/ppd,spool/tmp,cache,run,log,out,serverbin/backend}
chmod 777 "$B/out"     # file:// and filters run as the scheduler's User
for d in cgi-bin daemon driver filter monitor notifier; do ln -sfn "/usr/lib/cups/$d" "$B/serverbin/$d"; done
for f in /usr/lib/cups/backend/*; do ln -sfn "$f" "$B/serverbin/backend/$(basename "$f")"; done
# cupsd refuses backends writable by group/other, and (as root) not owned by root.
install -m 0755 "$HERE/backend/escpos" "$B/serverbin/backend/escpos"
if [ "$(id -u)" = 0 ]; then U=lp; G=lp; SG=root; else U=$(id -un); G=$(id -gn); SG=$(id -gn); fi
cat > "$B/etc/cups-files.conf" <<EOC
SystemGroup $SG
User $U
Group $G
ServerRoot $B/etc
RequestRoot $B/spool
TempDir $B/spool/tmp
CacheDir $B/cache
StateDir $B/run
ServerBin $B/serverbin
DataDir /usr/share/cups
AccessLog $B/log/access_log
ErrorLog $B/log/error_log
PageLog $B/log/page_log
FileDevice Yes
EOC
cat > "$B/etc/cupsd.conf" <<EOC
LogLevel ${CUPS_LOGLEVEL:-info}
Listen 127.0.0.1:$PORT
Listen $B/run/cups.sock
Browsing No
BrowseLocalProtocols none
WebInterface No
ErrorPolicy abort-job
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOC
# A file:// queue's output must exist: Debian's cupsd 2.4.2-3+deb12u10 opens a file device's
# output without creating it ("the scheduler could not open the output file"). The tests' PDF
# queues write to out/sheet.pdf, made here for the scheduler's User; empty it with `: >` between
# jobs rather than removing it.
: > "$B/out/sheet.pdf"
chmod 0666 "$B/out/sheet.pdf"
[ "$(id -u)" = 0 ] && chown "$U" "$B/out/sheet.pdf"
if [ "$(id -u)" = 0 ] && ! runuser -u lp -- test -w "$B/out"; then
  echo "error: user lp cannot reach $B (a parent folder is not searchable by others); use a folder under /tmp" >&2
  exit 1
fi
