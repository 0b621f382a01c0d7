#!/usr/bin/env bash
# Tingsu beside Directus over the same PostgreSQL tables, both real servers over real HTTP.
# See docs/BENCHMARKS.md ("Tingsu and Directus"). Directus is installed on demand into a cache
# directory outside the repository; it is never a dependency of Tingsu.
#
#   bench/directus.sh                       # throwaway database with the demo workspace
#   BENCH_DB=postgres://…/tingsu_x TINGSU_SECRET=… bench/directus.sh   # an existing database (kept)
#
# Settings (environment): DATABASE_URL (the server to make the throwaway database on; default
# postgres://postgres@127.0.0.1:5432/postgres), BENCH_DB, BENCH_KEEP=1 (keep database and logs),
# BENCH_PROFILE (demo; or another `tingsu generate` profile, e.g. jian-year), BENCH_RUNS (200), BENCH_WARMUP (30), DIRECTUS_VERSION (10.13.1), BENCH_CACHE (~/.cache/tingsu-bench),
# TINGSU_PORT (18080), DIRECTUS_PORT (18055).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DIRECTUS_VERSION=${DIRECTUS_VERSION:-10.13.1}
DIRECTUS_DIR=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tingsu-bench}/directus-$DIRECTUS_VERSION
TINGSU_PORT=${TINGSU_PORT:-18080}
DIRECTUS_PORT=${DIRECTUS_PORT:-18055}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tingsu-directus.XXXXXX")
DIRECTUS_EMAIL=bench@example.com
DIRECTUS_PASSWORD=$(openssl rand -hex 12)
TINGSU_PID=
DIRECTUS_PID=
DROP_DB=

if [[ -n ${BENCH_DB:-} ]]; then
  URL=$BENCH_DB
  : "${TINGSU_SECRET:?an existing database needs the TINGSU_SECRET it was written with}"
else
  DB_NAME=tingsu_directus_$(date +%s)_$$
  URL=${BASE%/*}/$DB_NAME
  TINGSU_SECRET=${TINGSU_SECRET:-$(openssl rand -hex 32)}
fi
export TINGSU_SECRET

log() { printf '[directus bench] %s\n' "$*" >&2; }

stop() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  stop "$TINGSU_PID"
  stop "$DIRECTUS_PID"
  if [[ $rc -ne 0 ]]; then
    log "failed (exit $rc); the servers' last lines:"
    tail -n 20 "$WORK/tingsu.log" "$WORK/directus.log" 2>/dev/null >&2 || true
  fi
  if [[ -n $DROP_DB && ${BENCH_KEEP:-} != 1 ]]; then
    psql "$BASE" -qc "drop database if exists $DB_NAME with (force)" >/dev/null || log "could not drop $DB_NAME"
  elif [[ -n $DROP_DB ]]; then
    log "kept database $URL"
  fi
  if [[ ${BENCH_KEEP:-} == 1 ]]; then log "kept logs in $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits for an HTTP answer of 200 from $1, while process $2 lives.
wait_up() {
  for _ in $(seq 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { log "the server at $1 exited"; return 1; }
    sleep 0.5
  done
  log "no answer from $1 after 120 s"
  return 1
}

# 1. The database: the demo workspace (吉安市, a year of appeals), loaded by Tingsu's own CLI.
if [[ -z ${BENCH_DB:-} ]]; then
  log "creating $DB_NAME"
  psql "$BASE" -qc "create database $DB_NAME" >/dev/null
  DROP_DB=1
  log "loading the ${BENCH_PROFILE:-demo} profile (a few minutes)"
  DATABASE_URL=$URL npx tsx server/cli.ts generate --profile "${BENCH_PROFILE:-demo}" >"$WORK/generate.log"
  if [[ ${BENCH_PROFILE:-demo} != demo ]]; then
    # Only the demo has the admin account; other profiles get one for the benchmark.
    export TINGSU_USER=bench_admin TINGSU_PASSWORD=Bench$(openssl rand -hex 8)7
    DATABASE_URL=$URL npx tsx server/cli.ts user add --username "$TINGSU_USER" --role admin --region all --password "$TINGSU_PASSWORD" >/dev/null
  fi
  psql "$URL" -qc 'vacuum (analyze)'
fi

# 2. Directus, installed once into the cache directory (never into the repository).
if [[ ! -x $DIRECTUS_DIR/node_modules/.bin/directus ]]; then
  log "installing directus@$DIRECTUS_VERSION into $DIRECTUS_DIR"
  mkdir -p "$DIRECTUS_DIR"
  [[ -f $DIRECTUS_DIR/package.json ]] || echo '{"name":"tingsu-directus-bench","private":true}' >"$DIRECTUS_DIR/package.json"
  (cd "$DIRECTUS_DIR" && npm install --no-audit --no-fund "directus@$DIRECTUS_VERSION" >"$WORK/npm.log" 2>&1) || {
    tail -n 20 "$WORK/npm.log" >&2
    exit 1
  }
fi
# Directus loads the native isolated-vm at start: its prebuilt binary comes from GitHub, else it compiles
# (headers from nodejs.org, or local ones with npm_config_nodedir=/usr). An install that could not do
# either is finished here.
if ! (cd "$DIRECTUS_DIR" && node -e "require('isolated-vm')" 2>/dev/null); then
  log "building isolated-vm for Directus (a few minutes)"
  (cd "$DIRECTUS_DIR" && npm rebuild isolated-vm >"$WORK/npm.log" 2>&1) || {
    tail -n 20 "$WORK/npm.log" >&2
    log "isolated-vm could not be built; where nodejs.org is unreachable try npm_config_nodedir=/usr"
    exit 1
  }
fi

# Directus reads its settings from the environment (and a .env in its working directory: it runs in $WORK).
export DB_CLIENT=pg DB_CONNECTION_STRING=$URL
export HOST=127.0.0.1 PORT=$DIRECTUS_PORT PUBLIC_URL=http://127.0.0.1:$DIRECTUS_PORT
export KEY=$(openssl rand -hex 16) SECRET=$(openssl rand -hex 32)
export ADMIN_EMAIL=$DIRECTUS_EMAIL ADMIN_PASSWORD=$DIRECTUS_PASSWORD ACCESS_TOKEN_TTL=1h
export TELEMETRY=false LOG_LEVEL=warn CACHE_ENABLED=false RATE_LIMITER_ENABLED=false
export STORAGE_LOCATIONS=local STORAGE_LOCAL_ROOT=$WORK/uploads EXTENSIONS_PATH=$WORK/extensions
mkdir -p "$WORK/uploads" "$WORK/extensions"
DIRECTUS=$DIRECTUS_DIR/node_modules/.bin/directus

# bootstrap: creates the directus_* tables and the admin (or, run again on a kept database, only
# migrates). Directus reads tables it did not create by introspecting the schema; an admin reads
# every collection, so appeals needs no registration.
log "bootstrapping Directus"
(cd "$WORK" && "$DIRECTUS" bootstrap >"$WORK/bootstrap.log" 2>&1) || { tail -n 30 "$WORK/bootstrap.log" >&2; exit 1; }
if [[ -n ${BENCH_DB:-} ]]; then
  # A kept database keeps the admin of an earlier run: give it this run's password.
  (cd "$WORK" && "$DIRECTUS" users passwd --email "$DIRECTUS_EMAIL" --password "$DIRECTUS_PASSWORD" >>"$WORK/bootstrap.log" 2>&1)
fi

log "starting Directus on 127.0.0.1:$DIRECTUS_PORT"
(cd "$WORK" && exec setsid "$DIRECTUS" start >"$WORK/directus.log" 2>&1) &
DIRECTUS_PID=$!
# Each server variable is Directus's own; Tingsu's below are set for its process only.
unset DB_CLIENT DB_CONNECTION_STRING HOST PORT PUBLIC_URL KEY SECRET ADMIN_EMAIL ADMIN_PASSWORD

# 3. Tingsu as a real server process, the same database, its own pool.
log "starting Tingsu on 127.0.0.1:$TINGSU_PORT"
DATABASE_URL=$URL HOST=127.0.0.1 PORT=$TINGSU_PORT TINGSU_LOG_LEVEL=warn setsid npx tsx server/cli.ts serve >"$WORK/tingsu.log" 2>&1 &
TINGSU_PID=$!

wait_up "http://127.0.0.1:$DIRECTUS_PORT/server/ping" "$DIRECTUS_PID"
wait_up "http://127.0.0.1:$TINGSU_PORT/healthz" "$TINGSU_PID"

# Both just started: let their start-up work (Tingsu's first job runs, Directus's schema read) settle.
sleep "${BENCH_SETTLE:-10}"

# 4. The timings, written to bench/results/<date>-directus-postgres.json.
log "timing"
TINGSU_URL=http://127.0.0.1:$TINGSU_PORT DIRECTUS_URL=http://127.0.0.1:$DIRECTUS_PORT \
  DIRECTUS_EMAIL=$DIRECTUS_EMAIL DIRECTUS_PASSWORD=$DIRECTUS_PASSWORD DIRECTUS_DIR=$DIRECTUS_DIR \
  DATABASE_URL=$URL npx tsx bench/directus.ts
