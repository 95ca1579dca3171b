# The two commands of the README: `make run` and `make test`. Everything else is set-up
# they do on their own when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup web chromium poppler audit-deps peer-deps neo4j-start neo4j-stop clean-local

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The web UI: npm ci only when node_modules is missing or the lock changed, then the
# esbuild bundle into web/dist (about a second).
WEB_STAMP := web/node_modules/.installed
$(WEB_STAMP): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --silent
	touch $@

web: $(WEB_STAMP)
	cd web && node build.mjs

# Debian's Chromium for the browser tests (quick when already installed).
chromium:
	bash scripts/ensure-chromium.sh

# Debian's poppler-utils: the history tests read generated PDFs with pdftotext/pdfinfo.
poppler:
	bash scripts/ensure-poppler.sh

setup: $(STAMP) web

run: setup
	$(BIN)/nexus neo4j start
	$(BIN)/nexus migrate
	$(BIN)/nexus demo --if-empty --persons 5000 --seed 1
	$(BIN)/nexus duplicates scan
	$(BIN)/nexus analytics run --if-due
	$(BIN)/nexus user demo-accounts
# The records-abroad service the checks call (NEXUS_ABROAD_URL, default port 8001)
# runs beside the API and knows the same demo people; Ctrl-C stops both.
	$(BIN)/nexus abroad serve --persons 5000 --seed 1 & abroad=$$!; \
	trap 'kill $$abroad 2>/dev/null; wait $$abroad 2>/dev/null' EXIT INT TERM; \
	$(BIN)/nexus serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	cd web && npx eslint src ../tests/web build.mjs eslint.config.js

AUDIT := scripts/graphql-http-audit
$(AUDIT)/node_modules/.installed: $(AUDIT)/package-lock.json
	cd $(AUDIT) && npm ci --no-audit --no-fund --silent
	touch $@

audit-deps: $(AUDIT)/node_modules/.installed

# The peer of bench/peer_bench.py (@neo4j/graphql), from its lock file; not needed to run
# or test Nexus.
PEER := bench/peer
$(PEER)/node_modules/.installed: $(PEER)/package-lock.json
	cd $(PEER) && npm ci --no-audit --no-fund --silent
	touch $@

peer-deps: $(PEER)/node_modules/.installed

test: setup lint audit-deps chromium poppler
	$(BIN)/pytest

neo4j-start: setup
	$(BIN)/nexus neo4j start

neo4j-stop: setup
	$(BIN)/nexus neo4j stop

clean-local:
	-$(BIN)/nexus neo4j stop
	rm -rf .nexus
