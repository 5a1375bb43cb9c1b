#!/usr/bin/env bash
# Starts the action server, Rasa (REST channel) and the API + widget demo on loopback under a
# small supervisor (scripts/supervise.py: a process that exits is restarted, logs in var/log/),
# and waits until Ctrl-C. API_HOST / API_PORT (default 127.0.0.1:8000) and API_DATABASE_URL
# (default var/api.sqlite) configure the API; conversations are kept in var/rasa/trackers.sqlite.
#
# RASA_REPLICAS=N (N > 1; `make run-scaled` sets 2) starts N Rasa processes on RASA_PORT,
# RASA_PORT+1, … sharing a Redis lock store (Debian's redis-server on 127.0.0.1:REDIS_PORT) and a
# PostgreSQL tracker store (Debian's postgresql, scripts/postgres.sh; the API uses it too unless
# API_DATABASE_URL is set), and an action server with ACTIONS_WORKERS (default 2) processes.
# The API spreads messages over the replicas (api/services/rasa.py). See docs/deploy.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
# VAR_DIR: where logs, pid files and the default databases go (tests and bench/load.py use a
# temporary one).
VAR_DIR="${VAR_DIR:-$ROOT/var}"
export API_DATABASE_URL="${API_DATABASE_URL:-sqlite:///$VAR_DIR/api.sqlite}"
if [ "$RASA_TRACKER_STORE_URL" = "sqlite:///$ROOT/var/rasa/trackers.sqlite" ]; then
  export RASA_TRACKER_STORE_URL="sqlite:///$VAR_DIR/rasa/trackers.sqlite"
fi
mkdir -p "$VAR_DIR/log" "$VAR_DIR/run" "$VAR_DIR/rasa"
API_BIN="$ROOT/.venvs/api/bin"
API_HOST="${API_HOST:-127.0.0.1}"
API_PORT="${API_PORT:-8000}"
REPLICAS="${RASA_REPLICAS:-1}"
MODEL="${BOT_MODEL:-$MODEL}"  # BOT_MODEL: another trained model, as for the tests
programs=()
every=()
# One program's command line, quoted for the supervisor (it splits with shlex).
cmd() { local a out=(); for a in "$@"; do out+=("$(printf '%q' "$a")"); done; echo "${out[*]}"; }

if [ "$REPLICAS" -gt 1 ]; then
  say "Scaled stack: $REPLICAS Rasa replicas, Redis lock store, PostgreSQL tracker store"
  default_api_url="sqlite:///$VAR_DIR/api.sqlite"
  given_api_url="$API_DATABASE_URL"
  eval "$(bash scripts/postgres.sh)"
  # The API moves to PostgreSQL too, unless another database was given.
  [ "$given_api_url" = "$default_api_url" ] || API_DATABASE_URL="$given_api_url"
  export API_DATABASE_URL RASA_TRACKER_STORE_URL
  # Connections each process may open (docs/deploy.md): they must fit max_connections.
  need=$(( (${API_DB_POOL_SIZE:-5} + ${API_DB_MAX_OVERFLOW:-5}) * ${API_WORKERS:-1} \
           + REPLICAS * (SQL_POOL_SIZE + SQL_MAX_OVERFLOW) + 2 ))
  if [ "$need" -gt "$PG_MAX_CONNECTIONS" ]; then
    say "The stack may open $need PostgreSQL connections; max_connections allows $PG_MAX_CONNECTIONS"
    exit 1
  fi
  say "PostgreSQL connections at most: $need of $PG_MAX_CONNECTIONS"
  export RASA_LOCK_STORE=redis
  # Locks live a few seconds: no persistence needed.
  programs+=("redis=$(cmd redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$VAR_DIR/run")")
  export ACTION_SERVER_SANIC_WORKERS="${ACTIONS_WORKERS:-2}"
fi

programs+=("actions=$(cmd env SANIC_HOST=127.0.0.1 "$RASA_BIN/rasa" run actions --actions actions --port "$ACTIONS_PORT")")
rasa_urls=()
waits=("http://127.0.0.1:$ACTIONS_PORT/health")
for i in $(seq 0 $((REPLICAS - 1))); do
  port=$((RASA_PORT + i))
  name=rasa; [ "$REPLICAS" -gt 1 ] && name="rasa$((i + 1))"
  # bot/rasa_run.py: `rasa run` with its check of action responses built once, SQLite trackers in WAL.
  programs+=("$name=$(cmd "$RASA_BIN/python" -m bot.rasa_run run --model "$MODEL" --interface 127.0.0.1 --port "$port" \
    --credentials credentials.yml --endpoints endpoints.yml)")
  rasa_urls+=("http://127.0.0.1:$port")
  waits+=("http://127.0.0.1:$port/")
done
RASA_URL="${RASA_URL:-$(IFS=,; echo "${rasa_urls[*]}")}"
export RASA_URL
export ACTIONS_HEALTH_URL="${ACTIONS_HEALTH_URL:-${ACTION_ENDPOINT_URL%/webhook}/health}"

say "Migrating the API database (${API_DATABASE_URL%%:*}: ${API_DATABASE_URL##*@})"
"$API_BIN/alembic" -c api/alembic.ini upgrade head
# --ws none: the API has no websocket endpoints.
programs+=("api=$(cmd "$API_BIN/uvicorn" api.main:app --host "$API_HOST" --port "$API_PORT" --ws none) ${API_WORKERS:+--workers $API_WORKERS}")
waits+=("http://$API_HOST:$API_PORT/health")
# At start and daily: what each office keeps beyond its retention period (offices.retention_days,
# with those sessions' Rasa trackers), Rasa conversations idle for longer than
# RASA_TRACKER_RETENTION_DAYS (30) and old audit log entries (docs/privacy.md).
every+=(--every 86400 "purge=$(cmd "$API_BIN/python" -m api.cli purge)")

args=()
for p in "${programs[@]}"; do args+=(--program "$p"); done
say "Starting ${#programs[@]} programs under scripts/supervise.py (logs: $VAR_DIR/log/NAME.log)"
"$API_BIN/python" scripts/supervise.py --log-dir "$VAR_DIR/log" --run-dir "$VAR_DIR/run" \
  "${args[@]}" "${every[@]}" 2> >(tee -a "$VAR_DIR/log/supervise.log" >&2) &
supervisor=$!
stop() { kill -TERM "$supervisor" 2>/dev/null || true; wait "$supervisor" 2>/dev/null || true; }
trap stop EXIT INT TERM

"$RASA_BIN/python" scripts/wait_for.py "${waits[@]}" --timeout 240

cat <<MSG

  The bot is running ($REPLICAS Rasa process(es): $RASA_URL).
  Talk to it over the REST channel:
    curl -s -X POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
      -H 'Content-Type: application/json' \\
      -d '{"sender": "me", "message": "費用はいくらですか"}'
  Or chat in the terminal (in another shell): make shell
  Or in the browser, on the demo page of a fictional office: http://$API_HOST:$API_PORT/demo
  API reference (OpenAPI): http://$API_HOST:$API_PORT/docs
  Staff page: http://$API_HOST:$API_PORT/staff (a key for the sample office: make staff-key)
  A process that stops is restarted ($VAR_DIR/log/supervise.log). Stop everything with Ctrl-C.

MSG
wait "$supervisor"
