#!/usr/bin/env bash
# make fuzz, second half: the atheris harnesses, each for FUZZ_SECONDS (default 300), side by side.
#
# atheris needs a CPython it has wheels for; it has them for 3.9 to 3.13 on Linux x86-64, and
# FUZZ_PYTHON picks one (default: the first of python3.11, 3.12, 3.13 found on PATH or under
# pyenv).  The harnesses run from their own venv (FUZZ_VENV, default .venv-fuzz) with proxycert
# installed in editable mode.  Corpora grow in fuzz/corpus/ (not committed) from seeds that
# fuzz/seeds.py renders; a crash leaves its input in fuzz/corpus/crashes/ and fails the run.
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-300}
VENV=${FUZZ_VENV:-.venv-fuzz}
CORPUS=fuzz/corpus
HARNESSES=(scan scan_file)

find_python() {
    local version candidate
    for version in 3.11 3.12 3.13; do
        for candidate in "$(command -v "python$version" || true)" \
            $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/"python$version" 2>/dev/null | sort -rV); do
            if [[ -n $candidate ]] && "$candidate" -c '' 2>/dev/null; then
                printf '%s\n' "$candidate"
                return
            fi
        done
    done
}

PYTHON=${FUZZ_PYTHON:-$(find_python)}
if [[ -z $PYTHON ]]; then
    echo "fuzz: no python3.11, 3.12 or 3.13 found; set FUZZ_PYTHON" >&2
    exit 1
fi
if [[ ! -x $VENV/bin/python || pyproject.toml -nt $VENV/.installed ]]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[fuzz]'
    touch "$VENV/.installed"
fi
"$VENV/bin/python" -c 'import atheris, sys; print("fuzz: atheris on Python", sys.version.split()[0])'

mkdir -p "$CORPUS/crashes"
"$VENV/bin/python" fuzz/seeds.py "$CORPUS"

pids=()
for name in "${HARNESSES[@]}"; do
    seeds=$CORPUS/seeds-text
    [[ $name == scan_file ]] && seeds=$CORPUS/seeds-bytes
    mkdir -p "$CORPUS/$name"
    echo "fuzz: $name for ${SECONDS_EACH}s (log: $CORPUS/$name.log)"
    "$VENV/bin/python" "fuzz/fuzz_$name.py" -max_total_time="$SECONDS_EACH" -timeout=30 \
        -max_len=8192 -dict="$CORPUS/proxycert.dict" -print_final_stats=1 \
        -artifact_prefix="$CORPUS/crashes/$name-" "$CORPUS/$name" "$seeds" \
        >"$CORPUS/$name.log" 2>&1 &
    pids+=($!)
done

failed=()
for i in "${!HARNESSES[@]}"; do
    name=${HARNESSES[$i]}
    if ! wait "${pids[$i]}"; then
        failed+=("$name")
    fi
    echo "fuzz: $name: $(grep -E '^Done [0-9]+ runs' "$CORPUS/$name.log" | tail -1 || echo 'no final count')"
    grep -E 'stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$CORPUS/$name.log" | sed 's/^/      /' || true
done
for name in "${failed[@]}"; do
    echo "fuzz: $name FAILED; the end of its log:" >&2
    tail -n 40 "$CORPUS/$name.log" >&2
    ls -l "$CORPUS"/crashes/"$name"-* >&2 || true
done
((${#failed[@]} == 0))
