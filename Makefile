# The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install migrate demo lint clean

$(STAMP): pyproject.toml constraints.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/coordinator db upgrade

demo: migrate
	$(BIN)/coordinator demo load

setup: demo

run: setup
	$(BIN)/coordinator serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/lint-imports

test: setup lint
	bash scripts/run_tests.sh

clean:
	rm -rf $(VENV) data/*.sqlite3* .pytest_cache
