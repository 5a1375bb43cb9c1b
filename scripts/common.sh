# Shared paths and helpers for the scripts in this folder (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RASA_BIN="$ROOT/.venvs/rasa/bin"
MODEL="$ROOT/models/bot.tar.gz"
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
# endpoints.yml reads these (Rasa has no defaults there: every one must be set). docs/deploy.md.
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}"
export RASA_TRACKER_STORE_URL="${RASA_TRACKER_STORE_URL:-sqlite:///$ROOT/var/rasa/trackers.sqlite}"
export RASA_LOCK_STORE="${RASA_LOCK_STORE:-in_memory}"
export REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_LOCK_DB="${REDIS_LOCK_DB:-1}"
# Rasa's tracker store opens at most SQL_POOL_SIZE + SQL_MAX_OVERFLOW PostgreSQL connections per
# process (its defaults, 50 + 100, would let two replicas exhaust max_connections). Its SQL calls
# run on the event loop, one at a time, so two are plenty.
export SQL_POOL_SIZE="${SQL_POOL_SIZE:-2}"
export SQL_MAX_OVERFLOW="${SQL_MAX_OVERFLOW:-2}"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# Rasa phones home and TensorFlow is chatty; neither helps here (and there is no network).
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# What the model is built from (scripts/model_inputs.py): if any of it changes, the model is stale.
model_fingerprint() {
  (cd "$ROOT" && "$RASA_BIN/python" scripts/model_inputs.py | xargs sha256sum | sha256sum | cut -d' ' -f1)
}
