# Klynge: `make run` serves the site with demo data, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgres test-stack stack lint format migrations-check catalogues demo

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

demo: install
	@echo "Bringing the database up to date (var/ by default) ..."
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py createcachetable
	@$(PY) manage.py load_demo
	@# The demo's own mail (sign-up confirmations) goes to var/mail quietly, so the
	@# worker that `make run` starts prints only what happens from then on.
	@$(PY) manage.py db_worker --batch --no-startup-delay --no-reload -v 0

# Ctrl-C reaches the whole process group, so the worker stops with the server.
run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ with the task worker. Ctrl-C stops both."
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

catalogues: install
	$(PY) manage.py sync_catalogues

test-sqlite: install
	$(PY) -m pytest

test-postgres: install
	$(PY) tests/with_postgres.py $(PY) -m pytest

# The production shape on this machine: nginx (TLS) in front of two gunicorn nodes,
# PostgreSQL, Redis and two task workers, all in a temporary folder (deploy/stack.py).
STACK := $(PY) tests/with_postgres.py $(PY) tests/with_redis.py $(PY) deploy/stack.py

stack: install
	$(STACK) up --demo

test-stack: install
	$(STACK) run -- $(PY) -m pytest tests/stack -p no:cacheprovider

test: lint migrations-check test-sqlite test-postgres test-stack
