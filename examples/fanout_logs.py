"""Scan a folder of logs on every CPU, and count the error messages of each kind.

A ``concurrent.futures`` fan-out of :func:`proxycert.scan_file`: each log is scanned in a
worker process, and its messages come back pickled (``ErrorMessage`` is a frozen attrs class,
so they pickle) to be counted here.  ``scan_one`` is a plain function from a path to a list of
messages, holding no state, so the same fan-out works with a ``ThreadPoolExecutor``, Dask's
``client.map(scan_one, paths)`` or Spark's ``sc.parallelize(paths).map(scan_one)``.

    python examples/fanout_logs.py LOGS [--glob '*.log'] [--workers N]

Exit status: 0 when a message was found, 1 when none was, 2 when a file could not be read.
"""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import proxycert


def scan_one(path: Path) -> list[proxycert.ErrorMessage]:
    """Every message in one log: what a worker does."""
    return list(proxycert.scan_file(path))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the folder of logs (searched recursively)")
    parser.add_argument("--glob", default="*", help="scan only files matching this (default: *)")
    parser.add_argument("--workers", type=int, help="worker processes (default: one per CPU)")
    args = parser.parse_args(argv)

    paths = sorted(path for path in args.folder.rglob(args.glob) if path.is_file())
    kinds: collections.Counter[proxycert.MessageKind] = collections.Counter()
    files_with_messages = unreadable = 0
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        futures = {pool.submit(scan_one, path): path for path in paths}
        for future in as_completed(futures):
            try:
                messages = future.result()
            except OSError as error:
                print(f"{futures[future]}: {error}", file=sys.stderr)
                unreadable += 1
                continue
            kinds.update(message.kind for message in messages)
            files_with_messages += bool(messages)

    total = sum(kinds.values())
    print(f"{total} messages in {files_with_messages} of {len(paths)} files")
    for kind in proxycert.MessageKind:
        resolution = kind.resolution
        print(
            f"  {int(kind)} {kind.name:<22} {kinds[kind]:>7}"
            f"   resolution {int(resolution)}: {resolution.title}"
        )
    if unreadable:
        return 2
    return 0 if total else 1


if __name__ == "__main__":
    raise SystemExit(main())
