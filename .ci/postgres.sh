# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh && pg_start`): a throwaway
# PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a free port, for the store tests.
# pg_start exports SVODKA_TEST_PG; pg_stop stops the server and removes the folder.

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "postgres: no server binaries under /usr/lib/postgresql" >&2; return 1; }
  echo "$d"
}

pg_start() {
  local bin port run
  bin=$(pg_bin) || return 1
  PG_DIR=$(mktemp -d /tmp/svodka-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  run=()
  # initdb refuses to run as root: run the server as the postgres system user
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U svodka --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U svodka svodka_test
  export PG_DIR PG_BIN="$bin"
  export SVODKA_TEST_PG="postgresql://svodka@127.0.0.1:$port/svodka_test"
  echo "postgres: $SVODKA_TEST_PG" >&2
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR
}
