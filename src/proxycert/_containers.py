"""Compressed files, zip archives and mail files: the streams of text inside an input.

A container is recognised by its first bytes, never by the file's name: gzip, bzip2, xz, zip,
a mail or an mbox (see :mod:`proxycert._mail`).  Decompression streams, so memory stays bounded
whatever the size.  One container may hold another (``bundle.zip!logs/outlook.log.gz``, a gzip
of a zip, a mail in a zip), one level deep; a container deeper than that is an error.

A compressed stream or zip member that expands past :data:`MAX_EXPANSION` bytes, or a zip
whose members together expand past :data:`MAX_ARCHIVE` bytes, is an
:class:`~proxycert.ExpansionLimitError` for that member: what came before the limit is read,
and so are the next members while the archive's limit allows.
"""

from __future__ import annotations

import errno
import functools
import io
from collections.abc import Callable, Iterator
from typing import BinaryIO, Protocol, TypeVar, cast

import attrs

from ._errors import ContainerError, ExpansionLimitError
from ._mail import looks_like_mail, text_parts

__all__ = ["CHUNK_BYTES", "HEAD_BYTES", "MAX_ARCHIVE", "MAX_EXPANSION", "Part", "parts"]

#: Data is read in pieces of this size.
CHUNK_BYTES = 1 << 20
#: How much of a stream is looked at to tell what it holds (a mail's header block included).
HEAD_BYTES = 1 << 16
#: The most one compressed stream or zip member is read to, decompressed.
MAX_EXPANSION = 1 << 30
#: The most all the members of one zip are read to, decompressed.
MAX_ARCHIVE = 4 << 30


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An Outlook .msg file's OLE directory names its streams "__substg1.0_...", in UTF-16LE.
_MSG_STREAM = "__substg1.0_".encode("utf-16-le")
# Formats that hold text proxycert does not read, and what to do instead.
_UNREAD = (
    (b"(\xb5/\xfd", "Zstandard file: decompress it first (zstd -d)"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive: extract it first"),
    (b"Rar!\x1a\x07", "RAR archive: extract it first"),
    (b"%PDF-", "PDF file: copy its text into a file and scan that"),
)
# bzip2's header, then the magic of its first block, or of its end when it is empty.
_BZIP2_BLOCKS = (b"1AY&SY", b"\x17rE8P\x90")


class Readable(Protocol):
    """What proxycert reads from: a binary file object's ``read``, and nothing more."""

    def read(self, size: int = -1, /) -> bytes: ...


@attrs.define
class Part:
    """One stream of text in an input.

    The input itself, a decompressed stream, a zip member or a mail part.  Read
    :attr:`chunks` to its end, then look at :attr:`error`.
    """

    #: Where in the input: None for the input itself, else member names and mail parts,
    #: joined with "!".
    source: str | None
    #: The containers around it, outermost first: ("zip", "gzip"), ("mail quoted-printable",).
    containers: tuple[str, ...]
    #: The data, in pieces.
    chunks: Iterator[bytes] = attrs.field(factory=lambda: iter(()))
    #: The charset a mail part declares.
    charset: str | None = None
    #: Set when the data ends early: corrupt, or past a limit.
    error: ContainerError | None = None


def parts(stream: BinaryIO, name: str) -> Iterator[Part | ContainerError]:
    """The streams of text in *stream*, and an error for each container that cannot be read.

    :param stream: a binary file object, read from its current position.  Only an ``OSError``
        of *stream* itself is raised, or a ``TypeError`` when it gives ``str``, not ``bytes``;
        corrupt data and limits are errors among the parts.
    :param name: what errors call the file, such as its path.
    """
    seekable = getattr(stream, "seekable", None)
    return _parts(stream, _Where(name), seekable=callable(seekable) and bool(seekable()))


@attrs.frozen
class _Where:
    """Where a stream stands: in which file, at which member or part, inside which containers."""

    file: str
    source: str | None = None
    containers: tuple[str, ...] = ()

    def inside(self, name: str, container: str) -> _Where:
        """A member or part of this stream, a *container*."""
        source = name if self.source is None else f"{self.source}!{name}"
        return _Where(self.file, source, (*self.containers, container))

    def error(self, reason: str) -> ContainerError:
        return ContainerError(self._location, reason)

    def too_large(self, limit: int, scope: str) -> ExpansionLimitError:
        size = f"{limit >> 30} GiB" if limit % (1 << 30) == 0 else f"{limit} bytes"
        reason = f"expands past {size}, the most proxycert reads of one {scope} (a zip bomb?)"
        return ExpansionLimitError(self._location, reason)

    @property
    def _location(self) -> str:
        return self.file if self.source is None else f"{self.file}!{self.source}"


class _Budget:
    """What is left of a zip's MAX_ARCHIVE, shared by its members and the streams inside them."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


def _parts(
    stream: Readable, where: _Where, *, seekable: bool = False, budget: _Budget | None = None
) -> Iterator[Part | ContainerError]:
    start = cast("BinaryIO", stream).tell() if seekable else 0
    head, rest = _read_head(stream)
    kind = _kind(head)
    joined = _Joined(head, rest)
    if kind == "text":
        part = Part(where.source, where.containers)
        part.chunks = _chunks(part, head, rest)
        yield part
    elif len(where.containers) > 1:
        yield where.error(
            f"{kind} inside {' inside '.join(reversed(where.containers))}: not read,"
            " proxycert opens one container inside another, no deeper"
        )
    elif kind == "zip":
        try:
            if seekable:
                file = cast("BinaryIO", stream)
                file.seek(start)
                yield from _members(file, where)
            else:
                yield from _spooled_members(joined, where)
        except ContainerError as exc:  # the zip was inside a compressed stream that failed
            yield exc
    elif kind == "mail":
        try:
            yield from _mail_parts(joined, where)
        except ContainerError as exc:
            yield exc
    elif kind in _STREAMS:
        decompressed = _decompressed(kind, io.BufferedReader(joined, CHUNK_BYTES))
        inner = _Where(where.file, where.source, (*where.containers, kind))
        limit, over = MAX_EXPANSION, where.too_large(MAX_EXPANSION, "compressed stream")
        # A zip member that is itself compressed spends the zip's budget with what it expands
        # to, not only with its own compressed bytes.
        if budget is not None and budget.left < MAX_EXPANSION:
            limit, over = max(budget.left, 0), where.too_large(MAX_ARCHIVE, "zip")
        guarded = _Guarded(decompressed, inner, limit, over)
        yield from _parts(guarded, inner)
        if budget is not None:
            budget.left -= guarded.read_bytes
    else:
        yield where.error(_ole_reason(head, where) if kind == "ole" else kind)


def _mail_parts(stream: _Joined, where: _Where) -> Iterator[Part | ContainerError]:
    for item in text_parts(io.BufferedReader(stream, CHUNK_BYTES)):
        if isinstance(item, str):
            yield where.error(item)
        else:
            part = where.inside(item.source, f"mail {item.transfer_encoding}")
            yield Part(part.source, part.containers, iter((item.payload,)), item.charset)


def _spooled_members(stream: _Joined, where: _Where) -> Iterator[Part | ContainerError]:
    import shutil
    import tempfile

    with tempfile.TemporaryFile() as spooled:
        # A zip is read from its end: a stream that cannot seek is copied to disk first.
        shutil.copyfileobj(stream, spooled, CHUNK_BYTES)
        spooled.seek(0)
        yield from _members(spooled, where)


def _members(file: BinaryIO, where: _Where) -> Iterator[Part | ContainerError]:
    import zipfile

    archive = _unless_corrupt(functools.partial(zipfile.ZipFile, file), where)
    if isinstance(archive, ContainerError):
        yield archive
        return
    budget = _Budget(MAX_ARCHIVE)
    with archive:
        for info in archive.infolist():
            # Not is_dir(): it fails on the empty name a corrupt directory may hold.
            if info.filename.endswith("/"):
                continue
            member = where.inside(info.filename, "zip")
            if info.flag_bits & 0x1:
                yield member.error("encrypted: proxycert reads no passwords")
                continue
            if budget.left <= 0:
                yield member.too_large(MAX_ARCHIVE, "zip")
                continue
            opened = _unless_corrupt(functools.partial(archive.open, info), member)
            if isinstance(opened, ContainerError):
                yield opened
                continue
            if budget.left < MAX_EXPANSION:
                over = member.too_large(MAX_ARCHIVE, "zip")
            else:
                over = member.too_large(MAX_EXPANSION, "compressed stream")
            guarded = _Guarded(opened, member, min(budget.left, MAX_EXPANSION), over)
            with opened:
                yield from _parts(guarded, member, budget=budget)
            budget.left -= guarded.read_bytes


_T = TypeVar("_T")


def _unless_corrupt(call: Callable[[], _T], where: _Where) -> _T | ContainerError:
    """What *call* returns, or the error for *where* when it fails at a corrupt zip."""
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - see _reraise_io
        _reraise_io(exc)
        return where.error(_corrupt("zip", exc))


def _corrupt(kind: str, exc: BaseException) -> str:
    return f"corrupt {kind} data ({exc or type(exc).__name__})"


def _reraise_io(exc: BaseException) -> None:
    """Raise *exc* again when it is the input's own failure, not corrupt data.

    Decompressors and zipfile raise many kinds of exception at corrupt data: BadZipFile,
    BadGzipFile and bz2's "Invalid data stream" (OSErrors without an errno), EOFError for a
    cut-off stream, zlib.error, LZMAError, and ValueError, IndexError or NotImplementedError
    for a zip's impossible offsets, names and versions.  An OSError with an errno is the
    input's own (a failing disk), but EINVAL, which a seek to an offset read from a corrupt zip
    gives.
    """
    if isinstance(exc, OSError) and exc.errno not in (None, errno.EINVAL):
        raise exc


class _Guarded:
    """A decompressed stream's ``read``, which raises a ContainerError at corrupt data.

    It raises one too when read past its limit, once the data up to the limit is returned.
    """

    def __init__(
        self, stream: Readable, where: _Where, limit: int, over: ExpansionLimitError
    ) -> None:
        # read1 returns what one step of decompression gives: data before corrupt bytes is
        # returned before they raise, not lost with a read that gathers more.
        self._read = getattr(stream, "read1", stream.read)
        self._where = where
        self._limit = limit
        self._over = over  # raised past the limit
        self._passed = False
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        if self._passed:
            raise self._over
        try:
            data = self._read(size)
        except ContainerError:  # from a stream inside this one
            raise
        except Exception as exc:  # noqa: BLE001 - see _reraise_io
            _reraise_io(exc)
            kind = self._where.containers[-1]
            raise self._where.error(_corrupt(kind, exc)) from None
        self.read_bytes += len(data)
        keep = len(data) - max(0, self.read_bytes - self._limit)
        if keep < len(data):
            self.read_bytes = self._limit
            if not keep:
                raise self._over
            self._passed = True  # the next read raises, once this data is used
        return data[:keep]


def _chunks(part: Part, head: bytes, rest: Readable) -> Iterator[bytes]:
    """*head*, then *rest*, in pieces of about CHUNK_BYTES, up to corrupt data or a limit.

    The error then goes in *part*, once everything before it has been yielded.
    """
    pending, size = [head], len(head)
    try:
        for piece in iter(lambda: rest.read(CHUNK_BYTES), b""):
            pending.append(piece)
            size += len(piece)
            if size >= CHUNK_BYTES:
                yield b"".join(pending)
                pending, size = [], 0
    except ContainerError as exc:
        part.error = exc
    if size:
        yield b"".join(pending)


class _Joined(io.RawIOBase):
    """The bytes already read from a stream, followed by the rest of it."""

    def __init__(self, head: bytes, rest: Readable) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_head(stream: Readable) -> tuple[bytes, Readable]:
    """The first HEAD_BYTES of *stream*, or all of it, whatever sizes its read gives.

    And the rest of it: *stream*, or what raises the error that stopped the head short.
    """
    head = b""
    while len(head) < HEAD_BYTES:
        try:
            more = stream.read(HEAD_BYTES - len(head))
        except ContainerError as exc:
            return head, _Failed(exc)
        if not isinstance(more, bytes):
            raise TypeError(
                f"file must be opened in binary mode; read() gave {type(more).__name__}"
            )
        if not more:
            break
        head += more
    return head, stream


class _Failed:
    """The rest of a stream that failed: its error, at once."""

    def __init__(self, error: ContainerError) -> None:
        self._error = error

    def read(self, size: int = -1, /) -> bytes:
        raise self._error


def _kind(head: bytes) -> str:
    """What a stream that starts with *head* holds: a container, "text", or an error reason."""
    if head.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] in _BZIP2_BLOCKS:
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    for magic, reason in _UNREAD:
        if head.startswith(magic):
            return reason
    if looks_like_mail(head):
        return "mail"
    return "text"


_STREAMS = ("gzip", "bzip2", "xz")


def _ole_reason(head: bytes, where: _Where) -> str:
    """Why an OLE compound file is not read, and what to do: Outlook's .msg is one."""
    # The file's name says only what to tell the user; its content said it is an OLE file.
    name = where.file if where.source is None else where.source
    if _MSG_STREAM in head or name.lower().endswith(".msg"):
        return "Outlook .msg file: save it as .eml or as text"
    return "OLE compound file (a Word, Excel or Outlook file): save it as text"


def _decompressed(kind: str, stream: io.BufferedReader) -> Readable:
    """*stream* decompressed; closing what is returned leaves *stream* open."""
    if kind == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=stream)
    if kind == "bzip2":
        import bz2

        return bz2.BZ2File(stream)
    import lzma

    return lzma.LZMAFile(stream)
