# Two commands do all the setup on a fresh machine:
#   make run   - create .venv, install pinned dependencies, ingest examples/ into communique.duckdb, print a summary
#   make test  - same setup, then the whole test suite (unit, integration, CLI and the quality gate)
# Setup also installs the dashboard's third-party front-end files with `npm ci` (versions pinned in
# package-lock.json) and copies them into the package (src/communique/surfaces/web/vendor, git-ignored).

PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.communique-installed
DB ?= communique.duckdb

ASSETS = src/communique/surfaces/web/vendor/.built

.PHONY: run test setup assets lint clean

setup: $(STAMP) $(ASSETS)

assets: $(ASSETS)

$(ASSETS): package.json package-lock.json tools/build_assets.py
	npm ci --no-audit --no-fund
	$(PYTHON) tools/build_assets.py
	touch $(ASSETS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned, so that nothing pulls a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/communique ingest examples --db $(DB)
	$(BIN)/communique summary --db $(DB)

test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) $(DB) .pytest_cache node_modules src/communique/surfaces/web/vendor test-artifacts
