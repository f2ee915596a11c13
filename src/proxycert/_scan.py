"""Find the messages in a string: parse and scan (scan_file, in _files, feeds it a file)."""

from __future__ import annotations

import functools
import heapq
import itertools
from collections.abc import Iterator

from ._errors import InvalidCodeError, MessageNotFoundError, short_repr
from ._flags import decode
from ._grammar import Grammar, RawMatch
from ._kb import MessageKind
from ._languages import LANGUAGES
from ._message import ErrorMessage, trusted_message
from ._normalize import Normalized, normalize
from ._numbers import NOT_HEXADECIMAL
from ._public import public

__all__ = ["READING_REACH", "parse", "scan", "scan_str"]

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
# The most text one message's readings cover around its anchor: what a reader of the text in
# pieces (scan_file) must keep of one piece for the next.
READING_REACH = _BEFORE + _AFTER + _AFTER_MAX


@functools.cache
def _grammars() -> tuple[Grammar, ...]:
    # Built on first use, not at import: a program may import proxycert only to decode().
    return tuple(Grammar(language) for language in LANGUAGES)


# Characters around a name that belong to the text around it (quotes, emphasis, commas).  An
# underscore leads DNS service names (_srv.contoso.com): it goes only in pairs (_emphasis_).
_NAME_STRIP = "'\"*`,;:"
_EMPHASIS = "_"
# What a name may start with that needs a closer look: the above, a dot, an underscore.
_NAME_LEAD = _NAME_STRIP + "." + _EMPHASIS
# The most characters of an elided middle that its note quotes.
_ELIDED_QUOTE = 60
_PLACEHOLDER = "%s"
_EXPECTED_UNTRUSTED_CA_CODE = 0x8


@public
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


@public
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
    return scan_str(text)


def scan_str(text: str) -> Iterator[ErrorMessage]:
    """:func:`scan` without its type check, for callers that hold a ``str`` already."""
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
    partial = extend and end < len(text)
    room = len(normalized.text) - _AFTER // 2 if partial else len(text)
    language = grammar.language.tag
    for raw in grammar.matches(normalized.text, partial=partial):
        if raw.end > room:
            # The message may go on past the reading: read it again with room to spare.  What
            # starts past the first reading's end belongs to a later region.
            again = normalized.original_start(raw.start), min(len(text), end + _AFTER_MAX)
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
    except InvalidCodeError as error:
        # Quoted as written: "1O" from OCR may be 10, or may not; it is never guessed.
        if error.reason == NOT_HEXADECIMAL:
            return None, (f"code text {code_text!r} is not hexadecimal",)
        return None, (f"code text {code_text!r} is not a 32-bit code",)
    if problems.unknown_bits:
        unknown = (
            f"the error code has bits that KB 923575 does not name: 0x{problems.unknown_bits:08X}"
        )
        return problems.value, (unknown,)
    return problems.value, ()


def _message(raw: RawMatch, normalized: Normalized, language: str) -> ErrorMessage:
    kind, code_text = raw.kind, raw.code
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
    names = [name for name in map(_clean_name, raw.proxies) if name is not None]
    if len(names) > 1 and names[0] != names[1]:
        notes += (f"the message names two proxy servers, {names[0]!r} and {names[1]!r}",)
    if raw.elided is not None:
        cut = short_repr(raw.elided, _ELIDED_QUOTE)
        notes += (f"part of the message was elided with {cut}; its kind is read from the rest",)
    return trusted_message(
        kind,
        names[0] if names else None,
        _clean_name(raw.target),
        code,
        code_text,
        (normalized.original_start(raw.start), normalized.original_end(raw.end)),
        notes,
        language,
    )


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    if name and name[0] not in _NAME_LEAD and name[-1] not in _NAME_STRIP and name != _PLACEHOLDER:
        return name  # the common case, already clean
    if not name.strip("."):
        return None  # no name: "connect to the proxy server." or "target site ."
    cleaned = name.strip(_NAME_STRIP)
    if len(cleaned) > 1 and cleaned[0] == cleaned[-1] == _EMPHASIS:
        cleaned = cleaned.strip(_EMPHASIS)
    return None if cleaned in ("", _PLACEHOLDER) else cleaned
