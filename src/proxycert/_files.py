"""Scanning a file of any size: its containers and encodings, chunks, lines and columns."""

from __future__ import annotations

import contextlib
import errno
import io
import itertools
import os
import sys
from collections.abc import Generator, Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO, Callable, Union, cast

import attrs

from ._errors import ContainerError, MessageNotFoundError
from ._message import ErrorMessage
from ._public import public
from ._scan import READING_REACH, scan_str

if TYPE_CHECKING:
    from ._containers import Part
    from ._encodings import Decoding

if sys.version_info >= (3, 10):
    from typing import TypeAlias
else:  # pragma: no cover - typing_extensions is only needed before 3.10
    from typing_extensions import TypeAlias

__all__ = ["display_name", "parse_file", "scan_file", "scan_input"]

StrPath: TypeAlias = Union[str, "os.PathLike[str]"]

# scan_file keeps this many characters of one chunk for the next, so that a message that
# straddles two chunks is whole in one of them.
_KEEP = 2 * READING_REACH
# What errors call a file object that has no name of its own.
_NO_NAME = "<file>"


@public
def scan_file(file: StrPath | BinaryIO, *, encoding: str | None = None) -> Iterator[ErrorMessage]:
    r"""Every message in a file of any size, read in chunks, with its line and column.

    The file may be compressed (gzip, bzip2, xz), a zip archive, whose members are each read,
    or a mail (``.eml``, mbox), whose text parts are each read: each is recognised by its
    first bytes, whatever the file's name.  A message from a member or part says which in
    :attr:`~ErrorMessage.source`, and its line and column count in that member or part
    (decoded, for a mail part).  The text's encoding is detected, or given:

    :param file: a path, or a file object opened in binary mode (``sys.stdin.buffer``).  A
        path is opened at once, so that a missing file fails here, and closed when the
        iterator ends, is closed, or is garbage-collected.
    :param encoding: the text encoding, for text that does not declare its own (mail parts
        declare theirs).  By default it is detected from the first 64 KB: a byte order mark;
        UTF-16 without one by its zero bytes (a few NUL bytes in a UTF-8 log are not enough);
        ISO-2022-JP by its escapes; UTF-8; Shift_JIS (CP932) or EUC-JP by their kana; else
        UTF-8 with Windows-1252 for the bytes that are not UTF-8.  UTF-8 is read as such until
        a byte that is not: if all before it was ASCII, the rest is Windows-1252 throughout,
        else each such byte is read as Windows-1252 on its own.  A UTF-16 or UTF-32
        *encoding* without a byte order mark in the file is read in the byte order its zero
        bytes show (little-endian when they show none).  Undecodable bytes never stop a scan:
        they become U+FFFD; a NUL reads as a space.
    :returns: messages whose :attr:`~ErrorMessage.line` and :attr:`~ErrorMessage.column` are
        1-based (lines end at ``\n``, ``\r\n`` or a lone ``\r``), and whose
        :attr:`~ErrorMessage.span` indexes the decoded text of the file, member or part.
    :raises TypeError: *file* is neither a path nor a binary file object, or *encoding* is
        not a ``str``.
    :raises LookupError: *encoding* is not a text encoding that can decode any bytes (raised
        at once).
    :raises ContainerError: a compressed stream, member or part cannot be read: corrupt, too
        large (:class:`ExpansionLimitError`), or in a format proxycert does not read, such as
        an Outlook ``.msg`` file.  It is raised once every other part has been read, and names
        the first that could not be.
    :raises OSError: the file cannot be opened or read (raised at once for a path).

    >>> import gzip, io
    >>> log = "line one\nERROR There is a problem with the proxy server's security certificate," \
    ...     " a.example. Outlook is unable to connect to this server. (10)\n"
    >>> [(m.line, m.column) for m in scan_file(io.BytesIO(log.encode("utf-16")))]
    [(2, 7)]
    >>> [m.proxy_server for m in scan_file(io.BytesIO(gzip.compress(log.encode())))]
    ['a.example']
    """
    # The machinery of files is imported on first use: importing proxycert stays quick.
    from ._encodings import check_encoding

    checked = None if encoding is None else check_encoding(encoding)
    if isinstance(file, (str, os.PathLike)):
        scan = _scan_path(_open(file), _label(file), checked)
        next(scan)  # into the ``with``: closing the iterator now closes the file
        return cast("Iterator[ErrorMessage]", scan)
    reader: object = file  # the annotation is a promise callers may break
    if isinstance(reader, io.TextIOBase) or not callable(getattr(reader, "read", None)):
        raise TypeError(f"file must be a path or a binary file object, not {type(file).__name__}")
    return _raising(scan_input(file, _label(file), checked))


@public
def parse_file(file: StrPath | BinaryIO, *, encoding: str | None = None) -> ErrorMessage:
    r"""The first of KB 923575's four messages in a file: :func:`parse` for files.

    The file is read as :func:`scan_file` reads it, compressed, zipped or mail, and only as
    far as the first message.

    :param file: a path, or a file object opened in binary mode.
    :param encoding: the text encoding, as for :func:`scan_file`.
    :raises MessageNotFoundError: the file holds none of the four messages; the error's
        ``text`` is the file's name.
    :raises ContainerError: the file holds none of the four messages in what could be read,
        and a part of it could not be read.
    :raises TypeError: *file* is neither a path nor a binary file object, or *encoding* is
        not a ``str``.
    :raises LookupError: *encoding* is not a text encoding that can decode any bytes.
    :raises OSError: the file cannot be opened or read.

    >>> import io
    >>> mail = b"MIME-Version: 1.0\nContent-Transfer-Encoding: quoted-printable\n\n" \
    ...     b"There is a problem with the proxy server=E2=80=99s security certificate,=\n" \
    ...     b" a.example. Outlook is unable to connect to this server. (10)\n"
    >>> message = parse_file(io.BytesIO(mail))
    >>> message.proxy_server, message.source, message.line
    ('a.example', 'part 1 (text/plain)', 1)
    """
    found = cast("Generator[ErrorMessage, None, None]", scan_file(file, encoding=encoding))
    with contextlib.closing(found):
        for message in found:
            return message
    raise MessageNotFoundError(_label(file))


def _label(file: StrPath | BinaryIO) -> str:
    """What errors call *file*: its path, or the name of a file object that has one."""
    name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else getattr(file, "name", None)
    return display_name(name) if isinstance(name, str) else _NO_NAME


def display_name(name: str) -> str:
    r"""*name* (a path or a member's name) as text any JSON parser and terminal accepts.

    A file name that is not valid UTF-8 comes from the operating system with lone surrogates
    in it (PEP 383), which a strict JSON parser rejects; its bytes are written ``\xff``.

    >>> display_name("caf\udce9.log")
    'caf\\xe9.log'
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def _open(file: StrPath) -> BinaryIO:
    # Not pathlib: importing it would cost a fifth of proxycert's import time.
    try:
        return open(file, "rb")  # noqa: PTH123 - _scan_path closes it
    except ValueError as exc:  # no file can have this name; open() says so obscurely
        path = os.fspath(file)
        why = "holds a NUL character" if "\0" in path else "cannot be encoded as a file name"
        raise OSError(errno.EINVAL, f"invalid path (it {why})", display_name(path)[:200]) from exc


def _scan_path(handle: BinaryIO, name: str, encoding: str | None) -> Iterator[ErrorMessage | None]:
    with handle:
        yield None
        yield from _raising(scan_input(handle, name, encoding))


def _raising(messages: Iterator[ErrorMessage | ContainerError]) -> Iterator[ErrorMessage]:
    """The messages, then the first error, once every part has been read."""
    first: ContainerError | None = None
    for item in messages:
        if isinstance(item, ContainerError):
            first = first or item
        else:
            yield item
    if first is not None:
        raise first


#: Told of each stream of text as it starts: the part, and how it is decoded.
OnPart: TypeAlias = "Callable[[Part, Decoding], None]"


def scan_input(
    handle: BinaryIO, name: str, encoding: str | None, on_part: OnPart | None = None
) -> Iterator[ErrorMessage | ContainerError]:
    """The messages in *handle*, and an error for each part that cannot be read, in order.

    The engine of :func:`scan_file`, for the command line, which reports every error and,
    with *on_part*, every part.

    :param name: what errors call the file.
    :param encoding: a name that passed :func:`check_encoding`, or None to detect.
    """
    from ._containers import parts

    for item in parts(handle, name):
        if isinstance(item, ContainerError):
            yield item
            continue
        yield from _scan_part(item, encoding, on_part)
        if item.error is not None:
            yield item.error


def _scan_part(part: Part, encoding: str | None, on_part: OnPart | None) -> Iterator[ErrorMessage]:
    from ._encodings import SAMPLE_BYTES, decode_chunks

    chunks = iter(part.chunks)
    # Detection needs a sample of some length, whatever the pieces the data comes in.
    first: list[bytes] = []
    for chunk in chunks:
        first.append(chunk)
        if sum(map(len, first)) >= SAMPLE_BYTES:
            break
    decoding = _decoding(b"".join(first)[:SAMPLE_BYTES], part.charset, encoding)
    if on_part is not None:
        on_part(part, decoding)
    texts = decode_chunks(itertools.chain(first, chunks), decoding)
    if part.source is None:
        yield from _scan_texts(texts)
    else:
        for message in _scan_texts(texts):
            yield attrs.evolve(message, source=part.source)


def _decoding(sample: bytes, charset: str | None, encoding: str | None) -> Decoding:
    from ._encodings import check_encoding, choose

    if charset is None:
        return choose(sample, encoding)
    try:
        return choose(sample, check_encoding(charset), "charset of the part")
    except LookupError:  # a charset no codec knows: the bytes say what they are
        decoding = choose(sample)
        return attrs.evolve(decoding, reason=f"{decoding.reason}; unknown charset {charset!r}")


class _Lines:
    r"""Lines and columns of increasing offsets in a text read piece by piece.

    Lines end at ``\n``, ``\r\n`` or a lone ``\r`` (old Mac exports), even when a ``\r\n`` is
    cut between two pieces.
    """

    __slots__ = ("after_return", "counted", "line", "start")

    def __init__(self) -> None:
        self.line = 1  # at offset `counted`
        self.start = 0  # the offset where that line starts
        self.counted = 0  # offsets before this one are counted
        self.after_return = False  # the character before `counted` is a "\r"

    def advance(self, buffer: str, offset: int, to: int) -> None:
        """Count the line ends before offset *to*, in *buffer*, which starts at *offset*."""
        first, last = self.counted - offset, to - offset
        if first >= last:
            return
        ends = buffer.count("\n", first, last)
        returns = buffer.count("\r", first, last)
        if returns:
            ends += returns - buffer.count("\r\n", first, last)
        if self.after_return and buffer[first] == "\n":
            ends -= 1  # it ends the line that the "\r" before it ended
        if ends or returns or self.after_return:
            end = max(buffer.rfind("\n", first, last), buffer.rfind("\r", first, last))
            if end >= 0:
                self.start = offset + end + 1
        self.line += ends
        self.after_return = buffer[last - 1] == "\r"
        self.counted = to


def _scan_texts(texts: Iterable[str]) -> Iterator[ErrorMessage]:
    buffer = ""
    offset = 0  # of buffer[0] in the whole decoded text
    lines = _Lines()
    pieces = iter(texts)
    last = False
    while not last:
        text = next(pieces, None)
        last = text is None
        buffer += text or ""
        limit = len(buffer) if last else len(buffer) - _KEEP
        if limit <= 0:
            continue
        cut = limit
        for message in scan_str(buffer):
            start, end = message.span or (0, 0)
            if start >= limit:
                break
            absolute = offset + start
            lines.advance(buffer, offset, absolute)
            yield attrs.evolve(
                message,
                span=(absolute, offset + end),
                line=lines.line,
                column=absolute - lines.start + 1,
            )
            cut = max(cut, end)
        lines.advance(buffer, offset, offset + cut)
        buffer = buffer[cut:]
        offset += cut
