# One command per job; each sets up what it needs. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PAIR_A ?= openai/gpt-5.3-codex-spark
PAIR_B ?= stepfun/step-3.5-flash

.PHONY: setup catalog validate test test-fast lint report bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	.ci/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q src  # bytecode ahead: each fresh report process skips compiling src
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (llm-pair-reports)" > /dev/null
	touch $(STAMP)

catalog: setup
	$(BIN)/llm-report catalog build

validate: setup
	$(BIN)/llm-report catalog validate

test: lint
	$(BIN)/python -m pytest -n 2 -q

test-fast: lint
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

report: setup
	$(BIN)/llm-report pair $(PAIR_A) $(PAIR_B) --format html,pdf --out reports/

bench: setup
	$(BIN)/python benchmarks/catalog_load.py

clean:
	rm -rf reports/*.html reports/*.pdf reports/*.ipynb .pytest_cache
