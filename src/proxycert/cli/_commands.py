"""The subcommands: each takes the parsed arguments and the console, and returns the status.

Each handler imports what only it needs, so that ``proxycert --version`` or ``decode 10`` do not
load the scanner or the tables of other tools' codes.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Callable

from . import _exit
from ._render import (
    BOLD,
    PROG,
    Summary,
    decoded_lines,
    explanation,
    flag_table,
    located,
    part_line,
    scan_row,
    summary_lines,
    unreadable,
)

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from .. import ErrorMessage
    from .._containers import Part
    from .._encodings import Decoding
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
    from .. import ContainerError
    from ._inputs import InputError, Progress, messages, named_input

    source = named_input(args.file)
    progress = Progress(console, source.size, 1)
    found = []
    failures = 0
    try:
        items = messages(source, console, progress, encoding=args.encoding)
        with contextlib.closing(items):
            for item in items:
                if isinstance(item, ContainerError):
                    console.error(unreadable(item))
                    failures += 1
                    continue
                found.append(item)
                if not args.all:
                    break
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
    if failures:
        return _exit.ERROR
    if not found:
        console.note(f"{PROG}: no proxy certificate error message found in {source.label}")
        return _exit.NOT_FOUND
    return _exit.FOUND


def scan_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert scan``: list every error message in files, directories or standard input."""
    import json

    from .. import ContainerError
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
            found, before, heading = 0, progress.done, None

            def told(part: Part, decoding: Decoding, label: str = source.label) -> None:
                progress.clear()
                console.note(part_line(label, part.source, part.containers, decoding.label))

            try:
                for item in messages(
                    source,
                    console,
                    progress,
                    encoding=args.encoding,
                    on_part=told if args.verbose else None,
                ):
                    if shared_terminal or isinstance(item, ContainerError):
                        progress.clear()
                    if isinstance(item, ContainerError):
                        console.error(unreadable(item))
                        failures += 1
                        continue
                    if args.json:
                        console.say(json.dumps({"file": source.label, **item.to_dict()}))
                    else:
                        where = located(source.label, item.source)
                        if where != heading:
                            console.say(console.look.style(where, BOLD))
                            heading = where
                        _say_all(console, scan_row(item, console.look))
                    found += 1
                    summary.add(item)
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


def cert_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert cert``: predict the flags a certificate gives, and compare the message's."""
    try:
        from ..cert import check_certificate
    except ImportError as exc:
        console.error(str(exc))
        return _exit.NO_EXTRA
    import json
    from pathlib import Path

    from .._cert_render import exit_status, human_lines, json_object
    from ._inputs import InputError

    try:
        source = _certificate_source(args, console)
        options = _cert_options(args, console)
        check = check_certificate(
            source,
            args.proxy,
            intermediates=[Path(file) for file in args.files[1:]],
            principal=args.principal,
            trust=args.trust if args.trust in ("system", "none") else Path(args.trust),
            **options,
        )
    except (ValueError, InputError) as exc:  # ProxyCertError is a ValueError
        console.error(str(exc))
        if getattr(exc, "kind", None) == "needs-password":
            console.note("give it with --password-env VAR, --password-file PATH or --ask-password")
        return _exit.ERROR
    if args.json:
        console.say(json.dumps(json_object(check), indent=2))
    else:
        _say_all(console, human_lines(check, label=args.files[0], width=console.look.width))
    return exit_status(check)


def _certificate_source(args: argparse.Namespace, console: Console) -> bytes | Path:
    """The first FILE, or what standard input holds when it is ``-`` (a pasted PEM block)."""
    from pathlib import Path

    from ._inputs import InputError

    if args.files[0] != "-":
        return Path(args.files[0])
    if args.message_file == "-":
        raise InputError("<stdin>", "it cannot hold both the certificate and the message")
    return console.binary_stdin().read()


def _cert_options(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    """The message, time and password of ``cert``, read from where the options say."""
    from datetime import datetime, timezone

    options: dict[str, Any] = {"message": args.message}
    if args.message_file is not None:
        options["message"] = _first_message(args.message_file, console)
    if args.at is not None:
        # Python 3.9 and 3.10 read no "Z"; a time without offset is taken as UTC.
        at = datetime.fromisoformat(args.at.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        options["at"] = at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
    options["password"] = _password(args, console)
    return options


def _first_message(path: str, console: Console) -> ErrorMessage:
    """The first message in a file, as ``parse_file`` finds it."""
    from .. import ContainerError, MessageNotFoundError
    from ._inputs import Progress, messages, named_input

    source = named_input(path)
    unreadable: ContainerError | None = None
    with contextlib.closing(messages(source, console, Progress(console, None, 1))) as found:
        for item in found:
            if not isinstance(item, ContainerError):
                return item
            unreadable = unreadable or item
    raise unreadable or MessageNotFoundError(source.label)


def _password(args: argparse.Namespace, console: Console) -> bytes | None:
    import os

    from ._inputs import InputError

    if args.password_env is not None:
        if args.password_env not in os.environ:
            raise InputError(f"${args.password_env}", "the variable is not set")
        return os.environ[args.password_env].encode("utf-8")
    if args.password_file is not None:
        from pathlib import Path

        try:
            text = Path(args.password_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeError) as exc:
            raise InputError(args.password_file, str(exc)) from None
        return text.splitlines()[0].encode("utf-8") if text else b""
    if args.ask_password:
        import getpass

        return getpass.getpass("password of the .pfx file: ", stream=console.stderr).encode("utf-8")
    return None


#: The handler of each subcommand, by the name the parser gives it.
COMMANDS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "decode": decode_command,
    "parse": parse_command,
    "scan": scan_command,
    "flags": flags_command,
    "cert": cert_command,
}


def _say_all(console: Console, lines: list[str]) -> None:
    for line in lines:
        console.say(line)


def _dump(console: Console, value: object) -> None:
    import json

    console.say(json.dumps(value, indent=2))
