"""How long a whole proxycert process takes to start, as a ratio to one that only imports attrs.

Run with ``make bench-startup`` (or ``python benchmarks/bench_startup.py [--runs N]``); ``make
bench`` runs it after bench_scan.py.  Each command is what a user types: the ``proxycert``
console script of this interpreter's environment, not ``python -m proxycert``.  Every command
runs once first, so that all it imports is byte-compiled and in the page cache; then the
commands run in turn, round after round (baseline, then each command), so that a machine's
swings reach them alike, and each figure is the median of its rounds.  It prints one line per
command with its goal, and exits 1 if a goal is missed.

To measure another command, add a line to ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import proxycert

PYTHON = sys.executable
# The console script pip installed beside this interpreter: what `proxycert ...` runs.
PROXYCERT = str(Path(PYTHON).parent / "proxycert")


class Command(NamedTuple):
    """A process to time, and the most it may take as a multiple of the baseline."""

    name: str
    argv: Sequence[str]
    goal: float


BASELINE = Command('python -c "import attrs"', (PYTHON, "-c", "import attrs"), 1.0)
COMMANDS = (
    Command("proxycert --version", (PROXYCERT, "--version"), 1.1),
    Command("proxycert decode 10", (PROXYCERT, "decode", "10"), 1.3),
)


def run(argv: Sequence[str]) -> float:
    """The wall-clock seconds of one run of *argv*, which must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def medians(commands: Sequence[Command], rounds: int) -> list[float]:
    """The median time of each command over *rounds* rounds, each round running all in turn."""
    for command in commands:
        run(command.argv)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):
        for command, kept in zip(commands, times):
            kept.append(run(command.argv))
    return [statistics.median(kept) for kept in times]


def loads_typing_extensions() -> bool:
    """Whether ``import proxycert`` imports typing_extensions in a fresh interpreter."""
    code = "import sys, proxycert; print('typing_extensions' in sys.modules)"
    output = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True)
    return output.stdout.strip() == "True"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=21, help="rounds per command (default 21; at least 15)"
    )
    args = parser.parse_args()
    if args.runs < 15:
        parser.error("--runs: at least 15 rounds, or the medians say little")
    print(f"proxycert {proxycert.__version__} start-up, Python {sys.version.split()[0]}")
    baseline, *ours = medians([BASELINE, *COMMANDS], args.runs)
    print(f"     {BASELINE.name:<44} {baseline * 1000:6.1f} ms  (baseline, median of {args.runs})")
    results = []
    for command, seconds in zip(COMMANDS, ours):
        ratio = seconds / baseline
        ok = ratio <= command.goal
        results.append(ok)
        print(
            f"{'ok  ' if ok else 'MISS'} {command.name:<44} {ratio:6.2f} ×"
            f"  (goal <= {command.goal:.1f} ×; {seconds * 1000:.1f} ms)"
        )
    # Python 3.11's typing has all that proxycert takes from typing_extensions.
    loaded = loads_typing_extensions()
    ok = not loaded or sys.version_info < (3, 11)
    results.append(ok)
    print(
        f"{'ok  ' if ok else 'MISS'} {'import proxycert imports typing_extensions':<44}"
        f" {'yes' if loaded else 'no':>6}    (goal: no on Python 3.11 and later)"
    )
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
