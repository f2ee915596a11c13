"""The subcommands: each takes the parsed arguments and the console, and returns the status.

Each handler imports what only it needs, so that ``proxycert --version`` or ``decode 10`` do not
load the scanner or the tables of other tools' codes.
"""

from __future__ import annotations

import contextlib
import itertools
from typing import TYPE_CHECKING, Callable

from . import _exit
from ._render import (
    BOLD,
    PROG,
    Summary,
    decoded_lines,
    explanation,
    flag_table,
    scan_row,
    summary_lines,
)

if TYPE_CHECKING:
    import argparse

    from ._console import Console


def decode_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert decode``: explain certificate problem codes."""
    from .. import ProxyCertError
    from ._codes import SYSTEMS, Decoded, read_code

    decoded: list[Decoded] = []
    failed = False
    for text in args.codes:
        try:
            decoded.append(read_code(text, SYSTEMS[args.system], args.base))
        except ProxyCertError as exc:  # noqa: PERF203 - one error line per bad code, then stop
            console.error(str(exc))
            failed = True
    if failed:
        return _exit.ERROR
    if args.json:
        dicts = [item.to_dict() for item in decoded]
        _dump(console, dicts[0] if len(dicts) == 1 else dicts)
    else:
        _say_all(console, decoded_lines(decoded, console.look))
    return _exit.FOUND


def parse_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert parse``: explain the first (or every) error message in a text."""
    from ._inputs import InputError, Progress, messages, named_input

    source = named_input(args.file)
    progress = Progress(console, source.size, 1)
    try:
        with contextlib.closing(messages(source, console, progress)) as found_messages:
            found = list(found_messages if args.all else itertools.islice(found_messages, 1))
    except InputError as exc:
        console.error(str(exc))
        return _exit.ERROR
    finally:
        progress.clear()
    if args.json:
        dicts = [message.to_dict() for message in found]
        if args.all:
            _dump(console, dicts)
        elif dicts:
            _dump(console, dicts[0])
    else:
        _say_all(console, explanation(found, console.look))
    if not found:
        console.note(f"{PROG}: no proxy certificate error message found in {source.label}")
        return _exit.NOT_FOUND
    return _exit.FOUND


def scan_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert scan``: list every error message in files, directories or standard input."""
    import json

    from ._inputs import InputError, Progress, find_inputs, messages

    inputs, failures = find_inputs(
        args.paths, console, recursive=args.recursive, globs=args.globs or ["*"]
    )
    sizes = [source.size for source in inputs if source.size is not None]
    total = sum(sizes) if len(sizes) == len(inputs) else None
    progress = Progress(console, total, len(inputs))
    # Rows written to the terminal that shows the progress line need that line out of the way.
    shared_terminal = console.stdout_is_terminal
    summary = Summary()
    try:
        for number, source in enumerate(inputs, 1):
            progress.file = number
            found, before = 0, progress.done
            try:
                for message in messages(source, console, progress):
                    if shared_terminal:
                        progress.clear()
                    if args.json:
                        console.say(json.dumps({"file": source.label, **message.to_dict()}))
                    else:
                        if not found:
                            console.say(console.look.style(source.label, BOLD))
                        _say_all(console, scan_row(message, console.look))
                    found += 1
                    summary.add(message)
            except InputError as exc:
                progress.clear()
                console.error(str(exc))
                failures += 1
                if progress.done == before:
                    continue  # not read at all: not one of the files scanned
            summary.files += 1
            summary.files_with_messages += bool(found)
    finally:
        progress.clear()
    for line in summary_lines(summary, progress.done):
        console.note(line)
    if failures:
        return _exit.ERROR
    return _exit.FOUND if summary.messages else _exit.NOT_FOUND


def flags_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert flags``: the reference table of the KB's flags."""
    from .. import CertProblem

    flags = [CertProblem(value) for value in sorted(map(int, CertProblem.__members__.values()))]
    _say_all(console, flag_table(flags, console.look))
    return _exit.FOUND


#: The handler of each subcommand, by the name the parser gives it.
COMMANDS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "decode": decode_command,
    "parse": parse_command,
    "scan": scan_command,
    "flags": flags_command,
}


def _say_all(console: Console, lines: list[str]) -> None:
    for line in lines:
        console.say(line)


def _dump(console: Console, value: object) -> None:
    import json

    console.say(json.dumps(value, indent=2))
