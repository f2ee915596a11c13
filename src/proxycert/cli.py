"""proxycert's command line: ``proxycert decode``, ``parse``, ``scan`` and ``flags``.

The console script ``proxycert`` and ``python -m proxycert`` both call :func:`main`.  Human
output goes to standard output, fits an 80-column terminal and is coloured only on a terminal
without ``NO_COLOR``; ``--json`` writes JSON, and nothing else, to standard output.  Summaries,
progress and errors go to standard error.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import fnmatch
import io
import itertools
import json
import os
import shutil
import stat
import sys
import textwrap
import time
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Callable, NoReturn, TextIO, cast

import attrs

from . import (
    CertProblem,
    ErrorMessage,
    InvalidCodeError,
    ProxyCertError,
    UnknownCodeError,
    __version__,
    decode,
    from_cert_trust_status,
    from_hresult,
    from_openssl_verify_code,
    from_winhttp_error,
    scan_file,
    unmapped_cert_trust_bits,
)
from ._errors import short_repr

__all__ = ["main"]

_PROG = "proxycert"

# Exit statuses, as the --help epilog and README document them.
_FOUND = 0
_NOT_FOUND = 1
_ERROR = 2
# 128 + the signal number, as a shell reports a program that SIGINT or SIGPIPE ended.
_INTERRUPTED = 130
_BROKEN_PIPE = 141

# Human output is wrapped to the terminal, but never wider than 80 columns nor narrower than 40.
_MAX_COLUMNS = 80
_MIN_COLUMNS = 40
# The progress line appears once an input has been read for this many seconds, and is redrawn
# at most this often.
_PROGRESS_DELAY = 1.0
_PROGRESS_INTERVAL = 0.1

_STDIN_LABEL = "<stdin>"
_PASTE_HINT = "paste the error, then Ctrl-D (Ctrl-Z Enter on Windows)"

# SGR codes; reset is appended after each styled piece.
_BOLD = "1"
_YELLOW = "33"

_DESCRIPTION = """\
Explain Outlook's "There is a problem with the proxy server's security
certificate" errors (Microsoft KB 923575): what the code means, what to do."""

_EXIT_STATUS_HELP = """\
exit status:
  0    a message was found, or every code was decoded
  1    no message was found
  2    usage error, invalid or unknown code, or a file that cannot be read
  130  interrupted (Ctrl-C)
  141  standard output was closed early (proxycert scan ... | head)"""

_EPILOG = f"""\
examples:
  proxycert decode 10                      what Outlook's error code 10 means
  proxycert decode --from winhttp 12038    the same problem, as a WinHTTP error
  proxycert parse ticket.txt               explain the error pasted in a ticket
  proxycert parse                          paste the error, then Ctrl-D
  proxycert scan -r --glob "*.log" logs    every message in a folder of logs
  proxycert scan app.log --json            one JSON object per message
  proxycert flags                          the reference table of flags

{_EXIT_STATUS_HELP}"""

_DECODE_EPILOG = f"""\
how a CODE is read:
  A 0x prefix always means hexadecimal, and a leading sign always means decimal
  (a signed 32-bit value: -2147012858 is 0x80072F06).  Otherwise --base decides;
  its default depends on --from:
    outlook  16  the bitmask in Outlook's message: "10" is 0x10
    winhttp  10  a WinHTTP or WinINet error, such as 12038
    hresult  16  an HRESULT, such as 80072F06 or 800B010F
    openssl  10  an OpenSSL verify code (Python's verify_code), such as 62
    trust    16  a CERT_TRUST_STATUS.dwErrorStatus, such as 20

examples:
  proxycert decode 10 0x80000018
  proxycert decode --base 10 16
  proxycert decode --from hresult 0x800B010F
  proxycert decode --from openssl 62 --json

{_EXIT_STATUS_HELP}"""

_PARSE_EPILOG = f"""\
examples:
  proxycert parse ticket.txt
  proxycert parse --all thread.eml
  proxycert parse --json ticket.txt

Files in UTF-8, UTF-16 (as Notepad saves them) and Windows-1252 are read alike.

{_EXIT_STATUS_HELP}"""

_FLAGS_EPILOG = f"""\
For each flag: its value, its name in KB 923575, the WinHTTP constant of the
same value, Microsoft's one-line meaning, and the KB resolution it points to
(proxycert's inference: the KB ties resolutions to messages, not to flags).

{_EXIT_STATUS_HELP}"""

_SCAN_EPILOG = f"""\
A directory is scanned for the files in it whose names match --glob (all files
by default), and with --recursive for those in its subdirectories too.  Files
named on the command line are always scanned.  Standard error gets a summary:
messages per kind, per proxy server and per flag.

examples:
  proxycert scan outlook.log
  proxycert scan -r --glob "*.log" --glob "*.txt" C:\\Logs
  proxycert scan -r logs --json > messages.jsonl

{_EXIT_STATUS_HELP}"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``proxycert`` command line and return its exit status.

    :param argv: the arguments, without the program name; ``sys.argv[1:]`` by default.
    :returns: ``0`` when a message was found or every code was decoded, ``1`` when no message
        was found, ``2`` on a usage error, an invalid or unknown code or a file that cannot be
        read, ``130`` on Ctrl-C and ``141`` when standard output was closed early.

    >>> main(["decode", "--json", "10"])
    {
      "input": "10",
      "from": "outlook",
      "base": 16,
      "code": 16,
      "code_hex": "0x00000010",
      "flags": [
        "FLAG_CERT_CN_INVALID"
      ],
      "unknown_bits": 0,
      "resolutions": [
        1
      ],
      "notes": []
    }
    0
    """
    try:
        try:
            args = _parser().parse_args(argv)
        except _ParserExit as exit_:
            return exit_.status
        command: Callable[[argparse.Namespace, _Output], int] = args.command
        status = command(args, _Output.for_stdout())
        # A closed pipe shows at the latest here, where it can be handled, rather than in the
        # interpreter's final flush, which would print a traceback.
        _flush_stdout()
    except KeyboardInterrupt:
        return _INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()
        return _BROKEN_PIPE
    return status


# --- arguments ---------------------------------------------------------------------------------


class _ParserExit(Exception):  # noqa: N818 - not an error: --help and --version end this way too
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An argument parser that returns to :func:`main` instead of calling ``sys.exit``."""

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise _ParserExit(status)


def _parser() -> _Parser:
    parser = _Parser(
        prog=_PROG,
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(name: str, summary: str, epilog: str | None = None) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )

    decode_ = command("decode", "explain certificate problem codes", _DECODE_EPILOG)
    decode_.add_argument("codes", nargs="+", metavar="CODE", help="a code, as written")
    decode_.add_argument(
        "--from",
        dest="system",
        choices=list(_SYSTEMS),
        default="outlook",
        help="the system the codes come from (default: outlook, the code in Outlook's message)",
    )
    decode_.add_argument(
        "--base",
        type=int,
        choices=(16, 10),
        help="read codes without 0x prefix or sign in this base (default: see below)",
    )
    _add_json(decode_, "one object, or a list for several codes")
    decode_.set_defaults(command=_decode)

    parse = command("parse", "explain the first error message in a pasted text", _PARSE_EPILOG)
    parse.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="the text: a file, or - for standard input (the default)",
    )
    parse.add_argument("--all", action="store_true", help="every message, not only the first")
    _add_json(parse, "one object, or a list with --all")
    parse.set_defaults(command=_parse)

    scan = command("scan", "list every error message in log files", _SCAN_EPILOG)
    scan.add_argument(
        "paths",
        nargs="*",
        default=["-"],
        metavar="PATH",
        help="a file, a directory, or - for standard input (the default)",
    )
    scan.add_argument(
        "-r", "--recursive", action="store_true", help="scan subdirectories of directories too"
    )
    scan.add_argument(
        "--glob",
        dest="globs",
        action="append",
        metavar="PATTERN",
        help='in directories, scan only files whose names match PATTERN, such as "*.log"'
        " (repeat it for several patterns; default: all files)",
    )
    _add_json(scan, "JSON Lines: one object per message")
    scan.set_defaults(command=_scan)

    flags = command("flags", "show the reference table of the KB's flags", _FLAGS_EPILOG)
    flags.set_defaults(command=_flags)
    return parser


def _add_json(parser: argparse.ArgumentParser, shape: str) -> None:
    parser.add_argument(
        "--json", action="store_true", help=f"write JSON to standard output ({shape})"
    )


# --- output ------------------------------------------------------------------------------------


@attrs.frozen
class _Output:
    """How human output looks: in colour or not, and how wide."""

    colour: bool
    width: int

    @classmethod
    def for_stdout(cls) -> _Output:
        columns = shutil.get_terminal_size((_MAX_COLUMNS, 24)).columns
        width = max(_MIN_COLUMNS, min(_MAX_COLUMNS, columns)) - 1
        return cls(colour=_wants_colour(sys.stdout), width=width)

    def style(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def wrap(
        self, text: str, indent: int, *, first: str = "", code: str | None = None
    ) -> list[str]:
        """*text* wrapped to the width at *indent*, each line styled with *code*.

        :param first: a label that takes the place of the first line's indent, such as a field
            name or a step number; it is padded to *indent*, and followed by at least one space.
        """
        # Names, URLs and hyphenated words stay whole, even if a line gets too long.
        lines = textwrap.wrap(
            text, self.width - indent, break_long_words=False, break_on_hyphens=False
        ) or [""]
        if code is not None:
            lines = [self.style(line, code) for line in lines]
        pad = " " * indent
        head = f"{first} ".ljust(indent) if first else pad
        return [head + lines[0], *(pad + line for line in lines[1:])]


def _wants_colour(stream: TextIO | None) -> bool:
    # https://no-color.org: NO_COLOR set to anything but the empty string turns colour off.
    if os.environ.get("NO_COLOR") or stream is None or not stream.isatty():
        return False
    return _enable_ansi(stream)


def _is_tty(stream: TextIO | None) -> bool:
    return stream is not None and stream.isatty()


def _enable_ansi(stream: TextIO) -> bool:
    """Whether the terminal shows ANSI colours, after asking a Windows console to."""
    if sys.platform == "win32":  # pragma: no cover - Windows only; the tests run on Linux
        # A Windows 10+ console understands ANSI sequences once asked to, as Windows
        # Terminal always does; older consoles refuse, and get no colour.
        import ctypes
        import msvcrt

        enable_virtual_terminal_processing = 0x0004
        try:
            handle = msvcrt.get_osfhandle(stream.fileno())
        except (OSError, ValueError):  # no file descriptor: not the console
            return False
        kernel32 = ctypes.windll.kernel32
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(
            kernel32.SetConsoleMode(handle, mode.value | enable_virtual_terminal_processing)
        )
    return True


def _say(text: str, stream: TextIO | None = None) -> None:
    """Print a line (to standard output by default), escaping what its encoding cannot show."""
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        # A Windows console redirected to a file writes in the ANSI code page, which lacks most
        # of the characters a proxy name or a note may hold.
        target = sys.stdout if stream is None else stream
        encoding = target.encoding or "ascii"
        print(text.encode(encoding, "backslashreplace").decode(encoding), file=target)


def _note(text: str) -> None:
    """Print a line to standard error, after what standard output holds so far.

    Standard output to a pipe or file is buffered and standard error is not: without the flush,
    ``proxycert scan logs > all.txt 2>&1`` would put the summary above the rows.
    """
    _flush_stdout()
    _say(text, sys.stderr)


def _error(message: str) -> None:
    _note(f"{_PROG}: error: {message}")


def _flush_stdout() -> None:
    if sys.stdout is not None:  # None without a standard output (pythonw, or a shell's >&-)
        sys.stdout.flush()


def _discard_stdout() -> None:
    # Python's documented way out of a closed pipe: point standard output at the null device,
    # so that the interpreter's final flush of what is still buffered cannot fail again.
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # no file descriptor (None, or an in-memory stream): nothing will be flushed to it
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _dump(value: object) -> None:
    _say(json.dumps(value, indent=2))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _size(count: int) -> str:
    size = float(count)
    for unit in ("bytes", "KB", "MB"):
        if size < 1024:
            return f"{count} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _flag_lines(problems: CertProblem, out: _Output, indent: int) -> list[str]:
    """Each flag's KB name and meaning, then any unknown bits, for a human reader."""
    if not problems:
        return out.wrap(problems.description, indent)
    lines: list[str] = []
    for name, flag in zip(problems.names, problems.flags):
        lines.extend(out.wrap(name, indent, code=_YELLOW))
        lines.extend(out.wrap(flag.description, indent + 2))
    if problems.unknown_bits:
        bits = f"0x{problems.unknown_bits:08X}"
        lines.extend(out.wrap(bits, indent, code=_YELLOW))
        lines.extend(out.wrap("Bits that KB 923575 does not name.", indent + 2))
    return lines


# --- decode ------------------------------------------------------------------------------------


@attrs.frozen
class _System:
    """A system whose codes ``decode --from`` reads."""

    #: What its codes are called, in output and errors.
    label: str
    #: The base of a code written without 0x prefix or sign.
    base: int
    #: The code (an unsigned 32-bit int) to the KB's flags.
    convert: Callable[[int], CertProblem]


_SYSTEMS = {
    "outlook": _System("Outlook code", 16, CertProblem),
    "winhttp": _System("WinHTTP error", 10, from_winhttp_error),
    "hresult": _System("HRESULT", 16, from_hresult),
    "openssl": _System("OpenSSL verify code", 10, from_openssl_verify_code),
    "trust": _System("CERT_TRUST error status", 16, from_cert_trust_status),
}
_BASE_NAMES = {10: "decimal", 16: "hexadecimal"}


@attrs.frozen
class _Decoded:
    text: str
    system: str
    base: int
    problems: CertProblem
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.text,
            "from": self.system,
            "base": self.base,
            "code": int(self.problems),
            "code_hex": f"0x{int(self.problems):08X}",
            "flags": list(self.problems.names),
            "unknown_bits": self.problems.unknown_bits,
            "resolutions": [int(r) for r in self.problems.resolutions],
            "notes": list(self.notes),
        }


def _decode_one(text: str, system_name: str, base: int | None) -> _Decoded:
    """One code, read as ``decode --help`` says.

    :raises ProxyCertError: the code is malformed or unknown; the message names the input as
        the user wrote it.
    """
    system = _SYSTEMS[system_name]
    written = text.strip()
    if written.startswith(("0x", "0X", "0\N{MULTIPLICATION SIGN}")):
        base = 16
    elif written.startswith(("-", "+")):
        base = 10
    elif base is None:
        base = system.base
    try:
        # decode() reads any 32-bit number as people write it; the system then says what the
        # number means.
        value = int(decode(text, base=base))
        problems = system.convert(value)
    except InvalidCodeError as exc:
        raise ProxyCertError(
            f"invalid {system.label} {short_repr(written)}: {exc.reason}"
        ) from None
    except UnknownCodeError as exc:
        raise ProxyCertError(
            f"unknown {exc.system} {short_repr(written)}: {exc.expected}"
        ) from None
    notes = []
    # from_cert_trust_status() keeps quiet about the bits it ties to no flag; they are news.
    unmapped = unmapped_cert_trust_bits(value) if system_name == "trust" else 0
    if unmapped:
        notes.append(f"CERT_TRUST bits 0x{unmapped:08X} are tied to no flag")
    return _Decoded(written, system_name, base, problems, tuple(notes))


def _decode(args: argparse.Namespace, out: _Output) -> int:
    decoded: list[_Decoded] = []
    failed = False
    for text in args.codes:
        try:
            decoded.append(_decode_one(text, args.system, args.base))
        except ProxyCertError as exc:  # noqa: PERF203 - one error line per bad code, then stop
            _error(str(exc))
            failed = True
    if failed:
        return _ERROR
    if args.json:
        dicts = [item.to_dict() for item in decoded]
        _dump(dicts[0] if len(dicts) == 1 else dicts)
        return _FOUND
    for number, item in enumerate(decoded):
        if number:
            _say("")
        label = _SYSTEMS[item.system].label
        base = _BASE_NAMES[item.base]
        header = f"{label} {item.text}, read as {base}: flags 0x{int(item.problems):08X}"
        lines = out.wrap(header, 0, code=_BOLD)
        lines.extend(_flag_lines(item.problems, out, 2))
        for note in item.notes:
            lines.extend(out.wrap(f"Note: {note}.", 2))
        for resolution in item.problems.resolutions:
            lines.extend(out.wrap(f"Points to resolution {int(resolution)}: {resolution.title}", 2))
        for line in lines:
            _say(line)
    return _FOUND


# --- reading inputs ----------------------------------------------------------------------------


@attrs.frozen
class _Input:
    """A file or standard input to read, as the user will see it named."""

    label: str
    #: None for standard input.
    path: str | None
    #: The size in bytes, when known before reading.
    size: int | None


class _InputError(Exception):
    """An input could not be read; raised from reading, never from writing the output."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"cannot read {label}: {reason}")


class _Progress:
    """Bytes read so far, on a line of standard error that is redrawn in place."""

    def __init__(self, total: int | None, files: int, *, enabled: bool) -> None:
        self.total = total
        self.files = files
        self.file = 1
        self.done = 0
        self._enabled = enabled
        # The clock starts at the first read, so that waiting for a paste does not count.
        self._started: float | None = None
        self._drawn = -_PROGRESS_INTERVAL
        self._shown = ""  # the line on screen

    def advance(self, count: int) -> None:
        self.done += count
        if not self._enabled:
            return
        now = time.monotonic()
        if self._started is None:
            self._started = now
        if now - self._started < _PROGRESS_DELAY or now - self._drawn < _PROGRESS_INTERVAL:
            return
        text = f"{_PROG}: {_size(self.done)}"
        if self.total is not None:
            percent = min(100, self.done * 100 // max(self.total, 1))
            text += f" of {_size(self.total)} ({percent}%)"
        if self.files > 1:
            text += f", file {self.file} of {self.files}"
        if text != self._shown:
            sys.stderr.write("\r" + text.ljust(len(self._shown)))
            sys.stderr.flush()
            self._drawn, self._shown = now, text

    def clear(self) -> None:
        if self._shown:
            sys.stderr.write("\r" + " " * len(self._shown) + "\r")
            sys.stderr.flush()
            self._shown = ""


class _CountingReader:
    """A binary file's ``read``, telling the progress line how much was read."""

    def __init__(self, raw: BinaryIO, progress: _Progress) -> None:
        self._raw = raw
        self._progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._progress.advance(len(data))
        return data


def _stdin() -> BinaryIO:
    stdin = sys.stdin
    if stdin is None:
        raise OSError("standard input is closed")
    if stdin.isatty():
        _note(f"{_PROG}: {_PASTE_HINT}")
    buffer: BinaryIO | None = getattr(stdin, "buffer", None)
    if buffer is None:
        # A text-only replacement of sys.stdin (an IDE's, say): its text is already decoded.
        return io.BytesIO(stdin.read().encode("utf-8"))
    return buffer


def _messages(source: _Input, progress: _Progress) -> Generator[ErrorMessage, None, None]:
    """scan_file of one input; errors while reading it become _InputError.

    The caller writes the rows, outside this ``try``: a closed standard output, which is an
    OSError too, is never taken for an unreadable input.
    """
    try:
        if source.path is None:
            yield from scan_file(cast("BinaryIO", _CountingReader(_stdin(), progress)))
        else:
            with Path(source.path).open("rb") as handle:
                # scan_file takes any object with a binary read(); the cast says so to mypy.
                yield from scan_file(cast("BinaryIO", _CountingReader(handle, progress)))
    except OSError as exc:
        raise _InputError(source.label, _reason(exc)) from None


def _input(path: str) -> _Input:
    """A path named on the command line, or ``-``; opening it will say if it cannot be read."""
    if path == "-":
        return _Input(_STDIN_LABEL, None, None)
    try:
        info = Path(path).stat()
    except OSError:
        return _Input(path, path, None)
    return _Input(path, path, info.st_size if stat.S_ISREG(info.st_mode) else None)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _inputs(
    paths: Iterable[str], *, recursive: bool, globs: Sequence[str]
) -> tuple[list[_Input], int]:
    """The inputs to scan, in order, and how many directory entries could not be read.

    Those are reported as they are met; they make the exit status 2, as unreadable files do.
    """
    found: list[_Input] = []
    failures = 0

    def failed(exc: OSError) -> None:
        nonlocal failures
        failures += 1
        _error(f"cannot read {exc.filename}: {_reason(exc)}")

    for path in paths:
        if path == "-" or not Path(path).is_dir():
            found.append(_input(path))
            continue
        for directory, subdirectories, names in os.walk(path, onerror=failed):
            if recursive:
                subdirectories.sort()
            else:
                subdirectories.clear()
            for name in sorted(names):
                if not any(fnmatch.fnmatch(name, glob) for glob in globs):
                    continue
                file = str(Path(directory, name))
                try:
                    info = Path(file).stat()
                except OSError as exc:  # a broken symbolic link, or a file removed meanwhile
                    failed(exc)
                    continue
                # Only regular files: a named pipe or a device met on the way could block or
                # never end.  Files named on the command line are read whatever they are.
                if stat.S_ISREG(info.st_mode):
                    found.append(_Input(file, file, info.st_size))
    return found, failures


# --- parse -------------------------------------------------------------------------------------


def _parse(args: argparse.Namespace, out: _Output) -> int:
    source = _input(args.file)
    progress = _Progress(source.size, 1, enabled=_is_tty(sys.stderr))
    try:
        with contextlib.closing(_messages(source, progress)) as messages:
            found = list(messages if args.all else itertools.islice(messages, 1))
    except _InputError as exc:
        _error(str(exc))
        return _ERROR
    finally:
        progress.clear()
    if args.json:
        dicts = [message.to_dict() for message in found]
        if args.all:
            _dump(dicts)
        elif dicts:
            _dump(dicts[0])
    else:
        for number, message in enumerate(found):
            if number:
                _say("")
            for line in _explain(message, out):
                _say(line)
    if not found:
        _note(f"{_PROG}: no proxy certificate error message found in {source.label}")
        return _NOT_FOUND
    return _FOUND


_FIELD = 16  # the column where the values of parse's fields start
# Under a resolution that the flags point to, as CertProblem.resolutions infers them.
_INFERRED = "The code's flags point to this one too (proxycert's inference, not the KB's)."


def _explain(message: ErrorMessage, out: _Output) -> list[str]:
    """A message's fields, decoded code, notes and resolutions, for a human reader."""
    title = (
        f"Message {int(message.kind)} of KB 923575: {message.kind.name}"
        f" (line {message.line}, column {message.column})"
    )
    lines = out.wrap(title, 0, code=_BOLD)

    def field(name: str, value: str) -> None:
        lines.extend(out.wrap(value, _FIELD, first=f"  {name}"))

    field("Proxy server", message.proxy_server or "(not named)")
    if message.target_site is not None:
        field("Target site", message.target_site)
    field("Error code", _code_text(message))
    if message.problems is not None:
        lines.extend(_flag_lines(message.problems, out, _FIELD))
    for note in message.notes:
        field("Note", note[0].upper() + note[1:] + ".")
    for resolution in message.resolutions:
        lines.append("")
        heading = f"Resolution {int(resolution)}: {resolution.title}"
        lines.extend(out.wrap(heading, 0, code=_BOLD))
        if resolution is not message.resolution:
            lines.extend(out.wrap(_INFERRED, 2))
        for step_number, step in enumerate(resolution.steps, 1):
            lines.extend(out.wrap(step, 5, first=f"  {step_number}."))
    return lines


def _code_text(message: ErrorMessage) -> str:
    if message.code is None:
        return "(none)" if message.code_text is None else f"{message.code_text} (not decoded)"
    code_hex = f"0x{message.code:08X}"
    if message.code_text is None or message.code_text.lower() == code_hex.lower():
        return code_hex
    return f"{message.code_text} = {code_hex}"


# --- scan --------------------------------------------------------------------------------------


@attrs.define
class _Summary:
    """What a helpdesk lead wants from a fleet's logs: counts per kind, proxy and flag."""

    messages: int = 0
    files: int = 0
    files_with_messages: int = 0
    kinds: collections.Counter[str] = attrs.field(factory=collections.Counter)
    proxies: collections.Counter[str] = attrs.field(factory=collections.Counter)
    flags: collections.Counter[str] = attrs.field(factory=collections.Counter)

    def add(self, message: ErrorMessage) -> None:
        self.messages += 1
        self.kinds[f"{message.kind.name} (message {int(message.kind)})"] += 1
        self.proxies[message.proxy_server or "(not named)"] += 1
        problems = message.problems
        if problems is not None:
            self.flags.update(problems.names)
            if problems.unknown_bits:
                self.flags["bits not named by KB 923575"] += 1

    def lines(self, read: int) -> list[str]:
        files = f"{_plural(self.files, 'file')} ({_size(read)} read)"
        if not self.messages:
            return [f"{_PROG}: no proxy certificate error message found in {files}"]
        lines = [f"{_plural(self.messages, 'message')} in {self.files_with_messages} of {files}"]
        for title, counter in (
            ("messages per kind", self.kinds),
            ("messages per proxy server", self.proxies),
            ("messages per flag", self.flags),
        ):
            if counter:
                lines.append(f"  {title}")
                ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
                lines.extend(f"  {count:>7}  {name}" for name, count in ranked)
        return lines


def _scan(args: argparse.Namespace, out: _Output) -> int:
    inputs, failures = _inputs(args.paths, recursive=args.recursive, globs=args.globs or ["*"])
    sizes = [source.size for source in inputs if source.size is not None]
    total = sum(sizes) if len(sizes) == len(inputs) else None
    progress = _Progress(total, len(inputs), enabled=_is_tty(sys.stderr))
    # Rows written to the terminal that shows the progress line need that line out of the way.
    shared_terminal = _is_tty(sys.stdout)
    summary = _Summary()
    try:
        for number, source in enumerate(inputs, 1):
            progress.file = number
            found, before = 0, progress.done
            try:
                for message in _messages(source, progress):
                    if shared_terminal:
                        progress.clear()
                    if args.json:
                        _say(json.dumps({"file": source.label, **message.to_dict()}))
                    else:
                        if not found:
                            _say(out.style(source.label, _BOLD))
                        for line in _row(message, out):
                            _say(line)
                    found += 1
                    summary.add(message)
            except _InputError as exc:
                progress.clear()
                _error(str(exc))
                failures += 1
                if progress.done == before:
                    continue  # not read at all: not one of the files scanned
            summary.files += 1
            summary.files_with_messages += bool(found)
    finally:
        progress.clear()
    for line in summary.lines(progress.done):
        _note(line)
    if failures:
        return _ERROR
    return _FOUND if summary.messages else _NOT_FOUND


# The columns of a scan row: line:column, kind, code, then the names.
_ROW = "  {where:<10} {kind:<20}  {code:<10}  {names}"
_ROW_FLAGS = 13  # the column of the flags line, under the kind


def _row(message: ErrorMessage, out: _Output) -> list[str]:
    names = [] if message.proxy_server is None else [message.proxy_server]
    if message.target_site is not None:
        names.append(f"target {message.target_site}")
    code = "-" if message.code is None else f"0x{message.code:08X}"
    row = _ROW.format(
        where=f"{message.line}:{message.column}",
        kind=message.kind.name,
        code=code,
        names=", ".join(names) or "-",
    )
    lines = [row]
    problems = message.problems
    if problems:
        parts = [*problems.names]
        if problems.unknown_bits:
            parts.append(f"0x{problems.unknown_bits:08X}")
        lines.extend(out.wrap(" | ".join(parts), _ROW_FLAGS, code=_YELLOW))
    return lines


# --- flags -------------------------------------------------------------------------------------


def _flags(args: argparse.Namespace, out: _Output) -> int:
    indent = 12
    for number, flag in enumerate(CertProblem(value) for value in _FLAG_VALUES):
        if number:
            _say("")
        _say(f"0x{int(flag):08X}  " + out.style(flag.names[0], _BOLD))
        lines = out.wrap(flag.winhttp_name, indent)
        lines.extend(out.wrap(flag.description, indent))
        for resolution in flag.resolutions:
            text = f"Points to resolution {int(resolution)}: {resolution.title}"
            lines.extend(out.wrap(text, indent))
        for line in lines:
            _say(line)
    return _FOUND


_FLAG_VALUES = sorted(int(flag) for flag in CertProblem.__members__.values())
