"""Find the messages in a string or a file: parse, scan and scan_file."""

from __future__ import annotations

import codecs
import errno
import functools
import heapq
import io
import itertools
import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Union

import attrs
from typing_extensions import TypeAlias

from ._errors import InvalidCodeError, MessageNotFoundError
from ._flags import decode
from ._grammar import Grammar, RawMatch
from ._languages import LANGUAGES
from ._message import ErrorMessage, trusted_message
from ._normalize import Normalized, normalize
from ._resolutions import MessageKind

__all__ = ["parse", "scan", "scan_file"]

StrPath: TypeAlias = Union[str, "os.PathLike[str]"]

# A header starts at most _BEFORE characters before its anchor word ("certificate"), and the
# message is first read up to _AFTER characters after it, markup included: small readings keep
# a sparse log fast.  A message that reaches into the last half of its reading is read again,
# up to _AFTER_MAX further, so that heavy markup costs time, not messages.
_BEFORE = 192
_AFTER = 768
_AFTER_MAX = 8192
_DENSE_STEP = 8 * _AFTER
# An anchor counts only when its confirmation ("proxy") stands within this distance of it, so
# that logs full of unrelated "certificate" lines cost two short finds each.
_CONFIRM = 256
# scan_file keeps this many characters of one chunk for the next, so that a message that
# straddles two chunks is whole in one of them.
_KEEP = 2 * (_BEFORE + _AFTER + _AFTER_MAX)
_CHUNK_BYTES = 1 << 20
_SNIFF_BYTES = 4096


@functools.cache
def _grammars() -> tuple[Grammar, ...]:
    # Built on first use, not at import: a program may import proxycert only to decode().
    return tuple(Grammar(language) for language in LANGUAGES)


# Characters around a name that belong to the text around it (quotes, emphasis, commas).
_NAME_STRIP = "'\"*_`,;:"
_NAME_STRIP_END = _NAME_STRIP + "."
_PLACEHOLDER = "%s"
_EXPECTED_UNTRUSTED_CA_CODE = 0x8


def parse(text: str) -> ErrorMessage:
    """The first of KB 923575's four messages found anywhere in *text*.

    *text* may be a ticket, a mail thread, a web page's HTML, or a log: the message is found
    wherever it stands, whatever the line breaks, quoting and markup around and inside it.

    :raises MessageNotFoundError: *text* holds none of the four messages.
    :raises TypeError: *text* is not a ``str``.

    >>> message = parse('''User wrote:
    ... > There is a problem with the proxy server’s security certificate,
    ... > mail.contoso.com. The security certificate is not from a trusted
    ... > certifying authority. Outlook is unable to connect to this server. (8)
    ... ''')
    >>> message.kind, message.proxy_server, message.code
    (<MessageKind.UNTRUSTED_CA: 3>, 'mail.contoso.com', 8)
    """
    for message in scan(text):
        return message
    raise MessageNotFoundError(text)


def scan(text: str) -> Iterator[ErrorMessage]:
    r"""Every one of KB 923575's four messages in *text*, in order of appearance.

    The iterator holds no state beyond its own position, so scans may run in many threads.

    :raises TypeError: *text* is not a ``str`` (raised at once, not on first iteration).

    >>> text = "There is a problem with the proxy server's security certificate, a.example." \
    ...     " Outlook is unable to connect to this server. (20)\n" * 2
    >>> [(m.span, m.problems.names) for m in scan(text)]
    [((0, 125), ('FLAG_CERT_DATE_INVALID',)), ((126, 251), ('FLAG_CERT_DATE_INVALID',))]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return _scan(text)


def _scan(text: str) -> Iterator[ErrorMessage]:
    streams = []
    for grammar in _grammars():
        stream = _scan_language(text, grammar)
        first = next(stream, None)
        if first is not None:
            streams.append(itertools.chain((first,), stream))
    if len(streams) == 1:
        return streams[0]  # most texts are in one language: no merging, message by message
    return heapq.merge(*streams, key=_start)


def _start(message: ErrorMessage) -> int:
    return message.span[0] if message.span else 0


def _scan_language(text: str, grammar: Grammar) -> Iterator[ErrorMessage]:
    for start, end in _regions(text, grammar):
        yield from _scan_region(text, grammar, start, end, extend=True)


def _scan_region(
    text: str, grammar: Grammar, start: int, end: int, *, extend: bool
) -> Iterator[ErrorMessage]:
    normalized = normalize(text, start, end)
    # Only a message that ends in the last half of a reading that stops short may go on.
    room = len(normalized.text) - _AFTER // 2 if extend and end < len(text) else len(text)
    language = grammar.language.code
    for raw in grammar.matches(normalized.text):
        if raw[2] > room:
            # The message may go on past the reading: read it again with room to spare.  What
            # starts past the first reading's end belongs to a later region.
            again = normalized.original_start(raw[1]), min(len(text), end + _AFTER_MAX)
            for message in _scan_region(text, grammar, *again, extend=False):
                if _start(message) < end:
                    yield message
            return
        yield _message(raw, normalized, language)


def _regions(text: str, grammar: Grammar) -> Iterator[tuple[int, int]]:
    """Merged stretches of *text* around confirmed anchors; only they are normalised.

    Each anchor's next position is cached, so every ``find`` moves forward: the whole costs
    one pass over *text* per anchor.  Inside a region, anchors far enough from its end are
    skipped, since the region already holds their message.
    """
    confirmations = grammar.language.confirmations
    length = len(text)
    upcoming = {anchor: text.find(anchor) for anchor in grammar.language.anchors}
    region_start = region_end = -1
    position = 0
    while True:
        for anchor, index in upcoming.items():
            if 0 <= index < position:
                upcoming[anchor] = text.find(anchor, position)
        found = [index for index in upcoming.values() if index >= 0]
        if not found:
            break
        hit = min(found)
        position = hit + 1
        near = max(0, hit - _CONFIRM), hit + _CONFIRM
        if not any(text.find(c, *near) >= 0 for c in confirmations):
            continue
        start, end = max(0, hit - _BEFORE), min(length, hit + _AFTER)
        if start > region_end:
            if region_end >= 0:
                yield region_start, region_end
            region_start = start
        else:
            # Messages close together (a log of nothing else): grow in long steps, so that
            # few of their anchors need looking at.
            end = min(length, hit + _DENSE_STEP)
        region_end = end
        position = max(position, end - _AFTER // 2)
    if region_end >= 0:
        yield region_start, region_end


@functools.lru_cache(maxsize=1024)
def _read_code(code_text: str) -> tuple[int | None, tuple[str, ...]]:
    """The code printed in a message, and what it breaks of the KB's expectations.

    Cached: a log repeats the same few codes, and threads may share the cache safely.
    """
    if code_text == _PLACEHOLDER:
        return None, ()
    try:
        problems = decode(code_text)
    except InvalidCodeError:
        return None, (f"the error code {code_text!r} is not a 32-bit hexadecimal code",)
    if problems.unknown_bits:
        unknown = (
            f"the error code has bits that KB 923575 does not name: 0x{problems.unknown_bits:08X}"
        )
        return problems.value, (unknown,)
    return problems.value, ()


def _message(raw: RawMatch, normalized: Normalized, language: str) -> ErrorMessage:
    kind, start, end, proxies, target, code_text, elided = raw
    code, notes = (None, ()) if code_text is None else _read_code(code_text)
    if (
        kind is MessageKind.UNTRUSTED_CA
        and code is not None
        and code != _EXPECTED_UNTRUSTED_CA_CODE
    ):
        notes += (
            "KB 923575 expects error message 3's code to always be 0x00000008;"
            f" this one is 0x{code:08X}",
        )
    names = [name for name in map(_clean_name, proxies) if name is not None]
    if len(names) > 1 and names[0] != names[1]:
        notes += (f"the message names two proxy servers, {names[0]!r} and {names[1]!r}",)
    if elided:
        notes += ("part of the message was elided with '...'; its kind is read from the rest",)
    return trusted_message(
        kind,
        names[0] if names else None,
        _clean_name(target),
        code,
        code_text,
        (normalized.original_start(start), normalized.original_end(end)),
        notes,
        language,
    )


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    if name[0] not in _NAME_STRIP and name[-1] not in _NAME_STRIP_END and name != _PLACEHOLDER:
        return name  # the common case, already clean
    cleaned = name.strip(_NAME_STRIP).rstrip(".").strip(_NAME_STRIP)
    return None if cleaned in ("", _PLACEHOLDER) else cleaned


# --- files -------------------------------------------------------------------------------------

_CP1252_FALLBACK = "proxycert.cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252, the usual other encoding of logs."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def scan_file(file: StrPath | BinaryIO, *, encoding: str | None = None) -> Iterator[ErrorMessage]:
    r"""Every message in a file of any size, read in chunks, with its line and column.

    :param file: a path, or a file object opened in binary mode (``sys.stdin.buffer``).
    :param encoding: the text encoding; by default it is detected: a UTF-8 or UTF-16 byte
        order mark, UTF-16 without one by its zero bytes (Windows tools write UTF-16LE), else
        UTF-8 with Windows-1252 for any bytes that are not UTF-8.  Undecodable bytes never
        stop a scan: they become U+FFFD.
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
    decoder = codecs.getincrementaldecoder(encoding)(errors)
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
        for message in _scan(buffer):
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
