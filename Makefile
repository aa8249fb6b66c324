# Two commands do all the setup on a fresh machine:
#   make run   - create .venv, install pinned dependencies, ingest examples/ into communique.duckdb, print a summary
#   make test  - same setup, then the whole test suite (unit, integration, CLI and the quality gate)

PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.communique-installed
DB ?= communique.duckdb

.PHONY: run test setup lint clean

setup: $(STAMP)

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

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
