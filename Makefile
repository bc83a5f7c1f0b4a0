# Smart City Prize platform. `make` alone lists the targets.

.DEFAULT_GOAL := help
SHELL := /bin/bash

# The newest Python >= 3.11 that actually runs (a pyenv shim can exist for a version that is
# not active, so each candidate is tried rather than only looked up). Override with
# `make PYTHON=/path/to/python3.12`.
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 11); print(sys.executable)' 2>/dev/null \
	&& break; done)
endif

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# The suite runs in parallel, one process per core (pytest-xdist; each process has its own test
# database); a test file stays in one process, so its module fixtures (a Celery worker, an SMTP
# server) start once. PYTEST_WORKERS=0 runs it in this process alone.
PYTEST_WORKERS ?= auto
# make load: options of python -m load (--judges, --seconds, --gunicorn-workers, --keep); the
# database and Redis come from LOAD_DATABASE_URL and LOAD_REDIS_URL (docs/load.md).
LOAD_ARGS ?=
# Where `make backup` writes (one timestamped folder per backup); `make restore BACKUP=<folder>`
# reads one back, into an empty database and media folder unless FORCE=1.
BACKUP_DIR ?= backups
BACKUP ?=
FORCE ?=

.PHONY: help install run test lint format messages worker beat migrations-check bench backup \
	restore load lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-18s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

install: $(STAMP) ## Create .venv and install the project with dev extras (pinned)

$(STAMP): pyproject.toml constraints.txt
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.11 or newer is required and none was found" \
			"(tried python3.13, python3.12, python3.11, python3)." >&2; \
		echo "       Install one, or run: make PYTHON=/path/to/python3.11 ..." >&2; \
		exit 1; \
	fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "error: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())');" \
			"3.11 or newer is required." >&2; \
		exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

run: $(STAMP) ## Migrate, load the demo edition (prints logins), serve on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) ## Run the test suite in parallel (PYTEST_ARGS="-k outbox", PYTEST_WORKERS=0)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP) ## Check the code with ruff
	$(BIN)/ruff check .

format: $(STAMP) ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP) ## Extract new messages into locale/*/django.po (needs GNU gettext), then compile
	$(BIN)/python manage.py messages update
	$(BIN)/python manage.py messages check || true

worker: $(STAMP) ## Run a Celery worker (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "error: REDIS_URL is not set; the worker needs a broker," \
		"e.g. REDIS_URL=redis://127.0.0.1:6379/0 make worker" >&2; exit 1; }
	$(BIN)/celery -A prize worker -l info

beat: $(STAMP) ## Run Celery beat, the periodic scheduler (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "error: REDIS_URL is not set; beat needs a broker," \
		"e.g. REDIS_URL=redis://127.0.0.1:6379/0 make beat" >&2; exit 1; }
	$(BIN)/celery -A prize beat -l info

migrations-check: $(STAMP) ## Fail if a model change has no migration
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP) ## Run the benchmarks in bench/, if there are any
	@if [ -d bench ]; then $(BIN)/python -m bench; else echo "no benchmarks yet (no bench/ folder)"; fi

backup: $(STAMP) ## Back up the database and the uploads into BACKUP_DIR (default ./backups)
	$(BIN)/python manage.py backup --output "$(BACKUP_DIR)"

restore: $(STAMP) ## Restore a backup into an empty database and media: BACKUP=<folder> [FORCE=1]
	@test -n "$(BACKUP)" || { echo "error: say which backup to restore," \
		"e.g. make restore BACKUP=$(BACKUP_DIR)/prize-20230925-060000" >&2; exit 1; }
	$(BIN)/python manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

load: $(STAMP) ## 200 judges score at once for 60 s on gunicorn, PostgreSQL, Redis, Celery; 0 errors, 0 lost (LOAD_ARGS="--seconds 120")
	$(BIN)/python -m load $(LOAD_ARGS)

lock: ## Regenerate constraints.txt from a fresh virtualenv (newest allowed versions)
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 or newer is required." >&2; exit 1; }
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip && \
	"$$tmp/venv/bin/python" -m pip install --quiet -e ".[dev]" && \
	{ echo '# Pinned versions of every dependency (runtime and dev), for reproducible installs:'; \
	  echo '#   pip install -c constraints.txt -e ".[dev]"'; \
	  echo '# Regenerate with `make lock` (fresh virtualenv, newest versions allowed by pyproject.toml,'; \
	  echo '# then pip freeze --exclude-editable). Do not edit by hand.'; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable; } > "$$tmp/constraints.txt" && \
	mv "$$tmp/constraints.txt" constraints.txt
	@echo "constraints.txt regenerated with $$($(PYTHON) --version); review with: git diff constraints.txt"

clean: ## Remove .venv, collected static files and caches (keeps db.sqlite3 and media/)
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
