#!/usr/bin/env bash
# Lint and type checks for all of the project's Python (`make lint`; scripts/test.sh runs it too).
#   ruff check + ruff format --check on the whole tree (rules in pyproject.toml);
#   mypy on the Rasa side (bot/, actions/) and mypy --strict on the API side (api/ and the bot/
#   modules it imports), each in the virtual environment that runs the code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
API_BIN="$ROOT/.venvs/api/bin"

"$RASA_BIN/ruff" check .
"$RASA_BIN/ruff" format --check .
"$RASA_BIN/mypy" bot actions
"$API_BIN/mypy" --strict --ignore-missing-imports api bot/text/furigana.py bot/protocol.py bot/sqlite_wal.py
