"""The inputs of ``parse`` and ``scan``: files, directories, standard input, and progress."""

from __future__ import annotations

import fnmatch
import io
import os
import stat
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, cast

from ._render import progress_line

if TYPE_CHECKING:
    from .. import ContainerError, ErrorMessage
    from .._files import OnPart
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
    """A binary file's ``read``, telling the progress line how much was read.

    It seeks as its file does, so that a zip is read in place, not copied first.
    """

    def __init__(self, raw: BinaryIO, progress: Progress) -> None:
        self._raw = raw
        self._progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._progress.advance(len(data))
        return data

    def seekable(self) -> bool:
        seekable = getattr(self._raw, "seekable", None)
        return callable(seekable) and bool(seekable())

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()


# What one read of a terminal may give: a line, or a paste.
_TYPED_BYTES = 1 << 16


def _typed(stdin: BinaryIO) -> bytes:
    """What is typed or pasted at a terminal, up to the first end of input.

    That is one Ctrl-D at the start of a line (Ctrl-Z then Enter on Windows): each read of
    the terminal gives what was typed, and an empty read the end.  Reading by chunks until
    one is full would need one Ctrl-D per chunk.
    """
    read = getattr(stdin, "read1", stdin.read)
    typed: list[bytes] = []
    while True:
        piece = read(_TYPED_BYTES)
        if not piece:
            return b"".join(typed)
        typed.append(piece)


def messages(
    source: Input,
    console: Console,
    progress: Progress,
    *,
    encoding: str | None = None,
    on_part: OnPart | None = None,
) -> Generator[ErrorMessage | ContainerError, None, None]:
    """The messages of one input, and an error for each part of it that cannot be read.

    An error while reading the input itself becomes InputError.  The caller writes the rows,
    outside this ``try``: a closed standard output, which is an OSError too, is never taken
    for an unreadable input.

    :param encoding: a name that passed ``check_encoding``, or None to detect.
    :param on_part: told of each stream of text as it starts (``scan --verbose``).
    """
    # Looked up on the module at each call: tests stand in for it.
    from .. import _files

    try:
        if source.path is None:
            stdin = console.binary_stdin()
            if console.stdin_is_terminal:
                # Counted but never drawn: no progress line while someone types.
                typed = _typed(stdin)
                progress.done += len(typed)
                reader: BinaryIO = io.BytesIO(typed)
            else:
                reader = cast("BinaryIO", _CountingReader(stdin, progress))
            yield from _files.scan_input(reader, source.label, encoding, on_part)
        else:
            with Path(source.path).open("rb") as handle:
                counting = cast("BinaryIO", _CountingReader(handle, progress))
                yield from _files.scan_input(counting, source.label, encoding, on_part)
    except OSError as exc:
        raise InputError(source.label, _reason(exc)) from None


def named_input(path: str) -> Input:
    """A path named on the command line, or ``-``; opening it will say if it cannot be read."""
    if path == "-":
        return Input(STDIN_LABEL, None, None)
    try:
        info = Path(path).stat()
    except OSError:
        return Input(_label(path), path, None)
    return Input(_label(path), path, info.st_size if stat.S_ISREG(info.st_mode) else None)


def _label(path: str) -> str:
    """*path* as it is shown, and written in JSON: a name that is not UTF-8 has escapes."""
    from .._files import display_name

    return display_name(path)


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
                    found.append(Input(_label(file), file, info.st_size))
    return found, failures
