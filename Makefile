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

# The whole suite twice, one run after the other: SQLite with the in-memory hub, then PostgreSQL 15 with
# the Redis backend. The second run starts both servers itself from Debian's packages, each on a temporary
# directory and a free port, and stops them afterwards, also when the run is interrupted or killed
# (tests/support/services.py). Both runs always run (unless the first is interrupted); make test fails
# when either failed.
test: $(STAMP) browser office services lint
	@sqlite=0; postgres=0; \
	echo "==== make test, run 1 of 2: SQLite + in-memory hub ===="; \
	$(BIN)/python -m pytest || sqlite=$$?; \
	if [ $$sqlite = 2 ]; then echo "==== make test: interrupted ===="; exit 2; fi; \
	echo "==== make test, run 2 of 2: PostgreSQL 15 + Redis (throw-away servers) ===="; \
	ZELFSCAN_TEST_BACKEND=postgres $(BIN)/python -m pytest || postgres=$$?; \
	echo "==== make test: SQLite + in-memory hub exit $$sqlite, PostgreSQL 15 + Redis exit $$postgres ===="; \
	test $$sqlite = 0 && test $$postgres = 0

# Only the second run of `make test`: the suite on PostgreSQL 15 and the Redis broker.
test-postgres: $(STAMP) browser office services
	ZELFSCAN_TEST_BACKEND=postgres $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.live_answers

clean:
	rm -rf $(VENV) *.egg-info
