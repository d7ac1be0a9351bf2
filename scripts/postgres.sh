#!/usr/bin/env bash
# PostgreSQL for FlowAlp's optional PostgreSQL journal: installs it from Debian's packages if needed, runs it on
# 127.0.0.1 only, creates the database, and writes the connection string to config/persistence/postgres.conf.
#   scripts/postgres.sh start | stop | status
# Needs root (apt-get, pg_ctlcluster). Exit 0 when the server is up and the database exists; non-zero with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=flowalp; PW=flowalp; CONF=config/persistence/postgres.conf
ver() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1; }
case "${1:-start}" in
  start)
    if [ -z "$(ver)" ] || [ ! -x "/usr/lib/postgresql/$(ver)/bin/postgres" ]; then
      command -v apt-get >/dev/null || { echo "postgres.sh: no apt-get here; install PostgreSQL by hand" >&2; exit 3; }
      [ "$(id -u)" = 0 ] || { echo "postgres.sh: installing PostgreSQL needs root" >&2; exit 3; }
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    V=$(ver)
    [ -f "/etc/postgresql/$V/main/postgresql.conf" ] || pg_createcluster "$V" main >/dev/null
    sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "/etc/postgresql/$V/main/postgresql.conf"
    pg_ctlcluster "$V" main start 2>/dev/null || pg_ctlcluster "$V" main status >/dev/null
    for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
    pg_isready -h 127.0.0.1 -p 5432 -q || { echo "postgres.sh: the server did not start" >&2; exit 4; }
    su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD '$PW';\"" >/dev/null
    su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='$DB'\"" | grep -q 1 || su postgres -c "createdb $DB"
    echo "Host=127.0.0.1;Port=5432;Database=$DB;Username=postgres;Password=$PW" > "$CONF"
    cat "$CONF" ;;
  stop)   V=$(ver); [ -n "$V" ] && pg_ctlcluster "$V" main stop 2>/dev/null || true ;;
  status) pg_lsclusters ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
