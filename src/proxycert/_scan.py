"""Find the messages in a string: parse and scan (scan_file, in _files, feeds it a file)."""

from __future__ import annotations

import functools
import heapq
import itertools
import operator
from collections.abc import Iterator

from ._errors import InvalidCodeError, MessageNotFoundError, short_repr
from ._flags import decode
from ._grammar import LOOK_AHEAD, Grammar, RawMatch
from ._kb import MessageKind
from ._languages import LANGUAGES
from ._message import ErrorMessage, trusted_message
from ._normalize import Normalized, normalize
from ._numbers import NOT_HEXADECIMAL
from ._public import public

__all__ = ["READING_REACH", "parse", "scan", "scan_str"]

# Every message is read from its own start: its words may lie up to _REACH characters apart
# (markup, quote markers and log prefixes included), wherever it stands in the text.
_REACH = 9216
# A header starts at most _BEFORE characters before its anchor ("certificate"), unless its
# first word is not there (markup inside the first sentence): then up to _REACH.
_BEFORE = 192
# A region is first read up to _AFTER characters past its last anchor: small readings keep a
# sparse log fast.  Messages close together (within _AFTER of the region, as in a log of
# nothing else or a mail archive) grow it in long steps, up to _REGION_MAX, so that parse()
# of a huge text normalises only its beginning.
_AFTER = 768
_DENSE_STEP = 8 * _AFTER
_REGION_MAX = 1 << 16
# An anchor counts only when one of its confirmations ("proxy") starts within _CONFIRM of it.
# When none does, the next confirmation is looked for up to _SKIP ahead, and every anchor
# before it is passed over.
_CONFIRM = 256
_SKIP = 1 << 16
_WINDOW = 1 << 18
# What may follow a header: its name, a body and a tail with a name, each perhaps after a cut
# (the grammar's look past a gap), a code.  A match without a code may go on only if fewer
# characters than this (other than spaces, the rest of any noise) follow it in its reading.
_GOES_ON = LOOK_AHEAD
# The most text that decides one message, before and after its anchor: what a reader of the
# text in pieces (scan_file) must keep of one piece for the next.
READING_REACH = 2 * _REACH + _DENSE_STEP


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
# RawMatch fields by position: an index is quicker than a NamedTuple's attribute.
_START, _END, _CODE, _ELIDED = (
    operator.itemgetter(RawMatch._fields.index(field))
    for field in ("start", "end", "code", "elided")
)
_EXPECTED_UNTRUSTED_CA_CODE = 0x8
_UNTRUSTED_CA = MessageKind.UNTRUSTED_CA  # a module global: one look-up per message, not two


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
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    first: ErrorMessage | None = None
    for grammar in _grammars():
        # A later language's message counts only if it starts before the first one found, so
        # its anchors are looked for only there: the rest of the text is never read.
        stop = len(text) if first is None else _start(first)
        for message in _scan_language(text, grammar, stop):
            if first is None or _start(message) < _start(first):
                first = message
            break
    if first is None:
        raise MessageNotFoundError(text)
    return first


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
        stream = _scan_language(text, grammar, len(text))
        first = next(stream, None)
        if first is not None:
            streams.append(itertools.chain((first,), stream))
    if len(streams) == 1:
        return streams[0]  # most texts are in one language: no merging, message by message
    return heapq.merge(*streams, key=_start)


def _start(message: ErrorMessage) -> int:
    return message.span[0] if message.span else 0


def _scan_language(text: str, grammar: Grammar, stop: int) -> Iterator[ErrorMessage]:
    """The messages of one language whose anchors stand before *stop*."""
    done = 0  # where the last message ended: regions may overlap, messages never do
    for start, end in _regions(text, grammar, stop):
        message = None
        for message in _scan_region(text, grammar, start, end, done):
            yield message
        if message is not None and message.span:
            done = message.span[1]


def _scan_region(
    text: str, grammar: Grammar, start: int, end: int, done: int
) -> Iterator[ErrorMessage]:
    """The messages in ``text[start:end]`` that start at *done* or later."""
    final = end >= len(text)
    normalized = normalize(text, start, end, prefixes=False)
    matches = grammar.matches(normalized.text, titles=not final)
    goes_on = bool(matches) and not final and _may_go_on(matches[-1], normalized.text)
    if text.find("\n", start, end) >= 0 and _prefixes_may_matter(
        grammar, normalized.text, matches, goes_on=goes_on
    ):
        normalized = normalize(text, start, end)
        matches = grammar.matches(normalized.text, titles=not final)
        goes_on = bool(matches) and not final and _may_go_on(matches[-1], normalized.text)
    language = grammar.language.tag
    last = len(matches) - 1 if goes_on else -1
    # Offsets of text with nothing replaced (most of a log) need no look-up.
    shift = None if normalized.norm_starts else normalized.base
    for index, raw in enumerate(matches):
        kind, start, end, _, _, _, _ = raw  # one unpacking: this loop runs once per message
        begins = normalized.original_start(start) if shift is None else shift + start
        if begins < done:
            continue  # found by the region before, which overlaps this one
        if index == last:
            # The last match may go on past the reading (or be a header cut off from the rest
            # of its message): it is read again from its own start, with its whole budget.
            yield from _read_from(text, grammar, begins)
        elif kind is not None:
            ends = normalized.original_end(end) if shift is None else shift + end
            if ends - begins > _REACH:
                yield from _read_from(text, grammar, begins)  # the budget is the same everywhere
            else:
                yield _message(raw, kind, language, (begins, ends))


def _prefixes_may_matter(
    grammar: Grammar, normal: str, matches: list[RawMatch], *, goes_on: bool
) -> bool:
    """Whether blanking repeated log prefixes could change what a reading finds.

    It cannot when every match is whole (it has its code, and no cut middle) and every anchor
    stands inside one: a message wrapped over prefixed lines breaks somewhere, and leaves its
    anchor out, or passes for a message whose middle was cut (the prefixes in the "cut").
    A last match that is read again is read with prefixes blanked, and so is what follows it.
    """
    if not matches:
        return True
    whole, limit = (matches[:-1], matches[-1].start) if goes_on else (matches, len(normal))
    # map() over the fields keeps a dense reading's hundreds of matches out of Python frames;
    # an elided text is never empty.
    if None in map(_CODE, whole) or any(map(_ELIDED, whole)):
        return True
    for anchor in grammar.language.anchors:
        total = normal.count(anchor, 0, limit)
        inside = map(normal.count, itertools.repeat(anchor), map(_START, whole), map(_END, whole))
        if total and total != sum(inside):
            return True
    return False


def _read_from(text: str, grammar: Grammar, start: int) -> Iterator[ErrorMessage]:
    """The message that starts at *start*, read with its whole budget (if it is one).

    A short reading comes first: most messages cut off by the end of a region (every region
    of a dense log cuts one) end soon after it, and need no more.
    """
    origin = _line_start(text, start)
    for reach in (2 * _AFTER, _REACH):
        end = min(len(text), start + reach)
        normalized = normalize(text, origin, end)
        raw = _first_from(grammar, normalized, start)
        if raw and (end == len(text) or not _may_go_on(raw, normalized.text)):
            break
    if raw and raw.kind:
        span = start, normalized.original_end(raw.end)
        yield _message(raw, raw.kind, grammar.language.tag, span)


def _line_start(text: str, index: int) -> int:
    """Where the line of *index* starts, if not too far before it; else *index* itself.

    A reading starts there, so that a log prefix on the first line of a message is read, and
    the same prefix on its next lines can be told apart as noise.
    """
    floor = max(0, index - _BEFORE)
    line = text.rfind("\n", floor, index)
    return line + 1 if line >= 0 else 0 if floor == 0 else index


def _first_from(grammar: Grammar, normalized: Normalized, start: int) -> RawMatch | None:
    """The match (message or title) that starts at *start* in the original text, if any."""
    for raw in grammar.matches(normalized.text, titles=True):
        begins = normalized.original_start(raw.start)
        if begins >= start:
            return raw if begins == start else None
    return None


def _may_go_on(raw: RawMatch, text: str) -> bool:
    """Whether more text after *text* could make *raw* longer or a message."""
    if raw.code is not None:
        return raw.end == len(text)  # only a period may follow the code
    rest = len(text) - raw.end
    return rest < _GOES_ON or rest - text.count(" ", raw.end) < _GOES_ON


def _regions(text: str, grammar: Grammar, stop: int) -> Iterator[tuple[int, int]]:
    """Stretches of *text* around confirmed anchors before *stop*; only they are normalised.

    Each anchor's search resumes where the last one ended, so every ``find`` moves forward:
    the whole costs at most one pass over *text* per anchor and confirmation.  Anchors are
    looked for in windows of _WINDOW characters, one after the other, so that parse() reads no
    further than the window of its message.  The longest anchor is looked for first; a shorter
    one (the "X" of text in capitals) only before the first's next hit, in text that its search
    has just brought into the cache.  Anchors inside a region, far enough from its end, are
    passed over, since the region already holds their message.
    """
    header = grammar.language.headers[0]
    anchors = grammar.language.anchors
    plans = {
        anchor: (anchors[anchor], _lead(header, anchor))
        for anchor in sorted(anchors, key=len, reverse=True)
    }
    length = len(text)
    horizon = min(stop, _WINDOW)  # anchors are looked for before it
    # Each anchor's next position, or -1 when it is not known: then no occurrence starts
    # before its resume, where its next search starts (an unconfirmed anchor's resume is past
    # the anchors that the next confirmation cannot reach).
    upcoming = dict.fromkeys(plans, -1)
    resume = dict.fromkeys(plans, 0)
    region_start = region_end = -1
    position = 0
    while True:
        hit = -1
        for word, index in upcoming.items():
            if index < position:
                # Only an occurrence that starts before the hit found so far matters.
                bound = horizon if hit < 0 else min(horizon, hit + len(word) - 1)
                index = upcoming[word] = text.find(word, max(position, resume[word]), bound)  # noqa: PLW2901
                if index < 0:
                    resume[word] = max(resume[word], bound - len(word) + 1)
            if index >= 0 and (hit < 0 or index < hit):
                hit, anchor = index, word
        if hit < 0:
            if horizon >= stop:
                break
            horizon = min(stop, horizon + _WINDOW)
            continue
        confirmations, lead = plans[anchor]
        low = max(0, hit - _CONFIRM)
        for word in confirmations:
            if text.find(word, low, hit + _CONFIRM + len(word)) >= 0:
                break
        else:
            resume[anchor] = _next_confirmable(text, hit, confirmations)
            upcoming[anchor] = -1
            continue
        position = hit + 1
        start = max(0, hit - _BEFORE)
        if lead and lead not in text[start:hit].lower():
            start = max(0, hit - _REACH)  # markup in the first sentence: look further back
        start = _line_start(text, start)
        if region_end < 0 or start > region_end + _AFTER:
            if region_end >= 0:
                yield region_start, region_end
            region_start, region_end = start, min(length, hit + _AFTER)
        else:
            if region_end - region_start >= _REGION_MAX:
                yield region_start, region_end
                region_start = start
            region_end = min(length, hit + _DENSE_STEP)
        position = max(position, region_end - _AFTER // 2)
    if region_end >= 0:
        yield region_start, region_end


def _next_confirmable(text: str, hit: int, confirmations: tuple[str, ...]) -> int:
    """Where to look for anchors after the one at *hit*, which has no confirmation near it.

    No anchor before the next confirmation's reach (or the end of the window looked at) can
    be confirmed, so a log full of unrelated "certificate" lines costs one pass.
    """
    low = max(0, hit - _CONFIRM)
    ahead = [text.find(word, low, low + _SKIP) for word in confirmations]
    following = [index for index in ahead if index >= 0]
    return max(hit + 1, (min(following) if following else low + _SKIP - 64) - _CONFIRM)


@functools.cache
def _lead(header: str, anchor: str) -> str:
    """The first word of *header*, when *anchor* stands after it (lower case)."""
    before = header.lower().partition(anchor.lower())[0]
    return before.split(" ", 1)[0]


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


def _message(
    raw: RawMatch, kind: MessageKind, language: str, span: tuple[int, int]
) -> ErrorMessage:
    # One unpacking rather than an attribute read per field: this runs once per message.
    _, _, _, proxies, target, code_text, elided = raw
    code, notes = (None, ()) if code_text is None else _read_code(code_text)
    if kind is _UNTRUSTED_CA and code is not None and code != _EXPECTED_UNTRUSTED_CA_CODE:
        notes += (
            "KB 923575 expects error message 3's code to always be 0x00000008;"
            f" this one is 0x{code:08X}",
        )
    if len(proxies) == 1:  # most messages name their proxy once: no list to build
        proxy = _clean_name(proxies[0])
    else:
        names = [*filter(None, map(_clean_name, proxies))]  # a clean name is never empty
        if len(names) > 1 and names[0] != names[1]:
            notes += (f"the message names two proxy servers, {names[0]!r} and {names[1]!r}",)
        proxy = names[0] if names else None
    if elided is not None:
        cut = short_repr(elided, _ELIDED_QUOTE)
        notes += (f"part of the message was elided with {cut}; its kind is read from the rest",)
    return trusted_message(
        kind,
        proxy,
        None if target is None else _clean_name(target),
        code,
        code_text,
        span,
        notes,
        language,
    )


def _clean_name(name: str) -> str | None:
    if name and name[0] not in _NAME_LEAD and name[-1] not in _NAME_STRIP and name != _PLACEHOLDER:
        return name  # the common case, already clean
    if not name.strip("."):
        return None  # no name: "connect to the proxy server." or "target site ."
    cleaned = name.strip(_NAME_STRIP)
    if len(cleaned) > 1 and cleaned[0] == cleaned[-1] == _EMPHASIS:
        cleaned = cleaned.strip(_EMPHASIS)
    return None if cleaned in ("", _PLACEHOLDER) else cleaned
