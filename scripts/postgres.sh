#!/usr/bin/env bash
# A private PostgreSQL for FlowAlp's optional PostgreSQL journal, in a folder of its own: nothing is installed, no
# system configuration is read or changed, no system user is created.
#   scripts/postgres.sh start [DIR] | stop [DIR] | status [DIR] | remove [DIR]
# DIR defaults to $FLOWALP_PG_DIR or /var/tmp/flowalp-postgres-$(id -un). `start` runs initdb there once (user "flowalp",
# a random password, trust only on the Unix socket inside DIR, which is 0700), starts the server on 127.0.0.1 on a free
# port, creates the "flowalp" database and writes the connection string to config/persistence/postgres.conf (mode 0600),
# which "backend": "postgres" reads by default. As root the server runs as the existing "postgres" user (else "nobody").
# `remove` stops the server and deletes DIR and the connection file. Needs PostgreSQL's binaries (initdb, pg_ctl,
# postgres, psql): `apt-get install postgresql` or your system's equivalent. Exit 0 when done; non-zero with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."
CMD=${1:-start}
DIR=${2:-${FLOWALP_PG_DIR:-/var/tmp/flowalp-postgres-$(id -un)}}
CONF=config/persistence/postgres.conf
die() { echo "postgres.sh: $*" >&2; exit "${CODE:-3}"; }

BIN=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) $(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)"); do
  if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then BIN=$d; break; fi
done
[ -n "$BIN" ] || die "PostgreSQL binaries (initdb, pg_ctl, postgres) not found under /usr/lib/postgresql/*/bin or on PATH; install them with: apt-get install postgresql"
PSQL=$BIN/psql; [ -x "$PSQL" ] || PSQL=$(command -v psql) || die "psql not found; install it with: apt-get install postgresql-client"

# as root, the server runs as an unprivileged user that already exists
AS=()
if [ "$(id -u)" = 0 ]; then
  if id -u postgres >/dev/null 2>&1; then RUNAS=postgres; else RUNAS=nobody; fi
  AS=(runuser -u "$RUNAS" --)
fi
as() { "${AS[@]}" "$@"; }
port_of() { sed -n 's/^port = \([0-9]*\)$/\1/p' "$DIR/data/postgresql.flowalp.conf" 2>/dev/null; }
free_port() {
  for _ in $(seq 1 50); do
    local p=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  die "no free port found on 127.0.0.1"
}

case "$CMD" in
  start)
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ] && die "$DIR exists and is not a FlowAlp PostgreSQL folder; choose another DIR"
      mkdir -p "$DIR"
      [ ${#AS[@]} -gt 0 ] && chown "$RUNAS:" "$DIR"
      chmod 700 "$DIR"
      as "$BIN/initdb" -D "$DIR/data" -U flowalp -E UTF8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
      # the instance's own settings, in its own data folder (loopback only, the socket inside DIR)
      PORT=$(free_port)
      printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" "$PORT" "$DIR" | as tee "$DIR/data/postgresql.flowalp.conf" >/dev/null
      echo "include 'postgresql.flowalp.conf'" | as tee -a "$DIR/data/postgresql.conf" >/dev/null
      NEW=1
    fi
    PORT=$(port_of)
    [ -n "$PORT" ] || die "$DIR/data/postgresql.flowalp.conf names no port"
    if ! as "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      as "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null || CODE=4 die "the server did not start; see $DIR/server.log"
    fi
    if [ "${NEW:-0}" = 1 ] || [ ! -f "$CONF" ]; then
      # a new random password each time the connection file is (re)written; sent on stdin over the private socket
      PW=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
      echo "ALTER ROLE flowalp PASSWORD '$PW';" | as "$PSQL" -q -h "$DIR" -p "$PORT" -U flowalp -d postgres >/dev/null
      as "$PSQL" -qtA -h "$DIR" -p "$PORT" -U flowalp -d postgres -c "SELECT 1 FROM pg_database WHERE datname='flowalp'" | grep -q 1 \
        || as "$PSQL" -q -h "$DIR" -p "$PORT" -U flowalp -d postgres -c "CREATE DATABASE flowalp" >/dev/null
      (umask 077; printf 'Host=127.0.0.1;Port=%s;Database=flowalp;Username=flowalp;Password=%s\n' "$PORT" "$PW" > "$CONF")
    fi
    echo "postgres.sh: PostgreSQL in $DIR on 127.0.0.1:$PORT, database flowalp; connection string in $CONF (mode 0600)" ;;
  stop)
    [ -f "$DIR/data/PG_VERSION" ] || die "no FlowAlp PostgreSQL in $DIR"
    as "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    echo "postgres.sh: stopped the server in $DIR" ;;
  status)
    [ -f "$DIR/data/PG_VERSION" ] || die "no FlowAlp PostgreSQL in $DIR"
    as "$BIN/pg_ctl" -D "$DIR/data" status ;;
  remove)
    [ -f "$DIR/data/PG_VERSION" ] || die "no FlowAlp PostgreSQL in $DIR"
    as "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    rm -f "$CONF"
    echo "postgres.sh: removed $DIR and $CONF" ;;
  *) CODE=2 die "usage: $0 start|stop|status|remove [DIR]" ;;
esac
