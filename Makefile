# pmcourse: two commands do everything on a fresh machine: `make lab` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8888
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core, at most four. A test module
# runs whole in one process (see conftest.py); TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) --maxprocesses 4 --dist loadscope --durations=25
# The preflight: bubblewrap, Chromium, Node.js (standard library only, so it
# runs before the venv exists).
DOCTOR := PYTHONPATH=src $(PYTHON) -m pmcourse.doctor

.DEFAULT_GOAL := help

.PHONY: help venv doctor lab test test-fast release bench lint typecheck format clean book

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,book]'
	$(BIN)/python -m pmcourse.setup_lab
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the course (only when pyproject.toml changed)

doctor: ## Check the optional system parts (bubblewrap, Chromium, Node.js)
	@$(DOCTOR)

lab: $(STAMP) ## Open the course in JupyterLab (lesson 00 first)
	@$(DOCTOR)
	$(BIN)/python -m pmcourse.setup_lab --launch --port $(PORT)

test: $(STAMP) ## Run the whole suite: unit, doctests, notebooks, grading, browser, hub
	@$(DOCTOR)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

test-fast: $(STAMP) ## Run the suite without the slow, browser and hub tests
	$(BIN)/python -m pytest $(XDIST) -m "not slow and not browser and not hub" $(PYTEST_ARGS)

release: $(STAMP) ## Regenerate exercises/ (student versions) from solutions/
	$(BIN)/python -m pmcourse.release

bench: $(STAMP) ## Run the benchmarks and print figures against their peers
	@set -e; for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b; done

lint: $(STAMP) ## ruff check, format check and the type checker
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) typecheck

typecheck: $(STAMP) ## mypy over src/ (settings in pyproject.toml)
	$(BIN)/python -m mypy

format: $(STAMP) ## ruff format and fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

book: $(STAMP) ## Build the course website into book/_build/html (HUB_URL=... for live links)
	$(BIN)/python book/build.py $(if $(HUB_URL),--hub-url $(HUB_URL))

clean: ## Remove the venv and generated grading folders
	rm -rf $(VENV) grading/submitted grading/autograded grading/feedback grading/gradebook.db
