#!/usr/bin/env bash
# Starts the action server and Rasa (REST channel) on loopback, and waits until Ctrl-C.
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

"$RASA_BIN/python" "$ROOT/scripts/wait_for.py" "http://127.0.0.1:$RASA_PORT/" "http://127.0.0.1:$ACTIONS_PORT/health" \
  --timeout 180

cat <<MSG

  The bot is running.
  Talk to it over the REST channel:
    curl -s -X POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
      -H 'Content-Type: application/json' \\
      -d '{"sender": "me", "message": "費用はいくらですか"}'
  Or chat in the terminal (in another shell): make shell
  Stop with Ctrl-C.

MSG
wait -n "${pids[@]}"
say "A server stopped; see var/log/. Shutting down."
