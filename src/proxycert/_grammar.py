"""Turn a language table into one regular expression, and read its matches.

The expression runs on normalised text (see :mod:`proxycert._normalize`), case-insensitively:

    header [ellipsis] [body] [tail [code]]

A match is a message when it has a body or a tail: the header alone is also the title of
articles and forum threads.  Every quantifier is bounded or over a single character class,
and every part after the header is optional, so an attempt that starts at a header always
succeeds after a bounded number of steps: the search is linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from ._kb import MessageKind
from ._languages import Language
from ._numbers import HEX_DIGIT, HEX_PREFIX

__all__ = ["Grammar", "RawMatch"]

# A proxy server or target site name: no white space, brackets of markup, quotes, or
# Japanese sentence punctuation.  Square brackets stay: the KB writes names as [servername].
_NAME = r"[^\s()<>\"「」。、]{1,255}"
# A code as Outlook prints it (bare hexadecimal), as documentation writes it (0x00000008, or
# 0×8 after typography), in full-width digits (Japanese text), or the KB's own placeholder:
# what decode() reads, so that every code the grammar takes is read the same way.
_CODE = rf"(?:{HEX_PREFIX})?{HEX_DIGIT}{{1,16}}(?![0-9a-z０-９ａ-ｚ])|%s"
_ELLIPSIS = r"(?:\.\s?){3}|…"
_BOUNDARY = r"(?![^\s(])"
_BEFORE_CODE = r"(?=\.?\ *\()"


class RawMatch(NamedTuple):
    """What a match says, before names are cleaned and the code is decoded.

    Positions index the normalised text the grammar ran on.
    """

    #: None for a header alone (a title, not a message), which only ``matches(titles=True)``
    #: gives.
    kind: MessageKind | None
    start: int
    end: int
    #: The proxy names as printed, in the order they stand (a message may name it twice).
    proxies: list[str]
    target: str | None
    #: The code as printed, or None when the message has none.
    code: str | None
    #: Whether part of the message was elided with "...".
    elided: bool


class _Groups(NamedTuple):
    """The numbers of the pattern's groups, by what they hold."""

    proxy: list[int]
    target: list[int]
    code: list[int]
    kinds: list[tuple[int, MessageKind]]
    tail: int
    elided: int


class Grammar:
    """The compiled expression of one :class:`Language`, and how to read its groups.

    The expression is lower-case and runs on a lower-cased copy of the text, which lets the
    regular expression engine find the header's opening words by a fast literal search; text
    in capitals matches as well.
    Groups are read from the text itself, through their spans.
    """

    def __init__(self, language: Language) -> None:
        self.language = language
        self._counter = 0
        self._slots: dict[str, list[str]] = {"proxy": [], "target": [], "code": []}
        self._bodies: dict[str, MessageKind] = {}
        headers = "|".join(self._compile(t) for t in language.headers)
        bodies = "|".join(self._body(kind, t) for kind, t in language.bodies)
        tails = "|".join(self._compile(t) for t in language.tails)
        codes = "|".join(self._compile(t) for t in language.codes)
        self._source = (
            rf"(?:{headers})"
            rf"(?:\ *(?P<elided>{_ELLIPSIS}))?"
            rf"(?:\ *(?:{bodies}))?"
            rf"(?:\ *(?P<tail>{tails})(?:\ *(?:{codes}))?)?"
        )

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled expression, compiled on first use to keep ``import proxycert`` quick."""
        return re.compile(self._source)

    @functools.cached_property
    def _groups(self) -> _Groups:
        index = self.pattern.groupindex
        return _Groups(
            proxy=[index[name] for name in self._slots["proxy"]],
            target=[index[name] for name in self._slots["target"]],
            code=[index[name] for name in self._slots["code"]],
            kinds=[(index[name], kind) for name, kind in self._bodies.items()],
            tail=index["tail"],
            elided=index["elided"],
        )

    def matches(self, text: str, *, titles: bool = False) -> Iterator[RawMatch]:
        """Every message in *text*, in order.

        With *titles*, a header alone that follows the last message comes last: a reading
        that stops short may have cut it off from the rest of its message.
        """
        lowered = text.lower()
        if len(lowered) != len(text):
            # One case policy for every text, whatever else it holds: "İ" is the one character
            # whose lower case is longer (a test checks); it stands for no letter of the wording.
            lowered = text.replace("\u0130", "\ufffd").lower()
        groups = self._groups
        kinds, tail, elided = groups.kinds, groups.tail, groups.elided
        proxy_groups, target_groups, code_groups = groups.proxy, groups.target, groups.code
        title = None
        for match in self.pattern.finditer(lowered):
            begins, span = match.start, match.span
            kind = MessageKind.CERTIFICATE_PROBLEM
            for group, body_kind in kinds:
                if begins(group) >= 0:
                    kind = body_kind
                    break
            else:
                if begins(tail) < 0:
                    title = match  # a header alone: a title, not a message
                    continue
            title = None
            # A dense log makes one per message: tuple.__new__ skips the Python-level __new__
            # that RawMatch(...) runs, which measured a tenth of a dense scan's time.
            yield tuple.__new__(
                RawMatch,
                (
                    kind,
                    begins(),
                    match.end(),
                    [text[a:b] for a, b in map(span, proxy_groups) if a >= 0],
                    _first(text, span, target_groups),
                    _first(text, span, code_groups),
                    begins(elided) >= 0,
                ),
            )
        if titles and title is not None:
            yield RawMatch(None, title.start(), title.end(), [], None, None, elided=False)

    def _body(self, kind: MessageKind, template: str) -> str:
        name = self._group_name("body")
        self._bodies[name] = kind
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
                # A name that runs to white space is read greedily, in one fast loop; one
                # that ends where the template's next words start must be read lazily.
                lazy = "" if following in ("~", "^") else "?"
                out.append(f"(?P<{name}>{_CODE if slot == 'code' else _NAME + lazy})")
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
                out.append(r"\ *")
            elif piece == "'":
                out.append("'?")
            else:
                out.append(re.escape(piece))
        if depth:
            raise ValueError(f"unbalanced brackets in template {template!r}")
        return "".join(out)


def _first(text: str, span: Callable[[int], tuple[int, int]], groups: list[int]) -> str | None:
    for group in groups:
        start, end = span(group)
        if start >= 0:
            return text[start:end]
    return None
