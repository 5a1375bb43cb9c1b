# Shared paths and helpers for the scripts in this folder (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RASA_BIN="$ROOT/.venvs/rasa/bin"
MODEL="$ROOT/models/bot.tar.gz"
RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
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
