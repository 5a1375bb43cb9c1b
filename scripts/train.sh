#!/usr/bin/env bash
# Trains the Rasa model if it is missing or stale (config, domain, data, bot/ code or lock changed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

want="$(model_fingerprint)"
stamp="$ROOT/models/bot.fingerprint"
if [ -f "$MODEL" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  say "Model is up to date (models/bot.tar.gz)"
  exit 0
fi
say "Training the model (about 5 minutes on two cores; progress below)"
mkdir -p "$ROOT/models"
cd "$ROOT"
start=$(date +%s)
"$RASA_BIN/rasa" train --fixed-model-name bot --out models --force
echo "$want" >"$stamp"
say "Model trained in $(( $(date +%s) - start )) s: models/bot.tar.gz"
