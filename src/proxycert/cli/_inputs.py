"""The inputs of ``parse`` and ``scan``: files, directories, standard input, and progress."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, cast

from ._render import progress_line

if TYPE_CHECKING:
    from .. import ErrorMessage
    from ._console import Console

STDIN_LABEL = "<stdin>"
# The progress line appears once an input has been read for this many seconds, and is redrawn
# at most this often.
_PROGRESS_DELAY = 1.0
_PROGRESS_INTERVAL = 0.1


class Input(NamedTuple):
    """A file or standard input to read, as the user will see it named."""

    label: str
    #: None for standard input.
    path: str | None
    #: The size in bytes, when known before reading.
    size: int | None


class InputError(Exception):
    """An input could not be read; raised from reading, never from writing the output."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"cannot read {label}: {reason}")
        self.label = label
        self.reason = reason


class Progress:
    """Bytes read so far, on a line of standard error that is redrawn in place.

    It is drawn only when standard error is a terminal, after the console's clock says that
    reading has lasted a while.
    """

    def __init__(self, console: Console, total: int | None, files: int) -> None:
        self.total = total
        self.files = files
        self.file = 1
        self.done = 0
        self._console = console
        self._enabled = console.stderr_is_terminal
        # The clock starts at the first read, so that waiting for a paste does not count.
        self._started: float | None = None
        self._drawn = -_PROGRESS_INTERVAL
        self._shown = ""  # the line on screen

    def advance(self, count: int) -> None:
        self.done += count
        if not self._enabled:
            return
        now = self._console.clock()
        if self._started is None:
            self._started = now
        if now - self._started < _PROGRESS_DELAY or now - self._drawn < _PROGRESS_INTERVAL:
            return
        text = progress_line(self.done, self.total, self.file, self.files)
        if text != self._shown:
            self._console.redraw("\r" + text.ljust(len(self._shown)))
            self._drawn, self._shown = now, text

    def clear(self) -> None:
        if self._shown:
            self._console.redraw("\r" + " " * len(self._shown) + "\r")
            self._shown = ""


class _CountingReader:
    """A binary file's ``read``, telling the progress line how much was read."""

    def __init__(self, raw: BinaryIO, progress: Progress) -> None:
        self._raw = raw
        self._progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._progress.advance(len(data))
        return data


def messages(
    source: Input, console: Console, progress: Progress
) -> Generator[ErrorMessage, None, None]:
    """scan_file of one input; errors while reading it become InputError.

    The caller writes the rows, outside this ``try``: a closed standard output, which is an
    OSError too, is never taken for an unreadable input.
    """
    # Looked up on the package at each call: scan_file is public, and tests stand in for it.
    import proxycert

    try:
        if source.path is None:
            reader = _CountingReader(console.binary_stdin(), progress)
            # scan_file takes any object with a binary read(); the cast says so to mypy.
            yield from proxycert.scan_file(cast("BinaryIO", reader))
        else:
            with Path(source.path).open("rb") as handle:
                yield from proxycert.scan_file(cast("BinaryIO", _CountingReader(handle, progress)))
    except OSError as exc:
        raise InputError(source.label, _reason(exc)) from None


def named_input(path: str) -> Input:
    """A path named on the command line, or ``-``; opening it will say if it cannot be read."""
    if path == "-":
        return Input(STDIN_LABEL, None, None)
    try:
        info = Path(path).stat()
    except OSError:
        return Input(path, path, None)
    return Input(path, path, info.st_size if stat.S_ISREG(info.st_mode) else None)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def find_inputs(
    paths: Iterable[str], console: Console, *, recursive: bool, globs: Sequence[str]
) -> tuple[list[Input], list[InputError]]:
    """The inputs to scan, in order, and the directory entries that could not be read.

    Those are reported as they are met; they make the exit status 2, as unreadable files do.
    A name matches a glob whatever the case of either, on every system: Windows folders name
    their logs OUTLOOK.LOG as often as outlook.log.
    """
    found: list[Input] = []
    failures: list[InputError] = []
    globs = [glob.casefold() for glob in globs]

    def failed(exc: OSError) -> None:
        failure = InputError(str(exc.filename), _reason(exc))
        failures.append(failure)
        console.error(str(failure))

    for path in paths:
        if path == "-" or not Path(path).is_dir():
            found.append(named_input(path))
            continue
        for directory, subdirectories, names in os.walk(path, onerror=failed):
            if recursive:
                subdirectories.sort()
            else:
                subdirectories.clear()
            for name in sorted(names):
                if not any(fnmatch.fnmatchcase(name.casefold(), glob) for glob in globs):
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
                    found.append(Input(file, file, info.st_size))
    return found, failures
