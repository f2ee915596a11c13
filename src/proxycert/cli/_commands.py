"""The subcommands: each takes the parsed arguments and the console, and returns the status.

Each handler imports what only it needs, so that ``proxycert --version`` or ``decode 10`` do not
load the scanner or the tables of other tools' codes.
"""

from __future__ import annotations

import contextlib
import itertools
from typing import TYPE_CHECKING, Any, Callable

from . import _exit
from ._render import (
    PROG,
    Summary,
    decoded_lines,
    explanation,
    file_heading,
    flag_dict,
    flag_table,
    scan_row,
    summary_lines,
)
from ._text import json_text

if TYPE_CHECKING:
    import argparse

    from .. import ErrorMessage
    from ._console import Console
    from ._inputs import Input


def decode_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert decode``: explain certificate problem codes, each on its own."""
    from .. import ProxyCertError
    from ._codes import SYSTEMS, Decoded, read_code

    decoded: list[Decoded] = []
    failed = False
    for text in args.codes:
        try:
            decoded.append(read_code(text, SYSTEMS[args.system], args.base))
        except ProxyCertError as exc:  # noqa: PERF203 - one error line per bad code, then on
            console.error(str(exc))
            failed = True
    if args.json:
        _dump(console, [item.to_dict() for item in decoded])
    else:
        _say_all(console, decoded_lines(decoded, console.look))
    return _exit.ERROR if failed else _exit.FOUND


def parse_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert parse``: explain the first (or every) error message of each text."""
    from ._inputs import named_input

    status = _exit.FOUND
    found: list[dict[str, Any]] = []
    explained = 0
    for path in args.files:
        source = named_input(path)
        messages = _first_messages(source, console, every=args.all)
        if messages is None:
            status = _exit.ERROR
            continue
        if not messages:
            console.note(f"{PROG}: no proxy certificate error message found in {source.label}")
            status = max(status, _exit.NOT_FOUND)
            continue
        if args.json:
            found.extend(_message_dict(source.label, message) for message in messages)
            continue
        if len(args.files) > 1:
            if explained:
                console.say("")
            console.say(file_heading(source.label, console.look))
        _say_all(console, explanation(messages, console.look))
        explained += 1
    if args.json:
        _dump(console, found)
    return status


def _first_messages(source: Input, console: Console, *, every: bool) -> list[ErrorMessage] | None:
    """The first message of *source*, or every one; None if it cannot be read (said so)."""
    from ._inputs import InputError, Progress, messages

    progress = Progress(console, source.size, 1)
    try:
        with contextlib.closing(messages(source, console, progress)) as found:
            return list(found if every else itertools.islice(found, 1))
    except InputError as exc:
        console.error(str(exc))
        return None
    finally:
        progress.clear()


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
    summary.errors.extend((failure.label, failure.reason) for failure in failures)
    try:
        for number, source in enumerate(inputs, 1):
            progress.file = number
            found, before = 0, progress.done
            try:
                for message in messages(source, console, progress):
                    if shared_terminal:
                        progress.clear()
                    summary.add(message)
                    found += 1
                    if args.summary:
                        continue
                    if args.json:
                        console.say(json.dumps(_message_dict(source.label, message)))
                    else:
                        if found == 1:
                            console.say(file_heading(source.label, console.look))
                        _say_all(console, scan_row(message, console.look))
            except InputError as exc:
                progress.clear()
                console.error(str(exc))
                summary.errors.append((exc.label, exc.reason))
                if progress.done == before:
                    continue  # not read at all: not one of the files scanned
            summary.files += 1
            summary.files_with_messages += bool(found)
    finally:
        progress.clear()
    summary.bytes = progress.done
    if args.summary and args.json:
        _dump(console, summary.to_dict())
    elif args.summary:
        _say_all(console, summary_lines(summary))
    else:
        lines = summary_lines(summary)
        if not summary.messages:
            lines[0] = f"{PROG}: {lines[0]}"  # on standard error, a line like the errors
        for line in lines:
            console.note(line)
    if summary.errors:
        return _exit.ERROR
    return _exit.FOUND if summary.messages else _exit.NOT_FOUND


def flags_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert flags``: the reference table of the KB's flags."""
    from .. import CertProblem

    flags = [CertProblem(value) for value in sorted(map(int, CertProblem.__members__.values()))]
    if args.json:
        _dump(console, [flag_dict(flag) for flag in flags])
    else:
        _say_all(console, flag_table(flags, console.look))
    return _exit.FOUND


#: The handler of each subcommand, by the name the parser gives it.
COMMANDS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "decode": decode_command,
    "parse": parse_command,
    "scan": scan_command,
    "flags": flags_command,
}


def _message_dict(label: str, message: ErrorMessage) -> dict[str, Any]:
    """A message as ``parse --json`` and ``scan --json`` write it: its input, then its fields."""
    return {"file": json_text(label), **message.to_dict()}


def _say_all(console: Console, lines: list[str]) -> None:
    for line in lines:
        console.say(line)


def _dump(console: Console, value: object) -> None:
    import json

    console.say(json.dumps(value, indent=2))
