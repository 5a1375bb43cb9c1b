#!/usr/bin/env bash
# The whole test suite (`make test`, what CI runs), or its fast part (`make test-fast`: --fast).
#   fast part:  lint, data validation, unit tests and API tests, with coverage of bot/ and api/
#   then:       training (if stale), conversation tests, REST tests against live servers,
#               widget browser tests
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
API_BIN="$ROOT/.venvs/api/bin"
fast=false
[ "${1:-}" = "--fast" ] && fast=true
steps=5
$fast || steps=10
step=0
next() { step=$((step + 1)); say "$step/$steps $*"; }

bash scripts/setup.sh
mkdir -p results/coverage

next "lint: ruff check, ruff format --check, mypy"
make --no-print-directory lint

next "rasa data validate"
"$RASA_BIN/rasa" data validate --fail-on-warnings

next "unit tests (bot/ core, tokenizer, actions), with coverage"
rm -f results/coverage/.coverage*
COVERAGE_FILE=results/coverage/.coverage.rasa "$RASA_BIN/python" -m coverage run \
  --source=bot,actions -m pytest tests/unit -q

next "API tests on SQLite (and PostgreSQL when API_TEST_DATABASE_URL is set), with coverage"
COVERAGE_FILE=results/coverage/.coverage.api "$API_BIN/python" -m coverage run \
  --source=api,bot -m pytest tests/api -q -p no:cacheprovider
next "serving tests: Rasa replicas and failover, conversation deletion and retention, with coverage"
COVERAGE_FILE=results/coverage/.coverage.serving "$API_BIN/python" -m coverage run \
  --source=api,bot -m pytest tests/serving/test_rasa_failover.py tests/serving/test_sessions.py \
  -q -p no:cacheprovider
say "line coverage of bot/, actions/ and api/ (unit and API tests together; 100 % files not listed)"
"$API_BIN/python" -m coverage combine -q --keep --data-file=results/coverage/.coverage \
  results/coverage/.coverage.rasa results/coverage/.coverage.api \
  results/coverage/.coverage.serving
"$API_BIN/python" -m coverage report --data-file=results/coverage/.coverage --skip-covered --precision=1

$fast && { say "fast tests passed (make test runs the rest: training, conversations, REST, browser)"; exit 0; }

next "training (only if the model is stale)"
bash scripts/train.sh

next "conversation tests (rasa test core on tests/stories, end to end with NLU)"
rm -rf results/stories
"$RASA_BIN/rasa" test core --model "$MODEL" --stories tests/stories --out results/stories \
  --fail-on-prediction-errors --no-plot

next "NLU held-out gate and REST channel tests (live Rasa + action server)"
"$RASA_BIN/python" -m pytest tests/integration -q

next "widget: browser tests in Debian's chromium (live Rasa, API and two host sites on loopback)"
"$API_BIN/python" -m pytest tests/browser -q -p no:cacheprovider

next "serving: the real stack under faults and load (restarts mid-form, killed action server and replica, deletion, 16 concurrent sessions on SQLite and PostgreSQL)"
"$API_BIN/python" -m pytest tests/serving/test_live_stack.py -q -p no:cacheprovider
