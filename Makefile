# zjanalysis — run `make help` for the list of targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements.lock

.DEFAULT_GOAL := help
.PHONY: help setup lock report test test-fast lint format lab validate datapackage look messages docs clean

help: ## Show this list of targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv (if absent) and install the pinned dependencies of requirements.lock

lock: ## Re-resolve every dependency (newest allowed by pyproject.toml) into requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --upgrade --quiet -o $(LOCK)
	@echo "requirements.lock refreshed: review the diff, run make test, commit both"

report: setup ## Set up, validate the tables, build every report of reports/schedule.yaml
	$(BIN)/zja validate
	$(BIN)/zja build

test: setup ## Set up, then run the whole test suite (notebooks included)
	$(BIN)/python -m pytest

test-fast: setup ## Run the tests that do not execute notebooks
	$(BIN)/python -m pytest -m "not slow"

validate: setup ## Check every curated table and raw document
	$(BIN)/zja validate

datapackage: setup ## Write data/processed/datapackage.json (Frictionless Data Package) from the column declarations
	$(BIN)/python -m zjanalysis.tables.datapackage

lint: setup ## ruff lint and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: setup ## ruff format and autofix
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

lab: setup ## Open the explore notebook in JupyterLab
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/explore.ipynb

messages: setup ## Re-extract the messages of the code into locale/{zh,en}/LC_MESSAGES/zjanalysis.po; list what is untranslated
	$(BIN)/python -m zjanalysis.messages data/processed/units.csv

docs: setup ## Write the API reference of `import zjanalysis as zja` (pdoc, from the docstrings) to docs/api/
	$(BIN)/python docs/api.py docs/api

LOOK ?= /tmp/zja-look
look: setup ## Render every report type (zh, en), workbooks, index and explore to PNG in /tmp/zja-look or LOOK=dir (needs pdftoppm, soffice, chromium)
	$(BIN)/python bench/look.py --out $(LOOK)

clean: ## Remove the virtual environment and caches (reports are kept)
	rm -rf $(VENV) .pytest_cache .ruff_cache src/*.egg-info
