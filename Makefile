# proxycert's tasks.  Each target sets up what it needs; only Python 3.9+ and make are assumed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck bench bench-startup clean test-all dist fuzz

# The test and lint requirements are pyproject.toml's dependency groups (pip 25.1 reads them).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=25.1'
	$(BIN)/python -m pip install --quiet --group test --group lint -e .
	touch $(STAMP)

## demo: run the main job on the bundled example (a pasted error) and explain it
demo: $(STAMP)
	$(BIN)/proxycert parse examples/pasted-error.txt
	@echo
	$(BIN)/proxycert decode 18
	@echo
	$(BIN)/python examples/explain_paste.py examples/pasted-error.txt
	@echo
	@# The certificate behind the pasted error, made fresh so that its dates never go stale.
	@pki=$$(mktemp -d) && $(BIN)/python examples/make_demo_pki.py $$pki >/dev/null && \
	echo "$(BIN)/proxycert cert $$pki/proxy-chain.p7b --trust $$pki/root.pem --message-file examples/pasted-error.txt" && \
	{ $(BIN)/proxycert cert $$pki/proxy-chain.p7b --trust $$pki/root.pem \
		--message-file examples/pasted-error.txt; status=$$?; rm -rf $$pki; \
		echo "(exit status $$status: problems predicted)"; }

## lint / typecheck: ruff and mypy --strict over src and tests
lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks fuzz
	$(BIN)/ruff format --check src tests examples benchmarks fuzz

typecheck: $(STAMP)
	$(BIN)/mypy

## test: lint, type check, then the whole suite with doctests and branch coverage
test: lint typecheck
	$(BIN)/python -m pytest --cov --cov-report=term-missing

## bench: the performance figures of README's "Performance" section (bench_scan, bench_inputs), then the start-up times
bench: $(STAMP)
	@# Every benchmark runs, so that one missed goal hides no other figure; then any miss fails.
	@status=0; for name in scan inputs cert startup; do \
		$(BIN)/python benchmarks/bench_$$name.py || status=1; \
	done; exit $$status

## bench-startup: only the start-up times of whole proxycert processes (a minute or so)
bench-startup: $(STAMP)
	$(BIN)/python benchmarks/bench_startup.py

clean:
	rm -rf $(VENV) .tox .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage dist build

# --- Every Python, releases and fuzzing (issue 6) ---------------------------------------------
RELEASE_STAMP := $(VENV)/.installed-release
FUZZ_SECONDS  ?= 300

PY_VERSIONS   := 3.9 3.10 3.11 3.12 3.13
PYENV_ROOT    ?= $(shell pyenv root 2>/dev/null || echo "$$HOME/.pyenv")
# The newest patch release of each PY_VERSIONS under pyenv, put first on PATH for tox, which
# looks there for python3.X (pyenv's shims run only the versions `pyenv global` names).
PYENV_BINS     = $(foreach v,$(PY_VERSIONS),$(shell ls -d $(PYENV_ROOT)/versions/$(v).*/bin 2>/dev/null | sort -V | tail -n 1))
empty         :=
TEST_ALL_PATH  = $(subst $(empty) ,:,$(strip $(PYENV_BINS))):$(PATH)
TOX_JOBS      ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

$(RELEASE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --group release --group tox
	touch $(RELEASE_STAMP)

## test-all: tox.ini: the suite on CPython 3.9 to 3.13, each in a fresh venv from the wheel, and
## the release tests; fails if any of those Pythons is missing
test-all: $(RELEASE_STAMP)
	PATH="$(TEST_ALL_PATH)" $(BIN)/tox run-parallel --parallel $(TOX_JOBS) --parallel-no-spinner

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
