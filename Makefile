# The two commands of the README: `make run` and `make test`. Everything else is set-up
# they do on their own when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup neo4j-start neo4j-stop clean-local

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/nexus neo4j start
	$(BIN)/nexus migrate
	$(BIN)/nexus serve

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/pytest

neo4j-start: setup
	$(BIN)/nexus neo4j start

neo4j-stop: setup
	$(BIN)/nexus neo4j stop

clean-local:
	-$(BIN)/nexus neo4j stop
	rm -rf .nexus
