# The two commands a newcomer needs: `make run` and `make test`. Both install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run sandbox test test-pg bench lint format clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,browser]"
	touch $(STAMP)

## The bot: the sandbox on http://127.0.0.1:8080 without TELEGRAM_BOT_TOKEN, Telegram with it.
run: install
	$(BIN)/conserjeria start

sandbox: install
	$(BIN)/conserjeria sandbox

## Everything: lint (style, layers, types) and the whole suite (PostgreSQL too when
## TEST_DATABASE_URL is set).
test: lint
	$(BIN)/python -m pytest

test-pg: install
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

## Style (ruff), the layers (import-linter contracts in pyproject.toml), types (mypy).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache *.egg-info
