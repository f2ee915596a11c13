"""Normalise pasted text for matching, keeping a map back to the caller's offsets.

Real pastes wrap sentences over lines, quote them with ``> ``, wrap them in HTML and
Markdown, and swap apostrophes.  Matching runs on a normalised copy in which every run of
such noise is one plain space (or nothing, for markup inside a word), entities are decoded
and typographic quotes are plain.  Line feeds stay, and a run of noise that holds a
blank line (a quoted one included) becomes two, so that the grammar can keep names from
running across a blank line.  Runs of plain spaces are left as they are, because
looking at every space would cost more than the grammar's tolerance of them.  The copy is
built from slices of the original plus short replacements, and each replacement is
recorded, so that any offset in the copy maps back to the original text in O(log n).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from typing import NamedTuple

__all__ = ["Normalized", "normalize"]

# White space other than the plain space and the line feed (the characters of str.isspace(),
# listed so that they need not be computed at import; a test checks the list), and typographic
# quotes and full-width parentheses.  Each becomes one plain character, so offsets do not move.
_SPACE_LIKE = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ONE_FOR_ONE = str.maketrans(
    {
        **dict.fromkeys(_SPACE_LIKE, " "),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f", '"'),
        "\uff08": "(",
        "\uff09": ")",
    }
)

_ASCII_SPACE_LIKE = [char for char in _SPACE_LIKE if char.isascii()]
# The characters a noise match starts with (see _NOISE).
_NOISE_STARTS = "*`<&>"

# An item of a noise run.  Every branch fails after a bounded number of steps, so the search
# is linear: a ">" counts only after white space or another ">" (a mail quote marker), and an
# HTML tag is at most 256 characters long.
_ITEM = r"""
      \s
    | >(?<![^\s>]>)
    | <[/!?a-zA-Z][^<>]{0,256}>
    | &(?:nbsp|\#160|\#x0*a0|\#32|\#x0*20);
    | [*`]
"""
# The pattern opens with one character class, which lets the regular expression engine skip
# ordinary text in C; what follows depends on the character it found.  Runs of plain spaces
# are left alone: the grammar takes any number of them.
_NOISE = rf"""
    [*`<&>]
    (?:
        (?<=&)(?:nbsp|\#160|\#x0*a0|\#32|\#x0*20);(?:{_ITEM})*
      | (?<=&)(?P<entity>\#[0-9]{{1,7}};|\#x[0-9a-fA-F]{{1,6}};|[a-zA-Z][a-zA-Z0-9]{{1,9}};)
      | (?<=<)[/!?a-zA-Z][^<>]{{0,256}}>(?:{_ITEM})*
      | (?<=>)(?<![^\s>]>)(?:{_ITEM})*
      | (?<=[*`])(?:{_ITEM})*
    )
    """

# Markup inside a word (``<b>proxy</b>``) disappears; anything else in a run is a space.
_INLINE_ONLY = r"""(?:[*`>]|</?(?:a|abbr|b|big|code|em|font|i|mark|s|small|span|strike|strong|sub|sup|tt|u)
    (?:\s[^<>]*)?>)*"""

# A bare tag that HTML does not define, such as <cut> or <snip>, is no markup: it is the
# placeholder a sender left where they cut part of a message, and it stays in the copy, so
# that the scanner can say what was cut.  Namespaced (<o:p>) and custom (<x-y>) elements, and
# tags with attributes, are markup.
_BARE_TAG = r"<([a-zA-Z][a-zA-Z0-9]*)>"
_HTML_ELEMENTS = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink
    blockquote body br button canvas caption center cite code col colgroup data datalist dd
    del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer
    form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins
    kbd label legend li link main map mark marquee math menu meta meter nav nobr noframes
    noscript object ol optgroup option output p param picture plaintext pre progress q rp rt
    ruby s samp script search section select slot small source span strike strong style sub
    summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u
    ul var video wbr xmp""".split()  # noqa: SIM905 - a word list, not 130 one-word lines
)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Compiled on first use, not at import: most programs that import proxycert for one
    # decode() never normalise anything.
    return (
        re.compile(_NOISE, re.VERBOSE),
        re.compile(_INLINE_ONLY, re.VERBOSE | re.IGNORECASE),
        re.compile(_BARE_TAG),
    )


class Normalized(NamedTuple):
    """A normalised copy of ``original[start:end]`` and the map back to it."""

    text: str
    # Sorted offsets in ``text`` where a replaced piece starts and ends, with the original span
    # it replaced.  Between replacements the copy is the original, one for one.
    norm_starts: list[int]
    norm_ends: list[int]
    orig_starts: list[int]
    orig_ends: list[int]
    #: The offset in the original of ``text[0]``.
    base: int

    def original_start(self, index: int) -> int:
        """The original offset of the character at *index* in :attr:`text`."""
        if not self.norm_starts:
            return self.base + index
        k = bisect_right(self.norm_starts, index) - 1
        if k < 0:
            return self.base + index
        if index < self.norm_ends[k]:
            return self.orig_starts[k]
        return self.orig_ends[k] + (index - self.norm_ends[k])

    def original_end(self, index: int) -> int:
        """The original offset just past the character before *index* in :attr:`text`."""
        if not self.norm_starts:
            return self.base + index
        k = bisect_right(self.norm_starts, index - 1) - 1
        if k < 0:
            return self.base + index
        if index - 1 < self.norm_ends[k]:
            return self.orig_ends[k]
        return self.orig_ends[k] + (index - self.norm_ends[k])


def normalize(original: str, start: int = 0, end: int | None = None) -> Normalized:
    """Normalise ``original[start:end]``; offsets map back into *original* itself."""
    end = len(original) if end is None else end
    work = _one_for_one(original[start:end])
    if not any(char in work for char in _NOISE_STARTS):
        return Normalized(work, [], [], [], [], start)  # plain text, as most of a log is
    pieces: list[str] = []
    norm_starts: list[int] = []
    norm_ends: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    length = 0
    copied_to = 0
    noise, inline_only, bare_tag = _patterns()
    for match in noise.finditer(work):
        for m_start, m_end, proposed in _runs(match, inline_only, bare_tag):
            run, replacement = work[m_start:m_end], proposed
            if replacement == " " and _holds_blank_line(work, m_start, run):
                replacement = "\n\n"
            elif replacement == " " and m_start > 0 and work[m_start - 1] == " ":
                replacement = ""  # the space before the run already stands for it
            elif replacement == run:
                continue
            pieces.append(work[copied_to:m_start])
            length += m_start - copied_to
            pieces.append(replacement)
            norm_starts.append(length)
            length += len(replacement)
            norm_ends.append(length)
            orig_starts.append(start + m_start)
            orig_ends.append(start + m_end)
            copied_to = m_end
    if not pieces:
        return Normalized(work, norm_starts, norm_ends, orig_starts, orig_ends, start)
    pieces.append(work[copied_to:])
    return Normalized("".join(pieces), norm_starts, norm_ends, orig_starts, orig_ends, start)


def _holds_blank_line(work: str, start: int, run: str) -> bool:
    """Whether a run of noise, with the line break just before it, makes a blank line."""
    breaks = run.count("\n")
    if breaks != 1:
        return breaks > 1
    before = start - 1
    while before >= 0 and work[before] == " ":
        before -= 1  # each run looks back only over the spaces since the one before it
    return before >= 0 and work[before] == "\n"


def _one_for_one(text: str) -> str:
    if not text.isascii():
        return text.translate(_ONE_FOR_ONE)
    # str.replace is several times faster than str.translate, and ASCII has few such characters.
    for char in _ASCII_SPACE_LIKE:
        if char in text:
            text = text.replace(char, " ")
    return text


def _runs(
    match: re.Match[str], inline_only: re.Pattern[str], bare_tag: re.Pattern[str]
) -> tuple[tuple[int, int, str], ...]:
    """The stretches of a noise match to replace, each with its replacement.

    One, the whole match, but for a run that holds a sender's placeholder (``<cut>``): the
    placeholder is copied as it stands, and the noise on either side of it is a space.
    """
    m_start, m_end = match.span()
    text = match.group()
    if match.group("entity") is not None:
        import html  # its table of entities is large; few texts need it

        decoded = html.unescape(text)
        return ((m_start, m_end, decoded.translate(_ONE_FOR_ONE) if len(decoded) == 1 else text),)
    if inline_only.fullmatch(text):
        return ((m_start, m_end, ""),)
    for tag in bare_tag.finditer(text):
        if tag[1].lower() not in _HTML_ELEMENTS:
            # The first placeholder is enough to tell; the rest of the run is noise.
            before, after = (m_start, m_start + tag.start(), " "), (m_start + tag.end(), m_end, " ")
            return tuple(run for run in (before, after) if run[1] > run[0])
    return ((m_start, m_end, " "),)
