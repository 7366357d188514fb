# Shared helpers for bin/run and bin/test. Sourced, not executed.
# - ensure_venv: create .venv and install requirements.txt (re-installs when it changes)
# - ensure_db:   when DATABASE_URL is unset, start the private PostgreSQL cluster in .data/pg
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
VENV="$ROOT/.venv"
PGDATA_DIR="${SIDAMPING_PGDATA:-$ROOT/.data/pg}"
PGRUN_DIR="${SIDAMPING_PGRUN:-$ROOT/.data/pg-run}"
PGLOG="${SIDAMPING_PGLOG:-$ROOT/.data/pg.log}"
# bin/test-jam: the server runs under libfaketime, its clock this many seconds off (e.g. +2419200)
jam_palsu() {
  echo env TZ=UTC LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 \
    FAKETIME="$1" NO_FAKE_STAT=1
}
PG_JAM=()
[ -n "${SIDAMPING_PG_JAM:-}" ] && read -r -a PG_JAM <<< "$(jam_palsu "$SIDAMPING_PG_JAM")"

log() { echo "[sidamping] $*" >&2; }

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    log "membuat virtualenv .venv"
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.requirements.sha"
  local want; want="$(sha256sum requirements.txt | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "memasang paket dari requirements.txt"
    "$VENV/bin/pip" install -qq --upgrade pip
    "$VENV/bin/pip" install -qq -r requirements.txt
    echo "$want" > "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

pg_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir; return
  fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  log "PostgreSQL tidak ditemukan. Pasang dengan: apt-get install -y postgresql"
  exit 1
}

# Run a PostgreSQL binary as the owner of the cluster (root cannot run the server).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_db() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "memakai DATABASE_URL yang sudah diset"
    return
  fi
  local bin; bin="$(pg_bindir)"
  mkdir -p "$ROOT/.data"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { log "user 'postgres' tidak ada: pasang paket postgresql"; exit 1; }
    # the postgres user must be able to reach the project folder
    chmod o+x "$ROOT" "$ROOT/.data" 2>/dev/null || true
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    log "membuat klaster PostgreSQL privat di .data/pg"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$PGDATA_DIR"
    as_pg "$bin/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  mkdir -p "$PGRUN_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PGRUN_DIR"; touch "$PGLOG"; chown postgres: "$PGLOG"; fi
  chmod 700 "$PGRUN_DIR"
  if ! as_pg "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    log "menyalakan PostgreSQL privat (socket di .data/pg-run)"
    # No TCP listener: only a unix socket in a private folder (trust auth is safe there).
    as_pg "${PG_JAM[@]}" "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$PGRUN_DIR' -c max_connections=200 -c fsync=${SIDAMPING_PG_FSYNC:-on}" start >/dev/null \
      || { tail -20 "$PGLOG" >&2; exit 1; }
  fi
  export SIDAMPING_PGHOST="$PGRUN_DIR"
  local db="${SIDAMPING_DB_NAME:-sidamping}"
  if ! as_pg "$bin/psql" -h "$PGRUN_DIR" -U postgres -tAc "select 1 from pg_database where datname='$db'" postgres | grep -q 1; then
    as_pg "$bin/createdb" -h "$PGRUN_DIR" -U postgres "$db"
  fi
}

stop_db() {
  local bin; bin="$(pg_bindir)"
  if [ -f "$PGDATA_DIR/PG_VERSION" ]; then
    as_pg "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast stop || true
  fi
}
