# Two commands do everything: `make run` and `make test` (see README.md).
SHELL := /bin/bash
RASA := .venvs/rasa/bin

.PHONY: run test setup train shell bench lint lock clean

run: setup train ## build environments, train if stale, start Rasa + actions on loopback
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

lock: ## re-resolve requirements/rasa.in into requirements/rasa.lock
	bash scripts/lock.sh

clean:
	rm -rf models results var .pytest_cache
