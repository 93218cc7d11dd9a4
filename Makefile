# Klynge: `make run` serves the site with demo data, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgres test-redis test-stack stack lint format migrations-check catalogues demo

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# The demo's mail is rendered as it is queued: its links point at the port `make run` serves.
DEMO_SITE = SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"
demo: install
	@echo "Bringing the database up to date (var/ by default) ..."
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py createcachetable
	@$(DEMO_SITE) $(PY) manage.py load_demo
	@# The demo's own mail (sign-up confirmations) goes to var/mail quietly, so the
	@# worker that `make run` starts prints only what happens from then on.
	@$(DEMO_SITE) $(PY) manage.py db_worker --batch --no-startup-delay --no-reload -v 0

# Ctrl-C reaches the whole process group, so the worker stops with the server.
# Links in the emails the worker sends point at the port served here (unless SITE_URL is set).
run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ with the task worker. Ctrl-C stops both."
	@export SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

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

# The cache and rate-limit tests again with CACHE_URL=redis://, on a throwaway redis-server.
REDIS_TESTS := tests/core/test_ratelimit_store.py tests/core/test_ratelimit_proxies.py \
	tests/accounts tests/audit tests/competence
test-redis: install
	$(PY) tests/with_redis.py $(PY) -m pytest $(REDIS_TESTS)

# The production shape on this machine: nginx (TLS) in front of two gunicorn nodes,
# PostgreSQL, Redis and two task workers, all in a temporary folder (deploy/stack.py).
STACK := $(PY) tests/with_postgres.py $(PY) tests/with_redis.py $(PY) deploy/stack.py

stack: install
	$(STACK) up --demo

test-stack: install
	$(STACK) run -- $(PY) -m pytest tests/stack -p no:cacheprovider

test: lint migrations-check test-sqlite test-postgres test-redis test-stack
