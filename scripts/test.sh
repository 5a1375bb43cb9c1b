#!/usr/bin/env bash
# The whole test suite: data validation, unit tests, API tests, training, conversation tests,
# REST tests, widget browser tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash scripts/setup.sh

say "1/5 rasa data validate"
"$RASA_BIN/rasa" data validate --fail-on-warnings

say "2/5 unit tests (bot/ core, tokenizer, actions)"
"$RASA_BIN/python" -m pytest tests/unit -q
"$RASA_BIN/python" -m ruff check bot actions bench scripts tests/unit tests/integration
"$RASA_BIN/python" -m mypy bot actions

say "API: ruff + mypy on api/, then API tests on SQLite (and PostgreSQL when API_TEST_DATABASE_URL is set)"
API_BIN="$ROOT/.venvs/api/bin"
"$API_BIN/python" -m ruff check api tests/api tests/browser bot/text/furigana.py
"$API_BIN/python" -m mypy --strict --ignore-missing-imports api bot/text/furigana.py
"$API_BIN/python" -m pytest tests/api -q -p no:cacheprovider

bash scripts/train.sh

say "3/5 conversation tests (rasa test core on tests/stories, end to end with NLU)"
rm -rf results/stories
"$RASA_BIN/rasa" test core --model "$MODEL" --stories tests/stories --out results/stories \
  --fail-on-prediction-errors --no-plot

say "4/5 NLU held-out gate and 5/5 REST channel tests (live Rasa + action server)"
"$RASA_BIN/python" -m pytest tests/integration -q

say "widget: browser tests in Debian's chromium (live Rasa, API and two host sites on loopback)"
"$API_BIN/python" -m pytest tests/browser -q -p no:cacheprovider
