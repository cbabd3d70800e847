# 质量昆明 CMS. `make run` and `make test` work on a fresh machine with Python 3.11 and make.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export PORT

.PHONY: help install run migrate demo test lint format check-deploy clean

help:
	@echo "make run    - install, migrate, load the demo and serve on http://127.0.0.1:$(PORT)/"
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
	$(BIN)/python manage.py load_initial_data

run: demo
	@$(BIN)/python manage.py ensure_superuser
	@bin/serve

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
