# 片区通: `make run` runs the bot locally; `make chat` talks to it; `make test` runs the tests
# (`make test-future`: again with the clock 400 days ahead).
# Everything installs itself into .venv on first use and again when a requirements file changes.
PY ?= $(shell command -v python3.11 >/dev/null 2>&1 && echo python3.11 || echo python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8080
FAKE_PORT ?= 8081
FUZZ_SECONDS ?= 60
FUZZ_SURFACES ?= xml query envelope
WORKERS ?= 2
# `make chat AS=rep`; AS is also make's built-in assembler variable, so replace that default.
ifeq ($(origin AS),default)
AS := villager
endif

.PHONY: run chat test test-future fuzz setup venv venv-dev venv-bench browser clean-venv scale-test

# --- virtualenv ------------------------------------------------------------------------------
$(BIN)/python:
	PY="$(PY)" scripts/make-venv "$(VENV)"

# Stamps: pip runs again only when a requirements file is newer than its stamp.
$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed-runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(VENV)/.installed-bench: requirements-bench.txt $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

venv: $(VENV)/.installed-runtime
venv-dev: $(VENV)/.installed-dev
venv-bench: $(VENV)/.installed-bench

clean-venv:
	rm -rf $(VENV)

# --- run -------------------------------------------------------------------------------------
# Dev settings (token, AES key, fake API, template ids) come from bot/dev/settings.py;
# `make run` runs `flask setup` and `flask dev users` itself before starting the processes.
run: venv
	$(BIN)/python -m bot.dev.server --port $(PORT) --fake-port $(FAKE_PORT) --workers $(WORKERS)

chat: venv
	$(BIN)/python -m bot.dev.chat --as $(AS) --port $(PORT) --fake-port $(FAKE_PORT)

setup: venv
	$(BIN)/flask --app wsgi setup

# --- test ------------------------------------------------------------------------------------
# SQLite always; PostgreSQL (database $(PG_TEST_DB), reset first) when 127.0.0.1:5432 answers;
# Redis (TEST_REDIS_URL) when 127.0.0.1:6379 answers. Pass pytest options with PYTEST_ARGS.
test: venv-dev browser
	$(BIN)/python scripts/run_tests.py

# The suite with the clock 400 days ahead: no test may depend on today's date. Debian's faketime
# moves Python's clock and SQLite's CURRENT_TIMESTAMP alike (monotonic time stays real); installed
# when missing and we are root. Left out (marked `processes`): the tests that start other
# processes, which run outside faketime's reach or race on real time:
#   tests/test_dev_supervisor.py (the dev supervisor's children), tests/test_outbox_soak.py
#   (flask outbox workers), tests/test_mediation_race.py and tests/test_volunteers_race.py
#   (racing worker processes), tests/test_token_store.py::test_two_processes_share_one_token and
#   ::test_control_processes_with_their_own_tokens_break_each_other (worker processes),
#   tests/test_scheduler.py::test_a_second_scheduler_stays_idle_until_the_first_is_gone.
# Also left out (marked `wallclock_bound`): tests that assert how fast threads get work done;
# under libfaketime time calls from several threads are ~10x slower (8 threads x 40,000
# calls: 1.6-2.0 s instead of 0.1-0.25 s), so they would measure faketime, not the code:
#   tests/test_outbox_concurrency.py::test_sends_side_by_side_take_a_fraction_of_the_time.
test-future: venv-dev
	@if ! command -v faketime >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends faketime; \
		else \
			echo "test-future needs faketime (apt-get install faketime)"; exit 2; \
		fi; \
	fi
	FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f +400d $(BIN)/python -m pytest -q -p no:cacheprovider \
		-m "not processes and not wallclock_bound" $(PYTEST_ARGS)

# Browser tests (tests/test_admin_browser.py) drive Debian's Chromium through Playwright (no
# browser download); a CJK font makes their screenshots in test-artifacts/ readable. Installed
# when missing and we are root (CI); otherwise those tests are skipped with the reason.
browser:
	@if command -v chromium >/dev/null 2>&1; then \
		echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			chromium fonts-wqy-microhei; \
	else \
		echo "chromium is missing and we are not root: browser tests will be skipped"; \
	fi

# --- fuzz (not part of `make test`) -------------------------------------------------------------
# Coverage-guided fuzzing of /wechat with atheris: FUZZ_SECONDS per surface, corpora kept in
# .cache/fuzz/<surface> (seeded from tests/kit/wechat.py), failing inputs in test-artifacts/fuzz/.
# FUZZ_ARGS passes more libFuzzer flags. The property tests (tests/test_webhook_fuzz.py) run in
# `make test`; HYPOTHESIS_PROFILE=long makes them run 2,000 examples each.
fuzz: venv-dev
	@for surface in $(FUZZ_SURFACES); do \
		$(BIN)/python bench/fuzz/webhook_atheris.py --surface $$surface \
			-max_total_time=$(FUZZ_SECONDS) -timeout=20 -max_len=8192 -print_final_stats=1 $(FUZZ_ARGS) \
			|| exit 1; \
	done

# --- scale test (long: not part of `make test`) ----------------------------------------------
# 4 gunicorn workers + the scheduler + its own PostgreSQL and Redis on ports 9200-9203, locust
# villagers for SCALE_DURATION seconds while faults are injected; prints the checks and writes
# test-artifacts/scale-report.md; non-zero exit when a check fails. See bench/scale/__main__.py.
# PostgreSQL's server comes from the machine (/usr/lib/postgresql/<version>); installed when
# missing and we are root (CI), with redis-server.
scale-test: venv-bench
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
				postgresql redis-server; \
		else \
			echo "scale-test needs the PostgreSQL server and redis-server (apt-get install postgresql redis-server)"; exit 2; \
		fi; \
	fi
	$(BIN)/python -m bench.scale
