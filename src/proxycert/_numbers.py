"""Reading a 32-bit code as people write it: the one reader behind every entry point.

:func:`proxycert.decode`, the ``from_*`` lookups, the grammar's code group and the command
line all read codes here, so that each accepts the same spellings: hexadecimal with an optional
``0x`` (or the typographic ``0×`` that blogs print), signed or unsigned decimal, zero padding,
either letter case, surrounding white space, and digits that NFKC normalises to ASCII (the
full-width ``１０`` of Japanese text).  Other digits (Arabic-Indic, say) and underscores, which
``int()`` alone would take, are refused: no one writes them in a certificate code.  The frame a
code stands in within Outlook's message (``(Error Code 30)``, :func:`unframe`) is dropped by
:func:`proxycert.decode` and the command line, which read codes as people paste them; the
``from_*`` lookups take the bare number.
"""

from __future__ import annotations

import re

from ._errors import InvalidCodeError

__all__ = [
    "INT32_MIN",
    "NOT_HEXADECIMAL",
    "RANGE",
    "UINT32_MAX",
    "base_as_written",
    "read_uint32",
    "read_written_code",
    "unframe",
]

UINT32_MAX = 0xFFFF_FFFF
INT32_MIN = -0x8000_0000
RANGE = "expected a 32-bit value, from -2147483648 to 4294967295 (0xFFFFFFFF)"
#: Why a string is not a hexadecimal code; the scanner's notes tell this reason from the others.
NOT_HEXADECIMAL = "expected hexadecimal digits"

# After NFKC, only the ASCII forms remain.
_HEX_CODE = re.compile(r"(?:0[x×])?(?P<digits>[0-9a-f]+)", re.IGNORECASE)
_DEC_CODE = re.compile(r"[+-]?[0-9]+")
# The words before a code in Outlook's message, "(Error Code 30)", in any case.  Anchored at the
# start and matched once, so linear however much white space follows.
_CODE_WORDS = re.compile(r"error\s*code\s*:?\s*", re.IGNORECASE)


def _ascii(text: str) -> str:
    # NFKC turns full-width digits and letters into ASCII and leaves "×" alone.  Most codes are
    # ASCII already, and unicodedata then never loads.
    if text.isascii():
        return text.strip()
    import unicodedata

    return unicodedata.normalize("NFKC", text).strip()


def unframe(text: str) -> str:
    """*text* without the frame a code stands in within a message, and without white space.

    Outlook shows its code as ``(10)`` or ``(Error Code 30)``, and people quote it so:
    ``( 10 )``, ``Error code 30``, in any case, full-width parentheses included.  What is left
    is read by :func:`read_uint32` as any code is.  Text with no frame comes back stripped.

    >>> unframe("(Error Code 30)"), unframe(" ( 10 ) "), unframe("0x8")
    ('30', '10', '0x8')
    """
    written = _ascii(text)
    if written[:1] == "(" and written[-1:] == ")":
        written = written[1:-1].strip()
    words = _CODE_WORDS.match(written)
    return written[words.end() :] if words else written


def read_written_code(code: str, base: int) -> int:
    """:func:`read_uint32` of a code as it stands in a message, framed or not (:func:`unframe`).

    :raises InvalidCodeError: naming *code* as given, frame and all.
    """
    try:
        return read_uint32(unframe(code), base)
    except InvalidCodeError as exc:
        raise InvalidCodeError(code, exc.reason) from None


def base_as_written(text: str, default: int) -> int:
    """The base *text* says it is written in: 16 after ``0x``, 10 after a sign, else *default*.

    Every code is read with this (:func:`read_uint32`), so that ``0x10`` and ``-10`` mean what
    they say whatever the base a caller or a system usually reads.
    """
    written = _ascii(text)
    if written[:2].lower() in ("0x", "0×"):
        return 16
    if written.startswith(("-", "+")):
        return 10
    return default


def read_uint32(code: int | str, base: int = 16) -> int:
    """The unsigned 32-bit value of *code*.

    :param code: an ``int`` (a negative one in the signed 32-bit range is read as its two's
        complement) or a ``str``: hexadecimal with an optional ``0x``/``0×`` prefix, or decimal
        with an optional sign.  Types are the caller's to check.
    :param base: 16 or 10, for a ``str`` that does not say its base: ``0x`` always means
        hexadecimal and a sign decimal (:func:`base_as_written`), at every entry point.
    :raises InvalidCodeError: empty, malformed or out of the 32-bit range; ``reason`` says which.
    """
    if isinstance(code, int):
        return _from_int(code, code)
    text = _ascii(code)
    if not text:
        raise InvalidCodeError(code, "expected a number, got nothing")
    if base_as_written(text, base) == 16:
        match = _HEX_CODE.fullmatch(text)
        if match is None:
            raise InvalidCodeError(code, NOT_HEXADECIMAL)
        digits = match["digits"]
        # Zero padding is fine; more than 8 significant digits is not a 32-bit code.  Checking
        # the length first keeps int() from working on a megabyte of digits.
        if len(digits.lstrip("0")) > 8:
            raise InvalidCodeError(code, "expected at most 8 hexadecimal digits (32 bits)")
        return int(digits, 16)
    if _DEC_CODE.fullmatch(text) is None:
        raise InvalidCodeError(code, "expected decimal digits")
    if len(text.lstrip("+-").lstrip("0")) > 10:
        raise InvalidCodeError(code, RANGE)
    return _from_int(int(text), code)


def _from_int(value: int, code: object) -> int:
    if INT32_MIN <= value < 0:
        return value & UINT32_MAX
    if 0 <= value <= UINT32_MAX:
        return int(value)
    raise InvalidCodeError(code, RANGE)
