# Two commands do everything: `make run` and `make test` (see README.md). `make help` lists the rest.
SHELL := /bin/bash
RASA := .venvs/rasa/bin
API := .venvs/api/bin

.DEFAULT_GOAL := help
.PHONY: help run run-scaled bench-load test test-fast setup train shell bench lint format lock lock-api staff-key clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: setup train ## build environments, train if stale, start Rasa + actions + the API/widget on loopback
	bash scripts/run.sh

run-scaled: setup train ## as run, with RASA_REPLICAS (default 2) Rasa replicas on Redis + PostgreSQL (docs/deploy.md)
	RASA_REPLICAS=$${RASA_REPLICAS:-2} bash scripts/run.sh

test: ## everything: lint, unit, API, training, conversation, REST and browser tests (what CI runs)
	bash scripts/test.sh

test-fast: setup ## lint, data validation, unit and API tests with coverage; no training (~1-2 min)
	bash scripts/test.sh --fast

setup: ## build the virtual environments if missing or out of date
	bash scripts/setup.sh

train: setup ## train the model if missing or stale
	bash scripts/train.sh

shell: setup train ## chat in the terminal (needs `make run` in another shell for custom actions)
	mkdir -p var/rasa && source scripts/common.sh && $(RASA)/rasa shell --model models/bot.tar.gz --endpoints endpoints.yml

bench: setup ## held-out NLU accuracy vs a char n-gram baseline; see docs/benchmarks.md
	source scripts/common.sh && $(RASA)/python bench/nlu_heldout.py

bench-load: setup train ## load and fault bench: each layout side by side (docs/benchmarks.md, Serving)
	source scripts/common.sh && $(API)/python bench/load.py --matrix --sessions 16,64 --turns 10 --long 10000,100000

lint: setup ## ruff check, ruff format --check and mypy on all of the project's Python
	bash scripts/lint.sh

format: setup ## ruff format and the safe ruff fixes, in place
	$(RASA)/ruff check --fix . && $(RASA)/ruff format .

lock: ## re-resolve requirements/{rasa,api}.in into requirements/{rasa,api}.lock
	bash scripts/lock.sh rasa api

lock-api: ## re-resolve only requirements/api.in into requirements/api.lock
	bash scripts/lock.sh api

staff-key: setup ## print a new staff key for an office of the API database: make staff-key OFFICE=demo
	source scripts/common.sh && $(API)/python -m api.cli create-key $${OFFICE:-demo}

clean: ## remove models, results and the local database
	rm -rf models results var .pytest_cache
