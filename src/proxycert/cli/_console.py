"""The one object through which the command line meets its terminal.

Handlers never touch ``sys.stdin``, ``sys.stdout`` or ``sys.stderr``: they get a
:class:`Console`, which holds the three streams and what was decided about them (colour,
width, the clock of the progress line).  :meth:`Console.from_sys` builds the real one; tests
build theirs over in-memory streams.  (httpie's ``Environment``
is the model.)
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Mapping
from typing import BinaryIO, Callable, TextIO

from ._render import PROG, Look
from ._text import visible

# Human output is wrapped to the terminal, but never wider than 80 columns nor narrower than 40.
_MAX_COLUMNS = 80
_MIN_COLUMNS = 40
_PASTE_HINT = "paste {what}, then Ctrl-D (Ctrl-Z Enter on Windows)"


class OutputError(Exception):
    """Standard output could not be written: a full disk, a device that refuses, ...

    A closed pipe is not one: its reader went away, and ``BrokenPipeError`` ends the program
    quietly instead.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Console:
    """Standard input, output and error, and how human output looks on them.

    A stream is ``None`` where the process has none (pythonw, or a shell's ``>&-``): what would
    go to it goes nowhere.  Colour and width are decided here, once, as for the real terminal.

    :param environ: the environment, for ``NO_COLOR``; none by default.
    :param columns: the terminal's width.
    :param clock: seconds, for the progress line; only differences count.
    """

    # A plain class rather than an attrs one: it is built at every start, `--version` included,
    # and need not load attrs for that.
    __slots__ = ("clock", "columns", "look", "stderr", "stdin", "stdout")

    def __init__(
        self,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        environ: Mapping[str, str] | None = None,
        columns: int = _MAX_COLUMNS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        #: Colour and width of human output on standard output.
        self.look = Look(
            colour=_wants_colour(stdout, environ or {}),
            width=max(_MIN_COLUMNS, min(_MAX_COLUMNS, columns)) - 1,
            fit=_is_tty(stdout),
        )
        #: The terminal's width, to which help is wrapped.
        self.columns = columns
        self.clock = clock

    @classmethod
    def from_sys(cls) -> Console:
        """The process's own standard streams, environment and terminal."""
        return cls(
            stdin=sys.stdin,
            stdout=sys.stdout,
            stderr=sys.stderr,
            environ=os.environ,
            columns=terminal_columns(os.environ, sys.stdout),
        )

    @property
    def stdout_is_terminal(self) -> bool:
        return _is_tty(self.stdout)

    @property
    def stderr_is_terminal(self) -> bool:
        return _is_tty(self.stderr)

    @property
    def stdin_is_terminal(self) -> bool:
        return _is_tty(self.stdin)

    def say(self, text: str) -> None:
        """Write a line to standard output.

        :raises OutputError: it cannot be written (``BrokenPipeError`` passes through).
        """
        self.write(text + "\n")

    def write(self, text: str) -> None:
        """Write *text* to standard output as it is.

        :raises OutputError: it cannot be written (``BrokenPipeError`` passes through).
        """
        _output(_write, self.stdout, text)

    def note(self, text: str) -> None:
        """Write a line to standard error, after what standard output holds so far.

        Standard output to a pipe or file is buffered and standard error is not: without the
        flush, ``proxycert scan logs > all.txt 2>&1`` would put the summary above the rows.
        Control characters are escaped: the line may quote a file name or an argument.
        """
        self.flush()
        self.write_stderr(visible(text) + "\n")

    def error(self, message: str, prog: str = PROG) -> None:
        """Write ``prog: error: message`` to standard error; on a terminal, wrapped to fit it."""
        text = f"{prog}: error: {message}"
        if not self.stderr_is_terminal or len(text) < self.columns:
            self.note(text)
            return
        import textwrap

        self.flush()
        for line in textwrap.wrap(
            visible(text),
            max(_MIN_COLUMNS, self.columns) - 1,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        ):
            self.write_stderr(line + "\n")

    def write_stderr(self, text: str) -> None:
        """Write *text* to standard error as it is; if it cannot be, nothing is left to say so."""
        # Not contextlib.suppress: the console is built at every start, and need not load it.
        try:  # noqa: SIM105
            _write(self.stderr, text)
        except OSError:
            pass

    def redraw(self, text: str) -> None:
        """Write *text* to standard error as it is, without a new line, and show it now."""
        self.write_stderr(text)
        if self.stderr is not None:
            try:  # noqa: SIM105 - as in write_stderr
                self.stderr.flush()
            except OSError:
                pass

    def flush(self) -> None:
        """Show what standard output holds so far.

        :raises OutputError: it cannot be written (``BrokenPipeError`` passes through).
        """
        if self.stdout is not None:
            _output(self.stdout.flush)

    def lose_stdout(self) -> None:
        """Stop writing to standard output, after it failed: nothing more goes there."""
        self.discard_stdout()
        self.stdout = None

    def discard_stdout(self) -> None:
        """Point standard output at the null device, after its reader went away.

        Python's documented way out of a closed pipe: the interpreter's final flush of what is
        still buffered cannot then fail again.
        """
        try:
            fd = self.stdout.fileno()  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            return  # no file descriptor (None, or an in-memory stream): nothing will be flushed
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)

    def binary_stdin(self, what: str = "the error") -> BinaryIO:
        """Standard input as bytes, after a hint on how to paste *what* when it is a terminal.

        :raises OSError: there is no standard input.
        """
        stdin = self.stdin
        if stdin is None:
            raise OSError("standard input is closed")
        if stdin.isatty():
            self.note(f"{PROG}: {_PASTE_HINT.format(what=what)}")
        buffer: BinaryIO | None = getattr(stdin, "buffer", None)
        if buffer is None:
            # A text-only replacement of sys.stdin (an IDE's, say): its text is already decoded.
            return io.BytesIO(stdin.read().encode("utf-8"))
        return buffer


def terminal_columns(environ: Mapping[str, str], stream: TextIO | None) -> int:
    """The width of the terminal: ``COLUMNS``, else the terminal's own, else 80.

    This is ``shutil.get_terminal_size``'s rule, asked of *stream* rather than of
    ``sys.__stdout__``; importing shutil (and the compression modules it tries) would cost
    every run of ``proxycert`` a few milliseconds.
    """
    try:
        columns = int(environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0 and stream is not None:
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError):  # no file descriptor, or not a terminal
            columns = 0
    return columns if columns > 0 else _MAX_COLUMNS


def _is_tty(stream: TextIO | None) -> bool:
    return stream is not None and stream.isatty()


def _write(stream: TextIO | None, text: str) -> None:
    """Write *text*, escaping what the stream's encoding cannot show."""
    if stream is None:
        return
    try:
        stream.write(text)
    except UnicodeEncodeError:
        # A Windows console redirected to a file writes in the ANSI code page, which lacks most
        # of the characters a proxy name or a note may hold.
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def _output(action: Callable[..., object], *args: object) -> None:
    """Run *action*, which writes standard output: its OSError becomes an OutputError.

    A closed pipe stays a BrokenPipeError, which ends the program quietly.
    """
    try:
        action(*args)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc)) from None


def _wants_colour(stream: TextIO | None, environ: Mapping[str, str]) -> bool:
    # https://no-color.org: NO_COLOR set to anything but the empty string turns colour off.
    if environ.get("NO_COLOR") or not _is_tty(stream):
        return False
    return _enable_ansi(stream)  # type: ignore[arg-type]


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
