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

# What the model is built from: if any of it changes, the model is stale.
model_fingerprint() {
  (cd "$ROOT" && find config.yml domain.yml data bot requirements/rasa.lock -type f \
      \( -name '*.yml' -o -name '*.py' -o -name '*.lock' \) -not -path '*/__pycache__/*' \
    | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
}
