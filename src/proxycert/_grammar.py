"""Turn a language table into regular expressions, and read their matches.

The expressions run on normalised text (see :mod:`proxycert._normalize`), case-insensitively.
The main one reads a message whose parts stand one after the other:

    header [ellipsis] [body] [tail [code]]

A match is a message when it has a body or a tail: the header alone is also the title of
articles and forums.  Every quantifier is bounded or over a single character class, and
every part after the header is optional, so an attempt that starts at a header ends after a
bounded number of steps: the search is linear in the length of the text.

A sender may cut the middle of a message and leave a placeholder (``[snip]``, ``<cut>``) or
a line of their own in its place.  A match that has no tail is therefore looked past: the
first body (if it had none) and the first tail after it, each at most :data:`GAP` characters
of normalised text further on, make one message with it, unless another header starts in
between.  Each look is a search of at most a couple of thousand characters for a body's or
tail's opening words, so it too is bounded; with nothing left of the middle, the tail's
wording decides the kind.
"""

from __future__ import annotations

import functools
import os
import re
from typing import NamedTuple

from ._kb import MessageKind
from ._languages import Language

__all__ = ["GAP", "LOOK_AHEAD", "Grammar", "RawMatch"]

# The most normalised characters that may stand between a header and the body or tail that
# follows it, and between a body and its tail, where part of a message was cut.  Enough for a
# placeholder or a line of the sender's own words, and little enough that a header with no
# tail (a title) costs one short search.
GAP = 256
# How far past the end of a match the body and the tail after a gap are looked for: two gaps,
# a body and a tail with their names and code.
LOOK_AHEAD = 2 * GAP + 1024
# A proxy server or target site name: no white space, brackets of markup, quotes, or
# Japanese sentence punctuation.  Square brackets stay: the KB writes names as [servername].
_NAME = r"[^\s()<>\"「」。、]{1,255}"
# What stands in the code's place: one token of up to 64 characters, read later by the one
# reader of codes (decode), which says what it cannot read.  A code as Outlook prints it
# (bare hexadecimal), as documentation writes it (0x00000008, 0×8), in full-width digits, the
# KB's placeholder %s, and anything else in its place, such as "1O" from OCR, which then
# gets a note rather than passing for a message without a code.
_CODE = r"[^\s()]{1,64}"
_ELLIPSIS = r"(?:\.\s?){3}|…"
# Between words: spaces and line breaks.  The normaliser keeps a line break as a line feed and
# a blank line as two, so that names, which follow _BEFORE_NAME, never run across a blank line.
_SPACE = r"[\ \n]*"
_BEFORE_NAME = r"\ *(?:\n\ *)?"
# After a word: a name glued to it ("proxy server0") is part of that word, not a name.
_BEFORE_NAME_AFTER_WORD = r"(?:\ +(?:\n\ *)?|\n\ *)"
_BOUNDARY = r"(?![^\s(])"
# Before a name that the code follows: the whole parenthesis, not only its "(" ("server\n0("
# names nothing).
_BEFORE_CODE = r"(?=\.?[\ \n]*\([^()]{1,80}\))"


# A module global: read once per match, not looked up on the enum each time.
_CERTIFICATE_PROBLEM = MessageKind.CERTIFICATE_PROBLEM


class RawMatch(NamedTuple):
    """What a match says, before names are cleaned and the code is decoded.

    Positions index the normalised text the grammar ran on.
    """

    #: None for a header alone (a title, not a message), which only ``matches(titles=True)``
    #: gives.
    kind: MessageKind | None
    start: int
    end: int
    #: The proxy names as printed, in the order they stand (a message may name it twice),
    #: without the period that ends a sentence after a name.
    proxies: list[str]
    target: str | None
    #: The code as printed, or None when the message has none.
    code: str | None
    #: What stands where part of the message was cut ("...", "[snip]"), or None.
    elided: str | None


class _Groups(NamedTuple):
    """The numbers of one pattern's groups, by what they hold."""

    #: Name groups, each with whether a sentence may end right after the name.
    proxy: list[tuple[int, bool]]
    target: list[tuple[int, bool]]
    code: list[int]
    bodies: list[tuple[int, MessageKind]]
    tails: list[tuple[int, MessageKind]]


class _Patterns(NamedTuple):
    """The compiled expressions of a grammar."""

    main: re.Pattern[str]
    header_start: re.Pattern[str]
    body: re.Pattern[str]
    tail: re.Pattern[str]


class Grammar:
    """The compiled expressions of one :class:`Language`, and how to read their groups.

    The expressions are lower-case and run on a lower-cased copy of the text, which lets the
    regular expression engine find the header's opening words by a fast literal search; text
    in capitals matches as well.
    Groups are read from the text itself, through their spans.
    """

    def __init__(self, language: Language) -> None:
        self.language = language
        self._counter = 0
        # Group names by what they hold, over all the expressions; each expression has some.
        self._slots: dict[str, list[str]] = {"proxy": [], "target": [], "code": []}
        # Name groups after which a sentence may end (template "~"): their final period is
        # the sentence's, not the name's.
        self._sentence_ends: set[str] = set()
        self._kinds: dict[str, dict[str, MessageKind]] = {"body": {}, "tail": {}}
        # A header's opening words, up to its first optional part or name.
        self._header_start = "|".join(
            self._compile(re.split(r"[\[{]", template)[0]) for template in language.headers
        )
        headers = "|".join(self._compile(t) for t in language.headers)
        self._sources = (
            rf"(?:{headers})(?:{_SPACE}(?P<elided>{_ELLIPSIS}))?"
            rf"(?:{_SPACE}{self._bodies()})?(?:{_SPACE}{self._tails()})?",
            self._header_start,
            self._bodies(),
            self._tails(),
        )

    @property
    def pattern(self) -> re.Pattern[str]:
        """The main expression, compiled on first use to keep ``import proxycert`` quick."""
        return self._cased.main

    @functools.cached_property
    def _cased(self) -> _Patterns:
        return _Patterns(*(re.compile(source) for source in self._sources))

    @functools.cached_property
    def _groups(self) -> tuple[_Groups, _Groups, _Groups]:
        """The groups of the main, body and tail expressions."""
        patterns = self._cased
        return (
            self._groups_of(patterns.main),
            self._groups_of(patterns.body),
            self._groups_of(patterns.tail),
        )

    def _groups_of(self, pattern: re.Pattern[str]) -> _Groups:
        index = pattern.groupindex

        def names(slot: str) -> list[tuple[int, bool]]:
            return [
                (index[name], name in self._sentence_ends)
                for name in self._slots[slot]
                if name in index
            ]

        def kinds(part: str) -> list[tuple[int, MessageKind]]:
            return [
                (index[name], kind) for name, kind in self._kinds[part].items() if name in index
            ]

        return _Groups(
            proxy=names("proxy"),
            target=names("target"),
            code=[index[name] for name in self._slots["code"] if name in index],
            bodies=kinds("body"),
            tails=kinds("tail"),
        )

    def matches(self, text: str, *, titles: bool = False) -> list[RawMatch]:
        """Every message in *text*, in order.

        With *titles*, a header alone that follows the last message comes last: a reading
        that stops short may have cut it off from the rest of its message.  A list, not a
        generator: a dense reading holds hundreds of matches, and its caller wants them all.
        """
        lowered = text.lower()
        if len(lowered) != len(text):
            # One case policy for every text, whatever else it holds: "İ" is the one character
            # whose lower case is longer (a test checks); it stands for no letter of the wording.
            lowered = text.replace("\u0130", "\ufffd").lower()
        patterns = self._cased
        groups = self._groups[0]
        elided_group = self.pattern.groupindex["elided"]
        title = None
        found: list[RawMatch] = []
        for match in patterns.main.finditer(lowered):
            kind, tail_kind, proxies, target, code = _read(text, match, groups)
            start, end = match.span(elided_group)
            ellipsis = text[start:end].strip() if start >= 0 else None
            if tail_kind is None:
                # No tail: part of the message may have been cut; look past the gap.
                past = _past_gap(lowered, match.end(), patterns, need_body=kind is None)
                if past is not None:
                    title = None
                    found.append(self._joined(text, match, past, kind=kind, ellipsis=ellipsis))
                    continue
                if kind is None:
                    title = match  # a header alone: a title, not a message
                    continue
            elif kind is None:
                # With nothing cut, header and tail are message 1; with a cut, the tail's
                # wording is all that is left to tell the kind.
                kind = tail_kind if ellipsis else _CERTIFICATE_PROBLEM
            title = None
            start, end = match.span()
            # tuple.__new__ skips the Python-level __new__ that RawMatch(...) runs, which
            # measured a tenth of a dense scan's time; a tuple of named values, not one built
            # from unpacked ones, another twentieth.
            found.append(
                tuple.__new__(RawMatch, (kind, start, end, proxies, target, code, ellipsis))
            )
        if titles and title is not None:
            found.append(RawMatch(None, title.start(), title.end(), [], None, None, None))
        return found

    def _joined(
        self,
        text: str,
        match: re.Match[str],
        found: tuple[re.Match[str] | None, re.Match[str]],
        *,
        kind: MessageKind | None,
        ellipsis: str | None,
    ) -> RawMatch:
        """One message from a match and the body and tail found past a gap after it."""
        body, tail = found
        groups, body_groups, tail_groups = self._groups
        _, _, proxies, target, _ = _read(text, match, groups)
        if body is not None:
            kind, _, _, target, _ = _read(text, body, body_groups)
        _, tail_kind, tail_proxies, _, code = _read(text, tail, tail_groups)
        before_tail = match.end() if body is None else body.end()
        cuts = [text[match.end() : body.start()]] if body is not None else []
        cuts.append(text[before_tail : tail.start()])
        elided = ellipsis or next((cut.strip() for cut in cuts if cut.strip()), None)
        if kind is None:
            kind = tail_kind if elided and tail_kind else MessageKind.CERTIFICATE_PROBLEM
        return RawMatch(
            kind, match.start(), tail.end(), proxies + tail_proxies, target, code, elided
        )

    def _bodies(self) -> str:
        return self._kind_groups("body", self.language.bodies)

    def _tails(self) -> str:
        codes = "|".join(self._compile(t) for t in self.language.codes)
        return f"{self._kind_groups('tail', self.language.tails)}(?:{_SPACE}(?:{codes}))?"

    def _kind_groups(self, part: str, templates: tuple[tuple[MessageKind, str], ...]) -> str:
        # The opening word they share stands before the alternatives, outside any group: an
        # expression that starts with a literal is searched for by a fast scan for it.
        shared = os.path.commonprefix([t.lower() for _, t in templates])  # noqa: RUF071 - strings
        prefix = shared[: next((i for i, c in enumerate(shared) if not c.isalnum()), len(shared))]
        alternatives = "|".join(
            self._kind_group(part, kind, template[len(prefix) :]) for kind, template in templates
        )
        return f"{re.escape(prefix)}(?:{alternatives})"

    def _kind_group(self, part: str, kind: MessageKind, template: str) -> str:
        name = self._group_name(part)
        self._kinds[part][name] = kind
        return f"(?P<{name}>{self._compile(template)})"

    def _group_name(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def _compile(self, template: str) -> str:
        """The regular expression for one template of the notation in :mod:`._languages`."""
        out: list[str] = []
        depth = 0
        pieces = re.findall(r"\{\w+\}|.", template.lower())
        word = False  # whether the last literal of the template ends a word (ASCII)
        for piece, following in zip(pieces, [*pieces[1:], ""]):
            if piece.startswith("{") and len(piece) > 1:
                slot = piece[1:-1]
                name = self._group_name(slot)
                self._slots[slot].append(name)
                if slot == "code":
                    out.append(f"(?P<{name}>{_CODE})")
                    continue
                if following == "~":
                    self._sentence_ends.add(name)
                # A name that runs to white space is read greedily, in one fast loop; one
                # that ends where the template's next words start must be read lazily.  No
                # name starts where a header does: that is the next message.
                lazy = "" if following in ("~", "^") else "?"
                out.append(f"(?!{self._header_start})(?P<{name}>{_NAME}{lazy})")
            elif piece == "[":
                depth += 1
                out.append("(?:")
            elif piece == "]":
                depth -= 1
                out.append(")?")
            elif piece == "~":
                out.append(_BOUNDARY)
            elif piece == "^":
                out.append(_BEFORE_CODE)
            elif piece == " ":
                if not following.startswith("{"):
                    out.append(_SPACE)
                else:
                    out.append(_BEFORE_NAME_AFTER_WORD if word else _BEFORE_NAME)
            elif piece == "'":
                out.append("'?")
            else:
                out.append(re.escape(piece))
                word = piece.isascii() and piece.isalnum()
                continue
            word = word and piece in "[]"  # only brackets stand between a word and its name
        if depth:
            raise ValueError(f"unbalanced brackets in template {template!r}")
        return "".join(out)


def _past_gap(
    lowered: str, end: int, patterns: _Patterns, *, need_body: bool
) -> tuple[re.Match[str] | None, re.Match[str]] | None:
    """The body (when *need_body*) and the tail that follow a gap after *end*, if any.

    Each starts at most :data:`GAP` characters after what it follows, and no header may
    start before the tail: the tail would be another message's.
    """
    limit = min(len(lowered), end + LOOK_AHEAD)
    tail = patterns.tail.search(lowered, end, limit)
    if tail is None or patterns.header_start.search(lowered, end, tail.start()):
        return None
    body = patterns.body.search(lowered, end, tail.start()) if need_body else None
    if body is not None and body.start() - end <= GAP and tail.start() - body.end() <= GAP:
        return body, tail
    if tail.start() - end <= GAP:
        return None, tail
    return None


def _read(
    text: str, match: re.Match[str], groups: _Groups
) -> tuple[MessageKind | None, MessageKind | None, list[str], str | None, str | None]:
    """What a match says: the kinds of its body and tail, its proxy names, target site and code.

    Names and code are read as the text writes them.
    A name that a sentence may end after loses one final period: "…certificate,
    mail.contoso.com." names mail.contoso.com, and "a.b.." the fully qualified "a.b.".
    Spans come from ``Match.span``; a group that did not take part in the match has -1.
    One function and plain loops, not one per field or comprehensions: a dense log reads a
    match per line, and each call or comprehension frame measured about a twentieth of it.
    """
    begins = match.start
    for group, kind in groups.bodies:  # noqa: B007 - the loop variable is the result
        if begins(group) >= 0:
            break
    else:
        kind = None
    for group, tail_kind in groups.tails:  # noqa: B007
        if begins(group) >= 0:
            break
    else:
        tail_kind = None
    span = match.span
    proxies = []
    for group, trim in groups.proxy:
        start, end = span(group)
        if start >= 0:
            proxies.append(text[start : end - (trim and text[end - 1] == ".")])
    target = code = None
    for group, trim in groups.target:
        start, end = span(group)
        if start >= 0:
            target = text[start : end - (trim and text[end - 1] == ".")]
            break
    for group in groups.code:
        start, end = span(group)
        if start >= 0:
            code = text[start:end]
            break
    return kind, tail_kind, proxies, target, code
