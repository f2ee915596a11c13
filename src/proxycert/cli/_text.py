"""Untrusted text made safe to show: escapes for terminals, and for strict JSON.

Proxy names, target sites, notes, codes as written and file names all come from the input.
"""

from __future__ import annotations

__all__ = ["json_text", "visible"]


# Characters a terminal would act on rather than show (ESC, BEL, C1 controls), or that reorder
# or hide text (U+202E RIGHT-TO-LEFT OVERRIDE, zero-width marks), are written as escapes in
# human output: a proxy name or a file name must not retitle, clear or disguise a terminal.
def visible(text: str) -> str:
    r"""*text* with every control, format, bidi and line-separator character escaped.

    >>> visible("mail\x1b]0;PWNED\x07.example \u202eexe.txt")
    'mail\\x1b]0;PWNED\\x07.example \\u202eexe.txt'
    """
    if text.isprintable():
        return text
    import unicodedata

    # Spaces other than " " are not printable to str.isprintable, but harmless: kept.
    return "".join(
        char if char.isprintable() or unicodedata.category(char) == "Zs" else _escape(char)
        for char in text
    )


def json_text(text: str) -> str:
    r"""*text* as strict JSON can carry it: a lone surrogate becomes an escape.

    Python reads an undecodable byte of a file name as a lone surrogate, which JSON parsers
    refuse; it is written ``\xNN``, the byte.  All else is kept exact.

    >>> json_text("caf\udce9.log")
    'caf\\xe9.log'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join(_escape(char) if "\ud800" <= char <= "\udfff" else char for char in text)
    return text


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # surrogateescape's stand-in for an undecodable byte
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
