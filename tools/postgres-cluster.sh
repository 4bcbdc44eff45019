#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, on 127.0.0.1 and a free port, in a folder of its own.
#   tools/postgres-cluster.sh start DIR   → initdb + pg_ctl start; prints the DATABASE_URL on stdout
#   tools/postgres-cluster.sh stop DIR    → pg_ctl stop (fast), then removes DIR
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (Debian's
# postgresql packages create it). Used by .ci/run and by the vitest global setup (test/support/postgres-setup.ts).
set -euo pipefail
command=${1:?start|stop}
dir=${2:?folder for the cluster}

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$1"; else bash -c "$1"; fi
}

case "$command" in
  start)
    command -v initdb >/dev/null || { echo "initdb not found: install PostgreSQL 15 (Debian: postgresql-15)" >&2; exit 3; }
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(node -e 'const s=require("node:net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_owner "initdb -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C --no-sync" >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a test cluster that is thrown away needs no durability, and the machine's disk is shared.
    as_owner "pg_ctl -D '$dir/data' -l '$dir/server.log' -w -t 30 -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "pg_ctl -D '$dir/data' -m fast -w -t 30 stop" >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
