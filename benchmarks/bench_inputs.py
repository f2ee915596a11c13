"""Peak memory and speed of scan_file on compressed inputs and archives (issue 10).

Run with ``make bench`` (or ``python benchmarks/bench_inputs.py [--quick]``).  The < 100 MB peak
RSS goal for a 200 MB log holds for the same log compressed with gzip, bzip2 or xz, and zipped:
decompression streams.  Each scan runs in a fresh process, whose peak RSS (VmHWM) is read from
/proc, so this benchmark needs Linux.  Throughput is reported against the plain file's, with no
goal: bzip2 and xz decompress slower than proxycert scans.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import lzma
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_scan import report, write_sparse_log  # type: ignore[import-not-found]

import proxycert

# One process per scan: the peak of one input must not carry over to the next.
SCAN = """\
import proxycert, sys, time
start = time.perf_counter()
n = sum(1 for _ in proxycert.scan_file(sys.argv[1]))
seconds = time.perf_counter() - start
peak = int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])
print(n, peak, seconds)
"""


def compress(kind: str, plain: Path, target: Path) -> None:
    """*plain* compressed as *kind* into *target*, at the fastest level: logs rotate that way."""
    if kind == "zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.write(plain, "logs/outlook.log")
            archive.writestr("logs/readme.txt", "support bundle\n")
        return
    opener, level = STREAMS[kind]
    with plain.open("rb") as source, opener(target, "wb", **level) as sink:
        shutil.copyfileobj(source, sink, 1 << 20)


# Each stream format's opener, at its fastest level.
STREAMS: dict[str, tuple[Callable[..., Any], dict[str, int]]] = {
    "gzip": (gzip.open, {"compresslevel": 1}),
    "bzip2": (bz2.open, {"compresslevel": 1}),
    "xz": (lzma.open, {"preset": 0}),
}
KINDS = ("gzip", "bzip2", "xz", "zip")


def scan(path: Path) -> tuple[int, float, float]:
    out = subprocess.run(
        [sys.executable, "-c", SCAN, str(path)], check=True, capture_output=True, text=True
    )
    count, peak_kb, seconds = out.stdout.split()
    return int(count), int(peak_kb) / 1024, float(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 20 MB log instead of 200 MB")
    args = parser.parse_args()
    size_mb = 20 if args.quick else 200
    print(f"proxycert {proxycert.__version__}, Python {sys.version.split()[0]}, {sys.platform}")
    results = []
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "outlook.log"
        write_sparse_log(plain, size_mb)
        size = plain.stat().st_size / 1e6
        expected, plain_peak, plain_seconds = scan(plain)
        print(
            f"     plain: {size:.0f} MB, {expected} messages, {size / plain_seconds:.0f} MB/s, peak {plain_peak:.0f} MB"
        )
        for name in KINDS:
            target = Path(folder) / f"outlook.log.{name}"
            start = time.perf_counter()
            compress(name, plain, target)
            made = time.perf_counter() - start
            count, peak, seconds = scan(target)
            assert count == expected, (name, count, expected)
            results.append(
                report(
                    f"scan_file peak RSS, {name} (MB)",
                    peak,
                    "< 100 MB",
                    peak < 100,
                    f"{size:.0f} MB log in {target.stat().st_size / 1e6:.0f} MB,"
                    f" {size / seconds:.0f} MB/s ({plain_seconds / seconds:.2f}x plain);"
                    f" compressed in {made:.0f} s",
                )
            )
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
