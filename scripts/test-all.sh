#!/usr/bin/env bash
# make test-all: the whole test suite on CPython 3.9, 3.10, 3.11, 3.12 and 3.13, each in a fresh
# virtual environment that installs the wheel (never the source tree), then the release tests.
#
# The sdist and the wheel are built once, the wheel from the sdist, as `python -m build` does.
# Each interpreter gets a copy of the repository without src/, so that `import proxycert` can
# only find the installed wheel; tests/conftest.py checks that it did (PROXYCERT_EXPECT_INSTALLED).
# Test dependencies are installed from a local wheelhouse with --no-index once it holds them, and
# downloaded into it (through pip's usual index and cache) only when it does not.
#
# A missing interpreter fails the run: nothing is skipped.  Interpreters are looked up as
# pythonX.Y on PATH, then under $PYENV_ROOT/versions (pyenv's shims only run the versions that
# `pyenv global` names, so each candidate is run to check that it works and is X.Y).
#
# Environment: PYTHON (default .venv/bin/python) builds the dists and runs the release tests and
# needs the `release` extra; TEST_ALL_JOBS (default: the number of CPUs) runs that many at once.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
VERSIONS=(3.9 3.10 3.11 3.12 3.13)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
JOBS=${TEST_ALL_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
WORK=$ROOT/build/test-all
started=$SECONDS

log() { printf '%s\n' "test-all: $*" >&2; }

# The interpreter for version $1 (X.Y), or nothing.
find_python() {
    local version=$1 candidate
    local -a candidates=()
    candidate=$(command -v "python$version" || true)
    [[ -n $candidate ]] && candidates+=("$candidate")
    # Newest patch release first.
    while IFS= read -r candidate; do
        candidates+=("$candidate")
    done < <(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/"python$version" 2>/dev/null | sort -rV)
    for candidate in "${candidates[@]}"; do
        if [[ $("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) == "$version" ]]; then
            printf '%s\n' "$candidate"
            return
        fi
    done
}

declare -A INTERPRETER
missing=()
for version in "${VERSIONS[@]}"; do
    INTERPRETER[$version]=$(find_python "$version")
    if [[ -z ${INTERPRETER[$version]} ]]; then
        missing+=("$version")
    fi
done
if ((${#missing[@]})); then
    log "FAILED: no working interpreter for Python ${missing[*]} (tried python<X.Y> on PATH and ${PYENV_ROOT:-$HOME/.pyenv}/versions/<X.Y>.*)."
    log "Install them (for example: pyenv install ${missing[*]}); test-all runs every supported version or fails."
    exit 1
fi
if ! "$PYTHON" -c 'import build, twine' 2>/dev/null; then
    log "FAILED: $PYTHON lacks build and twine; run it through make test-all, which installs the release extra."
    exit 1
fi

rm -rf "$WORK/dist" "$WORK/runs" "$WORK/venvs" "$WORK/logs"
mkdir -p "$WORK/dist" "$WORK/runs" "$WORK/venvs" "$WORK/logs" "$WORK/wheelhouse"
# Some tests read the project's shared reference texts beside the checkout (../shared); the
# copies below get the same neighbour, so that those tests run rather than skip.
if [[ -d $ROOT/../shared ]]; then
    ln -s "$(cd "$ROOT/../shared" && pwd)" "$WORK/runs/shared"
fi

log "building the sdist, and the wheel from it"
if ! "$PYTHON" -m build --outdir "$WORK/dist" "$ROOT" >"$WORK/logs/build.log" 2>&1; then
    cat "$WORK/logs/build.log" >&2
    log "FAILED: python -m build"
    exit 1
fi
wheels=("$WORK"/dist/proxycert-*.whl)
if ((${#wheels[@]} != 1)) || [[ ! -f ${wheels[0]} ]]; then
    log "FAILED: expected one wheel in $WORK/dist, found: ${wheels[*]}"
    exit 1
fi
WHEEL=${wheels[0]}
log "built $(basename "$WHEEL") ($(wc -c <"$WHEEL") bytes)"

# Everything tests may read, without src/ and without what is local to this checkout.
copy_tree() {
    mkdir -p "$1"
    tar -C "$ROOT" -cf - \
        --exclude=./src --exclude=./.git --exclude='./.venv*' --exclude=./build --exclude=./dist \
        --exclude=./.nox --exclude=./.tox --exclude=./.hypothesis --exclude=./fuzz/corpus \
        --exclude='./.*_cache' --exclude=./.coverage --exclude='./.coverage.*' --exclude=./htmlcov \
        --exclude='__pycache__' . | tar -C "$1" -xf -
}

# One interpreter: venv, install, pytest.  Its output goes to logs/X.Y.log, its status to
# logs/X.Y.status.
run_version() {
    local version=$1 python=$2
    local venv=$WORK/venvs/$version wheelhouse=$WORK/wheelhouse/$version run=$WORK/runs/$version
    local requirement="$WHEEL[test]"
    {
        printf '== Python %s: %s\n' "$version" "$python"
        "$python" -m venv "$venv"
        # Offline first, from the wheelhouse; fill it from the index only when that fails.
        if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
            --no-index --find-links "$wheelhouse" "$requirement" 2>/dev/null; then
            echo "(wheelhouse for $version incomplete: downloading)"
            mkdir -p "$wheelhouse"
            "$venv/bin/python" -m pip download --quiet --disable-pip-version-check \
                --dest "$wheelhouse" "$requirement"
            # The wheel under test is given by path; an old copy must not linger here.
            rm -f "$wheelhouse"/proxycert-*
            "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
                --no-index --find-links "$wheelhouse" "$requirement"
        fi
        copy_tree "$run"
        cd "$run"
        # README.md's examples and the installed package's docstrings run as doctests too:
        # both are what users read, and reprs in them differ between Python versions.
        package=$("$venv/bin/python" -c 'import os, proxycert; print(os.path.dirname(proxycert.__file__))')
        PROXYCERT_EXPECT_INSTALLED=1 "$venv/bin/python" -m pytest -p no:cacheprovider \
            -m "not release" tests README.md "$package"
    } >"$WORK/logs/$version.log" 2>&1
}

# The release tests, once, from the checkout, on the dists built above.
run_release() {
    cd "$ROOT"
    PROXYCERT_RELEASE_TESTS=1 PROXYCERT_DIST="$WORK/dist" "$PYTHON" -m pytest -p no:cacheprovider \
        -m release tests/test_release.py >"$WORK/logs/release.log" 2>&1
}

# Run "$@" as job $name, stopping at its first failing command, and record how it ended.
# (A function called as `f || ...` would run with errexit ignored; a subshell started with
# errexit off in its parent keeps its own `set -e`.)
job() {
    local name=$1 began=$SECONDS status
    shift
    set +e
    (
        set -e
        "$@"
    )
    status=$?
    set -e
    printf '%s %s\n' "$status" "$((SECONDS - began))" >"$WORK/logs/$name.status"
}

log "running ${VERSIONS[*]} and the release tests, $JOBS at a time"
names=("${VERSIONS[@]}" release)
for name in "${names[@]}"; do
    while (($(jobs -rp | wc -l) >= JOBS)); do
        wait -n || true
    done
    if [[ $name == release ]]; then
        job release run_release &
    else
        job "$name" run_version "$name" "${INTERPRETER[$name]}" &
    fi
done
wait

failed=()
printf '\n%-8s %-6s %5s  %s\n' run result time summary
for name in "${names[@]}"; do
    read -r status seconds <"$WORK/logs/$name.status" || { status=1 seconds=0; }
    summary=$(grep -E '^=+ .*(passed|failed|error).* =+$' "$WORK/logs/$name.log" | tail -1 | tr -d '=' || true)
    result=ok
    if [[ $status != 0 ]]; then
        result=FAILED
        failed+=("$name")
    fi
    where=${INTERPRETER[$name]:-$PYTHON}
    printf '%-8s %-6s %4ss  %s [%s]\n' "$name" "$result" "$seconds" "${summary# }" "$where"
done
for name in "${failed[@]}"; do
    printf '\n==== %s: last lines of %s\n' "$name" "$WORK/logs/$name.log"
    tail -n 60 "$WORK/logs/$name.log"
done
log "$((SECONDS - started)) s in all; logs in $WORK/logs"
if ((${#failed[@]})); then
    log "FAILED: ${failed[*]}"
    exit 1
fi
log "passed on Python ${VERSIONS[*]}, from $(basename "$WHEEL")"
