# 质量昆明 CMS. `make run` and `make test` work on a fresh machine with Python 3.11 and make.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export PORT

.PHONY: help install run dev migrate demo test lint format check-deploy clean browser backup restore reliability bench bench-quick profile contract-tools cluster cluster-down cluster-test cluster-packages

help:
	@echo "make run    - install, migrate, load the demo and serve on http://127.0.0.1:$(PORT)/ (gunicorn, DEBUG off)"
	@echo "make dev    - the same content on the auto-reloading development server, DEBUG on"
	@echo "make test   - run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   - ruff, manage.py check and makemigrations --check"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py secure_media
	$(BIN)/python manage.py load_initial_data
	$(BIN)/python manage.py update_index
	$(BIN)/python manage.py pregenerate_renditions

# The product as deployed on one machine: gunicorn, DEBUG off, the worker supervised (bin/serve).
run: install
	@bin/serve

# For people changing code: runserver reloads on every edit, DEBUG on, the worker beside it.
dev: demo
	@mkdir -p .run
	@$(BIN)/python manage.py sync_site_origin
	@$(BIN)/python manage.py ensure_superuser
	@$(BIN)/python manage.py run_worker --supervise > .run/worker.log 2>&1 & \
		trap "kill $$! 2>/dev/null" EXIT; \
		PARTICIPATION_FORMS_ALWAYS_OPEN=$${PARTICIPATION_FORMS_ALWAYS_OPEN:-true} $(BIN)/python manage.py runserver "127.0.0.1:$(PORT)"

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Headless Chromium for the browser tests (tests/site/test_browser.py, test_axe.py, test_lighthouse.py)
# from Debian's packages, with Node for the pinned Lighthouse and axe-core in browser-checks/.
# Without root or apt-get it installs no system packages, and those tests skip saying why (CI has root).
BROWSER_STAMP := browser-checks/node_modules/.installed

browser: $(BROWSER_STAMP)

$(BROWSER_STAMP): browser-checks/package.json browser-checks/package-lock.json
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v npm >/dev/null \
		&& fc-list 2>/dev/null | grep -qi "wenquanyi"; then \
		echo "chromium, chromedriver, CJK fonts and npm already installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver fonts-wqy-microhei $$(command -v npm >/dev/null || echo nodejs npm) >/dev/null; \
	else \
		echo "cannot install chromium (needs root and apt-get); browser tests will be skipped"; \
	fi
	@if command -v npm >/dev/null; then \
		npm ci --prefix browser-checks --no-audit --no-fund --loglevel=error && touch $@; \
	fi

# Pinned openapi-typescript and TypeScript for the generated-client contract test
# (tests/api/test_generated_clients.py; openapi-python-client comes with requirements-dev.txt).
# Node.js and npm from Debian when missing and root.
CONTRACT_DIR := tests/api/contract
contract-tools: install
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } || echo "npm unavailable: the TypeScript contract test will skip"
	@if command -v npm >/dev/null; then npm ci --prefix $(CONTRACT_DIR) --no-audit --no-fund --loglevel=error; fi

# Database and media in one archive (operations/backup.py); restore replaces both.
backup: install
	$(BIN)/python manage.py backup $(if $(FILE),--output "$(FILE)")

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/zlkm-....tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)"

# Soak, fault and fuzz suites at full size, then the summary table (bench/reliability.py).
reliability: install
	$(BIN)/python bench/reliability.py

# Benchmark (bench/harness.py, cms.settings.bench): gunicorn 2 sync workers, wrk from Debian
# (installed here when root; otherwise a Python load generator), results in bench/results/.
# The 100k dataset is generated once and cached in bench/data/ by seed and schema.
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || echo "wrk unavailable: using the Python load generator"
	DJANGO_SETTINGS_MODULE=cms.settings.bench $(BIN)/python manage.py bench

bench-quick: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || echo "wrk unavailable: using the Python load generator"
	DJANGO_SETTINGS_MODULE=cms.settings.bench $(BIN)/python manage.py bench --quick

# Where one route's time goes: make profile ROUTE=/api/v1/news/ [PROFILE_ARGS="--cached --requests 500"]
# writes a py-spy flame graph and cProfile output under bench/profiles/ (dataset from make bench-quick).
profile: install
	@test -n "$(ROUTE)" || { echo "用法：make profile ROUTE=/路径/"; exit 2; }
	DJANGO_SETTINGS_MODULE=cms.settings.bench $(BIN)/python manage.py profile_route "$(ROUTE)" $(PROFILE_ARGS)

# The scale-out layout on one machine from deploy/ (deploy/cluster/cluster, docs/scaling.md):
# Varnish -> HAProxy -> gunicorn nodes -> PostgreSQL primary + streaming replica, Redis, workers.
# Debian packages are installed here when root; otherwise it names exactly what is missing.
CLUSTER_DEBS := haproxy varnish varnish-modules redis-server postgresql postgresql-client gettext-base
cluster-packages:
	@lacking="$$(deploy/cluster/cluster missing)"; \
	if [ -n "$$lacking" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $(CLUSTER_DEBS) from Debian"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CLUSTER_DEBS) >/dev/null; \
	elif [ -n "$$lacking" ]; then \
		echo "make cluster needs root and apt-get to install, or these installed by hand:"; \
		echo "$$lacking" | sed 's/^/  - /'; exit 1; \
	fi

cluster: install cluster-packages
	@deploy/cluster/cluster up

cluster-down:
	@deploy/cluster/cluster down

# Soak of readers and editors while it kills a node and a worker, restarts Redis and the
# cluster's own PostgreSQL primary; prints the table (bench/cluster_faults.py). Not part of make test.
cluster-test: cluster
	@deploy/cluster/cluster exec $(BIN)/python bench/cluster_faults.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
