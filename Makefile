# 片区通: `make run` runs the bot locally; `make test` installs what the tests need and runs them.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: venv test test-sqlite test-postgres run

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

test: venv
	$(MAKE) test-sqlite
	@if $(BIN)/python -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then \
		$(MAKE) test-postgres; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: skipped the PostgreSQL run"; fi

test-sqlite: venv
	$(BIN)/pytest -q

test-postgres: venv
	TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q
