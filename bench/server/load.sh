#!/usr/bin/env bash
# Bounded load test of `uitkijk serve` (issue 5): the full bundled catalog with a stored
# screening run, `wrk` against a filtered event list and an object search, on SQLite and on
# PostgreSQL. Prints requests/s and p99 per case.
#
#   bench/server/load.sh                 # builds the release binary first
#   BIN=path/to/uitkijk DUR=15s CONN=32 THREADS=2 bench/server/load.sh
#   PG_URL=postgres://user@host:port/db bench/server/load.sh   # an existing empty database
#   POOL=4 bench/server/load.sh          # `serve --pool` (database connections; default 8)
#   ONLY=postgres bench/server/load.sh   # one backend (sqlite|postgres)
#   QUERIES="events?asset=25544" bench/server/load.sh   # other requests (space-separated)
#
# Needs `wrk` (Debian package `wrk`). Without PG_URL it starts a throwaway PostgreSQL from the
# Debian binaries (initdb/pg_ctl; as root the server runs as the `postgres` user), when they
# are installed; otherwise the PostgreSQL case is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${DUR:-15s}
CONN=${CONN:-32}
THREADS=${THREADS:-2}
POOL=${POOL:-8}
ONLY=${ONLY:-}
QUERIES=${QUERIES:-"events?asset=25544&min_pc=1e-12&limit=100 objects?cospar=1982-092&type=DEBRIS&limit=100 objects?name=cosmos%201408&limit=100"}
CATALOG=data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz
if [ -z "${BIN:-}" ]; then
    cargo build --release -p uitkijk
    BIN=${CARGO_TARGET_DIR:-target}/release/uitkijk
fi
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/uitkijk-load.XXXXXX)
chmod 755 "$WORK"
SERVER_PID=
PG_DIR=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    if [ -n "$PG_DIR" ]; then
        $AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# ISS, CSS (Tianhe), Hubble and NOAA 20: assets screened against the whole catalog.
ASSETS=25544,48274,20580,43013

prepare() { # URL
    local url=$1
    "$BIN" ingest --db "$url" "$CATALOG" 2>&1 | tail -1
    "$BIN" screen "$CATALOG" --assets "$ASSETS" --start 2022-01-22T12:00:00Z --days 1 \
        --threshold-km 25 --db "$url" 2>&1 >/dev/null | grep -E "stored|screened|error|not in"
    "$BIN" token issue --db "$url" --name load-analyst --role analyst --tier national 2>/dev/null
}

measure() { # NAME URL TOKEN
    local name=$1 url=$2 token=$3
    "$BIN" serve --db "$url" --bind 127.0.0.1:0 --web-dir "$WORK/none" --pool "$POOL" 2>"$WORK/serve.log" &
    SERVER_PID=$!
    for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.log" && break; sleep 0.1; done
    local base
    base=$(sed -n 's/^listening on //p' "$WORK/serve.log")
    for q in $QUERIES; do
        # A first call checks the answer is a non-empty JSON list.
        local n
        n=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/$q" | { grep -o '"id"\|"NORAD_CAT_ID"' || true; } | wc -l)
        local out
        out=$(wrk -t"$THREADS" -c"$CONN" -d"$DUR" --latency -H "Authorization: Bearer $token" "$base/api/v1/$q")
        local rps p99 non2xx
        rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
        [ -n "${VERBOSE:-}" ] && echo "$out"
        p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
        non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
        printf '%-10s %-55s rows=%-4s req/s=%-9s p99=%-9s non-2xx=%s load=%s\n' "$name" "/api/v1/$q" "$n" \
            "$rps" "$p99" "${non2xx:-0}" "$(cut -d' ' -f1 /proc/loadavg)"
    done
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}

echo "uitkijk serve under load: wrk -t$THREADS -c$CONN -d$DUR, pool $POOL, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$ONLY" != postgres ]; then
    SQLITE="sqlite://$WORK/load.db"
    TOKEN=$(prepare "$SQLITE" | tail -1)
    measure sqlite "$SQLITE" "$TOKEN"
fi
[ "$ONLY" = sqlite ] && exit 0

if [ -z "${PG_URL:-}" ]; then
    PG_BIN=$(dirname "$(readlink -f "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)")" 2>/dev/null || true)
    if [ -x "$PG_BIN/initdb" ]; then
        PG_DIR=$WORK/pg
        mkdir -p "$PG_DIR"
        AS_PG=
        if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; AS_PG="runuser -u postgres --"; fi
        PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        $AS_PG "$PG_BIN/initdb" -D "$PG_DIR/data" -U uitkijk -A trust >/dev/null
        $AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
            -o "-p $PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
        PG_URL="postgres://uitkijk@127.0.0.1:$PORT/postgres"
    else
        echo "postgres: no initdb found and no PG_URL: skipped"
        exit 0
    fi
else
    AS_PG=
fi
TOKEN=$(prepare "$PG_URL" | tail -1)
measure postgres "$PG_URL" "$TOKEN"
