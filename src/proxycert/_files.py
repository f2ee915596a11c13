"""Scanning a file of any size: encoding detection, reading in chunks, lines and columns."""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Union

import attrs

from ._message import ErrorMessage
from ._public import public
from ._scan import READING_REACH, scan_str

if sys.version_info >= (3, 10):
    from typing import TypeAlias
else:  # pragma: no cover - typing_extensions is only needed before 3.10
    from typing_extensions import TypeAlias

__all__ = ["scan_file"]

StrPath: TypeAlias = Union[str, "os.PathLike[str]"]

# scan_file keeps this many characters of one chunk for the next, so that a message that
# straddles two chunks is whole in one of them.
_KEEP = 2 * READING_REACH
_CHUNK_BYTES = 1 << 20
_SNIFF_BYTES = 4096

_CP1252_FALLBACK = "proxycert.cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252, the usual other encoding of logs."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


class _Utf8OrCp1252:
    """UTF-8 until a byte that is not, then Windows-1252 for the rest if all before it was ASCII.

    A Windows log in Windows-1252 is then decoded by the codec in C, not one error callback per
    byte.  A file that mixes the two (UTF-8 text, a stray Windows-1252 byte) stays UTF-8, with
    each stray byte read as Windows-1252.
    """

    def __init__(self) -> None:
        self._utf8: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
        self._cp1252 = False

    def decode(self, chunk: bytes, final: bool = False) -> str:  # noqa: FBT001, FBT002 - as codecs'
        if self._cp1252:
            return chunk.decode("cp1252", "replace")  # one byte a character: no state
        if self._utf8.errors == _CP1252_FALLBACK:
            return self._utf8.decode(chunk, final)
        pending = self._utf8.getstate()[0]
        try:
            text = self._utf8.decode(chunk, final)
        except UnicodeDecodeError as error:
            data = pending + chunk
            if data[: error.start].isascii():
                self._cp1252 = True
                return data.decode("cp1252", "replace")
            self._utf8 = codecs.getincrementaldecoder("utf-8")(_CP1252_FALLBACK)
            return self._utf8.decode(data, final)
        if not text.isascii():
            # UTF-8 for certain: stray bytes from now on are read one by one.
            state = self._utf8.getstate()
            self._utf8 = codecs.getincrementaldecoder("utf-8")(_CP1252_FALLBACK)
            self._utf8.setstate(state)
        return text


@public
def scan_file(file: StrPath | BinaryIO, *, encoding: str | None = None) -> Iterator[ErrorMessage]:
    r"""Every message in a file of any size, read in chunks, with its line and column.

    :param file: a path, or a file object opened in binary mode (``sys.stdin.buffer``).
    :param encoding: the text encoding; by default it is detected: a UTF-8 or UTF-16 byte
        order mark, UTF-16 without one by its zero bytes (Windows tools write UTF-16LE), else
        UTF-8: a file whose first byte that is not UTF-8 follows only ASCII is Windows-1252
        throughout, and stray bytes in UTF-8 text are read as Windows-1252 one by one.
        Undecodable bytes never stop a scan: they become U+FFFD.
    :returns: messages whose :attr:`~ErrorMessage.line` and :attr:`~ErrorMessage.column` are
        1-based, and whose :attr:`~ErrorMessage.span` indexes the decoded text of the file.
    :raises TypeError: *file* is neither a path nor a binary file object.
    :raises LookupError: *encoding* is not a known codec.
    :raises OSError: the file cannot be opened or read (raised at once for a path).

    >>> import io
    >>> log = "line one\nERROR There is a problem with the proxy server's security certificate," \
    ...     " a.example. Outlook is unable to connect to this server. (10)\n"
    >>> [(m.line, m.column) for m in scan_file(io.BytesIO(log.encode("utf-16")))]
    [(2, 7)]
    """
    if encoding is not None:
        codecs.lookup(encoding)
    if isinstance(file, (str, os.PathLike)):
        # Not pathlib: importing it would cost a fifth of proxycert's import time.
        try:
            handle: BinaryIO = open(file, "rb")  # noqa: PTH123, SIM115 - the generator closes it
        except ValueError:  # a NUL character in the path; no file can have that name
            raise OSError(
                errno.EINVAL, "invalid path (it holds a NUL character)", os.fspath(file)[:200]
            ) from None
        return _scan_handle(handle, encoding, close=True)
    reader: object = file  # the annotation is a promise callers may break
    if isinstance(reader, io.TextIOBase) or not callable(getattr(reader, "read", None)):
        raise TypeError(f"file must be a path or a binary file object, not {type(file).__name__}")
    return _scan_handle(file, encoding, close=False)


def _scan_handle(handle: BinaryIO, encoding: str | None, *, close: bool) -> Iterator[ErrorMessage]:
    try:
        yield from _scan_chunks(_decoded_chunks(handle, encoding))
    finally:
        if close:
            handle.close()


def _decoded_chunks(handle: BinaryIO, encoding: str | None) -> Iterator[tuple[str, bool]]:
    """The file's text in pieces, each with whether it is the last."""
    first = handle.read(_CHUNK_BYTES)
    if not isinstance(first, bytes):
        raise TypeError(f"file must be opened in binary mode; read() gave {type(first).__name__}")
    # Detection needs a sample of some length, whatever the chunk size or the reader gives.
    while 0 < len(first) < _SNIFF_BYTES:
        more = handle.read(_CHUNK_BYTES)
        if not more:
            break
        first += more
    encoding, errors = (encoding, "replace") if encoding else _detect(first)
    decoder: _Utf8OrCp1252 | codecs.IncrementalDecoder = (
        _Utf8OrCp1252()
        if (encoding, errors) == ("utf-8", _CP1252_FALLBACK)
        else codecs.getincrementaldecoder(encoding)(errors)
    )
    chunk = first
    while chunk:
        yield decoder.decode(chunk), False
        chunk = handle.read(_CHUNK_BYTES)
    yield decoder.decode(b"", final=True), True


def _detect(sample: bytes) -> tuple[str, str]:
    """The encoding of a file from its first bytes, and the error handler to decode it with."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _CP1252_FALLBACK
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "replace"
    # Text in UTF-16 has a zero byte in each ASCII character, on the odd offsets for
    # little-endian and the even ones for big-endian; text in UTF-8 has no zero byte at all.
    head = sample[:_SNIFF_BYTES]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > even:
        return "utf-16-le", "replace"
    if even > odd:
        return "utf-16-be", "replace"
    return "utf-8", _CP1252_FALLBACK


def _scan_chunks(chunks: Iterable[tuple[str, bool]]) -> Iterator[ErrorMessage]:
    buffer = ""
    offset = 0  # of buffer[0] in the whole decoded text
    line, line_start = 1, 0  # line number at offset, and the offset where that line starts
    counted_to = 0  # offsets before this one are counted in `line`
    for text, last in chunks:
        buffer += text
        limit = len(buffer) if last else len(buffer) - _KEEP
        if limit <= 0:
            continue
        cut = limit
        for message in scan_str(buffer):
            start, end = message.span or (0, 0)
            if start >= limit:
                break
            absolute = offset + start
            newlines = buffer.count("\n", counted_to - offset, start)
            if newlines:
                line += newlines
                line_start = offset + buffer.rfind("\n", counted_to - offset, start) + 1
            counted_to = absolute
            yield attrs.evolve(
                message,
                span=(absolute, offset + end),
                line=line,
                column=absolute - line_start + 1,
            )
            cut = max(cut, end)
        newlines = buffer.count("\n", counted_to - offset, cut)
        if newlines:
            line += newlines
            line_start = offset + buffer.rfind("\n", counted_to - offset, cut) + 1
        counted_to = offset + cut
        buffer = buffer[cut:]
        offset += cut
