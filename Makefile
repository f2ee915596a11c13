# proxycert's tasks.  Each target sets up what it needs; only Python 3.9+ and make are assumed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

## demo: run the main job on the bundled example (a pasted error) and explain it
demo: $(STAMP)
	$(BIN)/python examples/explain_paste.py examples/pasted-error.txt

## lint / typecheck: ruff and mypy --strict over src and tests
lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

## test: lint, type check, then the whole suite with doctests and branch coverage
test: lint typecheck
	$(BIN)/python -m pytest --cov --cov-report=term-missing

## bench: the performance figures of README's "Performance" section
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scan.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage dist build
