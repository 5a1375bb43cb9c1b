#!/usr/bin/env bash
# Starts the action server, Rasa (REST channel) and the API + widget demo on loopback, and waits
# until Ctrl-C. API_HOST / API_PORT (default 127.0.0.1:8000) and API_DATABASE_URL (default
# var/api.sqlite) configure the API.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
mkdir -p var/log

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

say "Starting the action server on 127.0.0.1:$ACTIONS_PORT (log: var/log/actions.log)"
SANIC_HOST=127.0.0.1 "$RASA_BIN/rasa" run actions --actions actions --port "$ACTIONS_PORT" \
  >var/log/actions.log 2>&1 &
pids+=($!)

say "Starting Rasa on 127.0.0.1:$RASA_PORT (log: var/log/rasa.log)"
"$RASA_BIN/rasa" run --model "$MODEL" --interface 127.0.0.1 --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints endpoints.yml >var/log/rasa.log 2>&1 &
pids+=($!)

API_BIN="$ROOT/.venvs/api/bin"
API_HOST="${API_HOST:-127.0.0.1}"
API_PORT="${API_PORT:-8000}"
export RASA_URL="${RASA_URL:-http://127.0.0.1:$RASA_PORT}"
say "Migrating the API database (${API_DATABASE_URL:-var/api.sqlite})"
"$API_BIN/alembic" -c api/alembic.ini upgrade head
say "Starting the API and the widget demo on $API_HOST:$API_PORT (log: var/log/api.log)"
# --ws none: the API has no websocket endpoints.
"$API_BIN/uvicorn" api.main:app --host "$API_HOST" --port "$API_PORT" --ws none \
  >var/log/api.log 2>&1 &
pids+=($!)

"$RASA_BIN/python" "$ROOT/scripts/wait_for.py" "http://127.0.0.1:$RASA_PORT/" "http://127.0.0.1:$ACTIONS_PORT/health" \
  "http://$API_HOST:$API_PORT/health" --timeout 180

cat <<MSG

  The bot is running.
  Talk to it over the REST channel:
    curl -s -X POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
      -H 'Content-Type: application/json' \\
      -d '{"sender": "me", "message": "費用はいくらですか"}'
  Or chat in the terminal (in another shell): make shell
  Or in the browser, on the demo page of a fictional office: http://$API_HOST:$API_PORT/demo
  API reference (OpenAPI): http://$API_HOST:$API_PORT/docs
  Staff page: http://$API_HOST:$API_PORT/staff (a key for the sample office: make staff-key)
  Stop with Ctrl-C.

MSG
wait -n "${pids[@]}"
say "A server stopped; see var/log/. Shutting down."
