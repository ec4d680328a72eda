# Two commands matter: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint setup browser office services bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the browser tests (never `playwright install`: it cannot download here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Installeer Chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# Debian's LibreOffice (headless) and poppler-utils: the document tests open every export as an
# official's office program would and read its PDF.
office:
	@command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils; \
	  else echo "Installeer LibreOffice: sudo apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils" >&2; exit 1; fi; }

# PostgreSQL 15 server binaries and redis-server for the second test run (tests/support/services.py
# starts throw-away servers from them; nothing is configured or left running on the machine).
services:
	@test -x /usr/lib/postgresql/15/bin/initdb && command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    postgresql-15 redis-server; \
	  else echo "Installeer PostgreSQL 15 en Redis: sudo apt-get install -y postgresql-15 redis-server" >&2; exit 1; fi; }

run: $(STAMP)
	$(BIN)/python -m app

# The gate: lint and format check (line length 120) and mypy --strict on app/; configuration in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check app tests bench migrations
	$(BIN)/ruff format --check app tests bench migrations
	$(BIN)/mypy

# The whole suite on SQLite with the in-memory hub (the same suite on PostgreSQL + Redis: `make test-postgres`).
test: $(STAMP) browser office lint
	$(BIN)/python -m pytest

# The same suite on PostgreSQL 15 and the Redis broker (started and stopped by the tests themselves).
# Not yet part of `make test`: a full run has not yet been seen green on a quiet machine (issue 10 is open).
test-postgres: $(STAMP) browser office services
	ZELFSCAN_TEST_BACKEND=postgres $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.live_answers

clean:
	rm -rf $(VENV) *.egg-info
