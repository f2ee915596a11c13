"""Turn a language table into one regular expression, and read its matches.

The expression runs on normalised text (see :mod:`proxycert._normalize`), case-insensitively:

    header [ellipsis] ( tail [code]
                      | body [gap tail [code]]
                      | gap (body gap | ) tail [code] )

A match is a message when it has a body or a tail: the header alone is also the title of
articles and forum threads.  A *gap* is whatever a sender put in place of a part they cut
(``[snip]``, ``<cut>``, a line of their own): at most :data:`GAP` characters of normalised
text, never holding the start of another header, and read lazily, so it ends at the first
body or tail.  With a gap, the tail's wording decides the kind when no body is left.

Every quantifier is bounded or over a single character class, and every part after the
header is optional, so an attempt that starts at a header ends after a bounded number of
steps (at most about :data:`GAP` times the few characters each step compares): the search is
linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ._kb import MessageKind
from ._languages import Language

__all__ = ["GAP", "Grammar", "RawMatch"]

# The most normalised characters a gap may hold between the header (or body) and the rest.
# Long enough for a placeholder or a line of the sender's own words; short enough that an
# orphan header costs little, and that the whole message fits in the scanner's first reading.
GAP = 256
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
# Between words: spaces and line breaks.  The normaliser keeps a line break as "\n" and a
# blank line as two, so that names, which follow _BEFORE_NAME, never run across a blank line.
_SPACE = r"[\ \n]*"
_BEFORE_NAME = r"\ *(?:\n\ *)?"
_BOUNDARY = r"(?![^\s(])"
_BEFORE_CODE = r"(?=\.?[\ \n]*\()"


class RawMatch(NamedTuple):
    """What a match says, before names are cleaned and the code is decoded.

    Positions index the normalised text the grammar ran on.
    """

    kind: MessageKind
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
    """The numbers of the pattern's groups, by what they hold."""

    #: Name groups, each with whether a sentence may end right after the name.
    proxy: list[tuple[int, bool]]
    target: list[tuple[int, bool]]
    code: list[int]
    bodies: list[tuple[int, MessageKind]]
    tails: list[tuple[int, MessageKind]]
    gaps: list[int]


class Grammar:
    """The compiled expression of one :class:`Language`, and how to read its groups.

    The expression is lower-case and runs on a lower-cased copy of the text, which lets the
    regular expression engine find the header's opening words by a fast literal search.
    Groups are read from the text itself, through their spans.
    """

    def __init__(self, language: Language) -> None:
        self.language = language
        self._counter = 0
        self._slots: dict[str, list[str]] = {"proxy": [], "target": [], "code": []}
        # Name groups after which a sentence may end (template "~"): their final period is
        # the sentence's, not the name's.
        self._sentence_ends: set[str] = set()
        self._kinds: dict[str, dict[str, MessageKind]] = {"body": {}, "tail": {}}
        self._gaps: list[str] = []
        # No name, and no gap, may start where another header does.
        starts = "|".join(self._compile(re.split(r"[\[{]", t)[0]) for t in language.headers)
        self._not_a_header = f"(?!{starts})"
        headers = "|".join(self._compile(t) for t in language.headers)
        self._source = (
            rf"(?:{headers})"
            rf"(?:{_SPACE}(?P<elided>{_ELLIPSIS}))?"
            r"(?:"
            rf"{_SPACE}{self._tails()}"
            rf"|{_SPACE}{self._bodies()}(?:{self._gap()}{self._tails()})?"
            rf"|{self._gap()}(?:{self._bodies()}{self._gap()})?{self._tails()}"
            r")?"
        )

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled expression, compiled on first use to keep ``import proxycert`` quick."""
        return re.compile(self._source)

    @functools.cached_property
    def _caseless(self) -> re.Pattern[str]:
        # For the rare text whose lower-case copy differs in length (such as "İ").
        return re.compile(self._source, re.IGNORECASE)

    @functools.cached_property
    def _groups(self) -> _Groups:
        index = self.pattern.groupindex

        def names(slot: str) -> list[tuple[int, bool]]:
            return [(index[name], name in self._sentence_ends) for name in self._slots[slot]]

        def kinds(part: str) -> list[tuple[int, MessageKind]]:
            return [(index[name], kind) for name, kind in self._kinds[part].items()]

        return _Groups(
            proxy=names("proxy"),
            target=names("target"),
            code=[index[name] for name in self._slots["code"]],
            bodies=kinds("body"),
            tails=kinds("tail"),
            gaps=[index["elided"], *(index[name] for name in self._gaps)],
        )

    def matches(self, text: str) -> Iterator[RawMatch]:
        """Every message in *text*, in order."""
        lowered = text.lower()
        pattern = self.pattern
        if len(lowered) != len(text):
            lowered, pattern = text, self._caseless
        groups = self._groups
        bodies, tails, gaps = groups.bodies, groups.tails, groups.gaps
        proxy_groups, target_groups, code_groups = groups.proxy, groups.target, groups.code
        for match in pattern.finditer(lowered):
            begins, span = match.start, match.span
            elided = _elided(text, span, gaps)
            for group, body_kind in bodies:
                if begins(group) >= 0:
                    kind = body_kind
                    break
            else:
                for group, tail_kind in tails:
                    if begins(group) >= 0:
                        # With nothing cut, header and tail are message 1; with a cut, the
                        # tail's wording is all that is left to tell the kind.
                        kind = tail_kind if elided else MessageKind.CERTIFICATE_PROBLEM
                        break
                else:
                    continue  # a header alone: a title, not a message
            # A dense log makes one per message: tuple.__new__ skips the Python-level __new__
            # that RawMatch(...) runs, which measured a tenth of a dense scan's time.
            yield tuple.__new__(
                RawMatch,
                (
                    kind,
                    begins(),
                    match.end(),
                    [
                        _name(text, start, end, sentence_may_end=trim)
                        for (start, end), trim in ((span(g), t) for g, t in proxy_groups)
                        if start >= 0
                    ],
                    _first_name(text, span, target_groups),
                    _first(text, span, code_groups),
                    elided,
                ),
            )

    def _bodies(self) -> str:
        return (
            "(?:" + "|".join(self._kind_group("body", k, t) for k, t in self.language.bodies) + ")"
        )

    def _tails(self) -> str:
        codes = "|".join(self._compile(t) for t in self.language.codes)
        tails = "|".join(self._kind_group("tail", k, t) for k, t in self.language.tails)
        return f"(?:{tails})(?:{_SPACE}(?:{codes}))?"

    def _gap(self) -> str:
        name = self._group_name("gap")
        self._gaps.append(name)
        return f"(?P<{name}>(?:{self._not_a_header}[\\s\\S]){{0,{GAP}}}?)"

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
                # that ends where the template's next words start must be read lazily.
                lazy = "" if following in ("~", "^") else "?"
                out.append(f"{self._not_a_header}(?P<{name}>{_NAME}{lazy})")
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
                out.append(_BEFORE_NAME if following.startswith("{") else _SPACE)
            elif piece == "'":
                out.append("'?")
            else:
                out.append(re.escape(piece))
        if depth:
            raise ValueError(f"unbalanced brackets in template {template!r}")
        return "".join(out)


def _elided(text: str, span: Callable[[int], tuple[int, int]], gaps: list[int]) -> str | None:
    """The first ellipsis or gap of a match that holds more than white space."""
    for group in gaps:
        start, end = span(group)
        if end > start:
            cut = text[start:end].strip()
            if cut:
                return cut
    return None


def _name(text: str, start: int, end: int, *, sentence_may_end: bool) -> str:
    if sentence_may_end and text[end - 1] == ".":
        end -= 1  # "…certificate, mail.contoso.com." ends a sentence; "a.b.." keeps its root
    return text[start:end]


def _first_name(
    text: str, span: Callable[[int], tuple[int, int]], groups: list[tuple[int, bool]]
) -> str | None:
    for group, trim in groups:
        start, end = span(group)
        if start >= 0:
            return _name(text, start, end, sentence_may_end=trim)
    return None


def _first(text: str, span: Callable[[int], tuple[int, int]], groups: list[int]) -> str | None:
    for group in groups:
        start, end = span(group)
        if start >= 0:
            return text[start:end]
    return None
