"""The subcommands: each takes the parsed arguments and the console, and returns the status.

Each handler imports what only it needs, so that ``proxycert --version`` or ``decode 10`` do not
load the scanner or the tables of other tools' codes.
"""

from __future__ import annotations

import contextlib
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
    located,
    part_line,
    scan_row,
    summary_lines,
    unreadable,
)
from ._text import json_text, visible

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from .. import ErrorMessage
    from .._containers import Part
    from .._encodings import Decoding
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
        messages, failed = _first_messages(source, console, every=args.all, encoding=args.encoding)
        if failed:
            status = _exit.ERROR
        if not messages:
            if not failed:
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


def _first_messages(
    source: Input, console: Console, *, every: bool, encoding: str | None
) -> tuple[list[ErrorMessage], bool]:
    """The first message of *source*, or every one; and whether a part of it could not be read.

    What cannot be read is said on standard error; the messages found before it are kept.
    """
    from .. import ContainerError
    from ._inputs import InputError, Progress, messages

    progress = Progress(console, source.size, 1)
    found: list[ErrorMessage] = []
    failed = False
    try:
        with contextlib.closing(messages(source, console, progress, encoding=encoding)) as items:
            for item in items:
                if isinstance(item, ContainerError):
                    console.error(unreadable(item))
                    failed = True
                    continue
                found.append(item)
                if not every:
                    break
    except InputError as exc:
        console.error(str(exc))
        failed = True
    finally:
        progress.clear()
    return found, failed


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
    summary.errors.extend((failure.label, failure.reason) for failure in failures)
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
                        summary.errors.append((item.source, item.reason))
                        continue
                    summary.add(item)
                    found += 1
                    if args.summary:
                        continue
                    if args.json:
                        console.say(json.dumps(_message_dict(source.label, item)))
                    else:
                        where = located(source.label, item.source)
                        if where != heading:
                            console.say(file_heading(where, console.look))
                            heading = where
                        _say_all(console, scan_row(item, console.look))
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
    _write_summary(summary, console, alone=args.summary, as_json=args.json)
    if summary.errors:
        return _exit.ERROR
    return _exit.FOUND if summary.messages else _exit.NOT_FOUND


def _write_summary(summary: Summary, console: Console, *, alone: bool, as_json: bool) -> None:
    """The summary of ``scan``: alone on standard output, or after the rows on standard error."""
    if alone and as_json:
        _dump(console, summary.to_dict())
    elif alone:
        _say_all(console, summary_lines(summary))
    else:
        lines = summary_lines(summary)
        if not summary.messages:
            lines[0] = f"{PROG}: {lines[0]}"  # on standard error, a line like the errors
        for line in lines:
            console.note(line)


def flags_command(args: argparse.Namespace, console: Console) -> int:
    """``proxycert flags``: the reference table of the KB's flags."""
    from .. import CertProblem

    flags = [CertProblem(value) for value in sorted(map(int, CertProblem.__members__.values()))]
    if args.json:
        _dump(console, [flag_dict(flag) for flag in flags])
    else:
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

    from .. import CertificateLoadError
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
        # Only a paste read from standard input is bytes here: it is named, not quoted.
        if isinstance(exc, CertificateLoadError) and isinstance(exc.source, bytes):
            console.error(f"cannot load certificates from <stdin>: {exc.reason}")
        else:
            console.error(str(exc))
        if getattr(exc, "kind", None) == "needs-password":
            console.note("give it with --password-env VAR, --password-file PATH or --ask-password")
        return _exit.ERROR
    if args.json:
        console.say(json.dumps(json_object(check), indent=2))
    else:
        # Names come from the message, the certificate and the command line: none may act on
        # the terminal.
        # The file name is escaped before wrapping, which would make a new line a space.
        label = visible(args.files[0])
        lines = human_lines(check, label=label, width=console.look.width)
        _say_all(console, [visible(line) for line in lines])
    return exit_status(check)


def _certificate_source(args: argparse.Namespace, console: Console) -> bytes | Path:
    """The first FILE, or what standard input holds when it is ``-`` (a pasted PEM block)."""
    from pathlib import Path

    from ._inputs import InputError

    if args.files[0] != "-":
        return Path(args.files[0])
    if args.message_file == "-":
        raise InputError("<stdin>", "it cannot hold both the certificate and the message")
    try:
        return console.binary_stdin("the certificate (PEM)").read()
    except OSError as exc:
        raise InputError("<stdin>", exc.strerror or str(exc)) from None


def _cert_options(args: argparse.Namespace, console: Console) -> dict[str, Any]:
    """The message, time and password of ``cert``, read from where the options say."""
    options: dict[str, Any] = {"message": args.message}
    if args.message_file is not None:
        options["message"] = _first_message(args.message_file, console)
    if args.at is not None:
        options["at"] = args.at
    options["password"] = _password(args, console)
    return options


def _first_message(path: str, console: Console) -> ErrorMessage:
    """The first message in a file, as ``parse_file`` finds it."""
    from .. import ContainerError, MessageNotFoundError
    from ._inputs import Progress, messages, named_input

    source = named_input(path)
    unreadable: ContainerError | None = None
    progress = Progress(console, source.size, 1)
    try:
        with contextlib.closing(messages(source, console, progress)) as found:
            for item in found:
                if not isinstance(item, ContainerError):
                    return item
                unreadable = unreadable or item
    finally:
        progress.clear()  # before the check's own lines, or an error, take the terminal
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
        except OSError as exc:
            raise InputError(args.password_file, exc.strerror or str(exc)) from None
        except UnicodeError as exc:
            raise InputError(args.password_file, str(exc)) from None
        return text.splitlines()[0].encode("utf-8") if text else b""
    if args.ask_password:
        import getpass
        import warnings

        # Without a terminal, getpass reads standard input and says so on the stream itself;
        # its warning would add a source line, and its EOFError a traceback.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", getpass.GetPassWarning)
            try:
                password = getpass.getpass("password of the .pfx file: ", stream=console.stderr)
            except EOFError:
                raise InputError("the password", "standard input has ended") from None
        return password.encode("utf-8")
    return None


#: The handler of each subcommand, by the name the parser gives it.
COMMANDS: dict[str, Callable[[argparse.Namespace, Console], int]] = {
    "decode": decode_command,
    "parse": parse_command,
    "scan": scan_command,
    "flags": flags_command,
    "cert": cert_command,
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
