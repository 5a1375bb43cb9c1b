# Two commands do everything: `make run` and `make test` (see README.md).
SHELL := /bin/bash
RASA := .venvs/rasa/bin
API := .venvs/api/bin

.PHONY: run test setup train shell bench lint lock lock-api staff-key clean

run: setup train ## build environments, train if stale, start Rasa + actions + the API/widget on loopback
	bash scripts/run.sh

test: ## validate data, unit tests, conversation tests, REST tests
	bash scripts/test.sh

setup: ## build the virtual environments if missing or out of date
	bash scripts/setup.sh

train: setup ## train the model if missing or stale
	bash scripts/train.sh

shell: setup train ## chat in the terminal (needs `make run` in another shell for custom actions)
	source scripts/common.sh && $(RASA)/rasa shell --model models/bot.tar.gz --endpoints endpoints.yml

bench: setup ## held-out NLU accuracy vs a char n-gram baseline; see docs/benchmarks.md
	source scripts/common.sh && $(RASA)/python bench/nlu_heldout.py

lint: setup ## ruff + mypy on the project's own code
	$(RASA)/python -m ruff check bot actions bench scripts tests
	$(RASA)/python -m mypy bot actions
	$(API)/python -m ruff check api tests/api tests/browser bot/text/furigana.py
	$(API)/python -m mypy --strict --ignore-missing-imports api bot/text/furigana.py

lock: ## re-resolve requirements/{rasa,api}.in into requirements/{rasa,api}.lock
	bash scripts/lock.sh rasa api

lock-api: ## re-resolve only requirements/api.in into requirements/api.lock
	bash scripts/lock.sh api

staff-key: setup ## print a new staff key for an office of the API database: make staff-key OFFICE=demo
	source scripts/common.sh && $(API)/python -m api.cli create-key $${OFFICE:-demo}

clean:
	rm -rf models results var .pytest_cache
