# proxycert's tasks.  Each target sets up what it needs; only Python 3.9+ and make are assumed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck bench clean test-all dist fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

## demo: run the main job on the bundled example (a pasted error) and explain it
demo: $(STAMP)
	$(BIN)/proxycert parse examples/pasted-error.txt
	@echo
	$(BIN)/proxycert decode 18
	@echo
	$(BIN)/python examples/explain_paste.py examples/pasted-error.txt

## lint / typecheck: ruff and mypy --strict over src and tests
lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks fuzz
	$(BIN)/ruff format --check src tests examples benchmarks fuzz

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

# --- Every Python, releases and fuzzing (issue 6) ---------------------------------------------
RELEASE_STAMP := $(VENV)/.installed-release
FUZZ_SECONDS  ?= 300

$(RELEASE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,lint,release]'
	touch $(RELEASE_STAMP)

## test-all: the suite on CPython 3.9 to 3.13, each in a fresh venv from the wheel, and the
## release tests; fails if any of those Pythons is missing
test-all: $(RELEASE_STAMP)
	PYTHON=$(BIN)/python bash scripts/test-all.sh

## dist: sdist and wheel in dist/ (python -m build), twine check, then the release tests on them
dist: $(RELEASE_STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*
	PROXYCERT_RELEASE_TESTS=1 PROXYCERT_DIST=dist $(BIN)/python -m pytest -p no:cacheprovider \
		-m release tests/test_release.py
	@ls -l dist

## fuzz: the hypothesis properties with the "fuzz" profile, then the atheris harnesses of fuzz/
## for FUZZ_SECONDS each (not part of CI)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -p no:cacheprovider -m "not release" tests
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh
