"""Normalise pasted text for matching, keeping a map back to the caller's offsets.

Real pastes wrap sentences over lines, quote them with ``> `` or ``| ``, wrap them in HTML
and Markdown, swap apostrophes, and log them over several lines that each start with the same
prefix.  Matching runs on a normalised copy in which every run of
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
_NOISE_STARTS = "*`<&>|"

# Tags that are no markup: the placeholders senders leave where they cut part of a message.
# They stay in the copy, so that the scanner can say what was cut.  (A longer list of words
# would cost every tag of an HTML mail a longer look.)
_PLACEHOLDER = r"(?!(?i:cut|snip|snipped)>)"
# An HTML tag after its "<": quotes only around values, right after their "=" (at most 8, of
# up to 256 characters each), no parentheses outside them, at most 256 characters between
# them (text in angle brackets, such as a message between "<a" and ">", is no tag); or a
# processing instruction ("<?xml ...?>").  Each run stops where the next part must start, so
# nothing is read twice; most tags have no quotes, and end after their first run.  Only a tag
# that starts with "cu" or "sn" (in any case) is checked for a placeholder: the check costs
# every tag it runs on, and Outlook's mail is full of "<span".
_TAG = rf"""
    (?:
        (?:
            [/!abd-rt-zABD-RT-Z][^<>'"()]{{0,256}}
          | [cCsS](?:[^<>'"()uUnN][^<>'"()]{{0,255}})?
          | {_PLACEHOLDER}[cCsS][uUnN][^<>'"()]{{0,255}}
        )
        (?:>|(?:(?<==)(?:"[^"<>]{{0,256}}"|'[^'<>]{{0,256}}')[^<>'"()]{{0,256}}){{1,8}}>)
      | \?[^<>]{{0,255}}\?>
    )
"""
# An item of a noise run.  Every branch fails after a bounded number of steps, so the search
# is linear: a ">" or "|" counts only after white space or another marker (a mail quote
# marker), and an HTML tag is bounded (see _TAG).  Each branch starts with its own characters,
# so their order is only for speed: tags first, as in HTML mail.
_ITEM = rf"""
      <{_TAG}
    | \s
    | [>|](?<![^\s>|][>|])
    | &(?:nbsp|\#160|\#x0*a0|\#32|\#x0*20);
    | [*`]
"""
# The pattern opens with one character class, which lets the regular expression engine skip
# ordinary text in C; what follows depends on the character it found.  Runs of plain spaces
# are left alone: the grammar takes any number of them.
_NOISE = rf"""
    [*`<&>|]
    (?:
        (?<=<){_TAG}(?:{_ITEM})*
      | (?<=&)(?:nbsp|\#160|\#x0*a0|\#32|\#x0*20);(?:{_ITEM})*
      | (?<=&)(?P<entity>\#[0-9]{{1,7}};|\#x[0-9a-fA-F]{{1,6}};|[a-zA-Z][a-zA-Z0-9]{{1,9}};)
      | (?<=[>|])(?<![^\s>|][>|])(?:{_ITEM})*
      | (?<=[*`])(?:{_ITEM})*
    )
    """

# Markup inside a word (``<b>proxy</b>``) disappears; anything else in a run is a space.
_INLINE_ONLY = r"""(?:[*`>|]|</?(?:a|abbr|b|big|code|em|font|i|mark|s|small|span|strike|strong|sub|sup|tt|u)
    (?:\s[^<>]*)?>)*"""


# A log prefix: tokens that hold a digit (dates, times, ids), [sources], names ending in a
# colon and levels, each followed by blanks and perhaps a "|" separator.  Each is bounded.  A
# prefix starts with a token, so that "| " quote markers alone are not one.
_PREFIX_PART = r"""
    (?:
          (?=[^\s\d]{0,39}\d)\S{1,40}
        | \[[^\]\n]{1,40}\]
        | [A-Za-z][\w.-]{0,39}:
        | (?:ERROR|ERR|WARNING|WARN|INFO|DEBUG|TRACE|FATAL|CRITICAL|NOTICE|VERBOSE)
    )
    [\ \t]+(?:\|[\ \t]+)?
"""
# Lines that start with the same prefix, as when a log wraps one message over several lines:
# the prefixes after the first line's are noise.  The first line's prefix is its longest (the
# lookahead is never gone back into, so each line is read once), and the next lines must
# start with it exactly; a line that goes on with a number after it still counts.  The
# pattern starts with the line break before the first line, a literal the engine finds fast.
_REPEATED_PREFIX = rf"""
    \n(?=(?P<prefix>(?:{_PREFIX_PART}){{1,12}}))(?P=prefix)[^\n]*(?:\n(?P=prefix)[^\n]*)+
"""


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # Compiled on first use, not at import: most programs that import proxycert for one
    # decode() never normalise anything.
    return (
        re.compile(_NOISE, re.VERBOSE),
        re.compile(_INLINE_ONLY, re.VERBOSE | re.IGNORECASE),
        re.compile(_REPEATED_PREFIX, re.VERBOSE),
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


def normalize(
    original: str, start: int = 0, end: int | None = None, *, prefixes: bool = True
) -> Normalized:
    """Normalise ``original[start:end]``; offsets map back into *original* itself.

    With *prefixes* false, log prefixes that repeat from line to line are left as they are:
    finding them costs more than the rest, and most readings do not need it.
    """
    end = len(original) if end is None else end
    chunk = original[start:end]
    work = _one_for_one(chunk)
    if prefixes and "\n" in chunk:
        work = _blank_repeated_prefixes(chunk, work)
    if not any(char in work for char in _NOISE_STARTS):
        return Normalized(work, [], [], [], [], start)  # plain text, as most of a log is
    pieces: list[str] = []
    norm_starts: list[int] = []
    norm_ends: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    length = 0
    copied_to = 0
    size = len(work)
    for match in _patterns()[0].finditer(work):
        m_start, m_end = match.span()
        run = match.group()
        replacement = _replacement(run, match.lastgroup)
        if replacement == " " and "\n" in run and _holds_blank_line(work, m_start, run):
            replacement = "\n\n"
        # A host name goes on after the run only in lower case or digits, and stops before it
        # at a dot or a line break (perhaps with spaces after it): test those first.
        elif (
            m_end < size
            and work[m_end] in _LABEL_STARTS
            and work[m_start - 1] in " \n."
            and (joined := _host_break(work, chunk, copied_to, m_start, m_end)) >= 0
        ):
            m_start, replacement = joined, ""
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


def _blank_repeated_prefixes(chunk: str, work: str) -> str:
    """*work* with each log prefix that repeats the line before's turned into spaces."""
    pieces: list[str] = []
    copied_to = 0
    # The first line counts too, with a line break before it: offsets in `lines` are one more
    # than in `chunk`, so a line break found at `at` has its prefix at `at` in `chunk`.
    lines = "\n" + chunk
    for match in _patterns()[2].finditer(lines):
        repeated = "\n" + match.group("prefix")
        at = lines.find(repeated, match.start() + 1, match.end())
        while at >= 0:
            pieces += (work[copied_to:at], " " * (len(repeated) - 1))
            copied_to = at + len(repeated) - 1
            at = lines.find(repeated, at + len(repeated), match.end())
    if not pieces:
        return work
    pieces.append(work[copied_to:])
    return "".join(pieces)


# A host name's labels, as they stand before the dot where a quoted line break cut it.
_HOST = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_LABEL_STARTS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _host_break(work: str, chunk: str, floor: int, start: int, end: int) -> int:
    """Where to join a host name cut at a dot by the quoted line break at ``work[start:end]``.

    ``mail.contoso.`` then ``> com.`` on the next line is one name: the break goes, and -1
    says there is none to join.  The caller has checked that the next line goes on in lower
    case or digits (a sentence starts with a capital); the name before the break must already
    hold a dot.
    """
    dot = start - 1
    while dot > floor and work[dot] in " \n":
        dot -= 1
    if dot < 1 or work[dot] != "." or not any(c in chunk[dot:end] for c in "\r\n"):
        return -1
    if work.count("\n", dot, end) > 1:
        return -1  # a blank line: no name runs across one
    token = work[max(0, dot - 256) : dot]
    token = token[max(token.rfind(" "), token.rfind("\n")) + 1 :].lstrip("'\"*_`([")
    return dot + 1 if _HOST.fullmatch(token) else -1


def _one_for_one(text: str) -> str:
    if not text.isascii():
        return text.translate(_ONE_FOR_ONE)
    # str.replace is several times faster than str.translate, and ASCII has few such characters.
    for char in _ASCII_SPACE_LIKE:
        if char in text:
            text = text.replace(char, " ")
    return text


@functools.lru_cache(maxsize=512)
def _replacement(run: str, group: str | None) -> str:
    # Cached: HTML mail repeats the same few runs of tags, message after message.  *group* is
    # the name of the match's last group: "entity" for an entity that is not a space.
    if group == "entity":
        import html  # its table of entities is large; few texts need it

        decoded = html.unescape(run)
        return decoded.translate(_ONE_FOR_ONE) if len(decoded) == 1 else run
    return "" if _patterns()[1].fullmatch(run) else " "
