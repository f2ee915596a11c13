"""Which text encoding a file's bytes are in, and decoding them so that no byte stops a scan.

Detection looks at the first :data:`SAMPLE_BYTES` of a file, in this order:

1. a byte order mark: UTF-8, UTF-16 or UTF-32;
2. UTF-16 without one, on strong evidence only (see :func:`_utf16_order`): a few NUL bytes in
   a UTF-8 log, or a run of NUL padding after a crash, are not enough;
3. ISO-2022-JP, by its escape sequences in otherwise 7-bit text;
4. UTF-8, when the sample is valid UTF-8 (ASCII included);
5. Shift_JIS (as Windows' CP932) or EUC-JP, when the sample is valid in one of them and reads
   as Japanese, that is with kana in it;
6. otherwise UTF-8, with the bytes that are not UTF-8 read as Windows-1252, the usual other
   encoding of Windows logs.

Text detected as UTF-8 (4 and 6) is decoded as UTF-8 until a byte that is not: if all before
it was ASCII, the rest is decoded as Windows-1252 by the codec, in one pass; else each byte
that is not UTF-8 is read as Windows-1252 on its own.

Undecodable bytes become U+FFFD, and U+0000 (NUL) becomes a space, so that neither stops a
scan nor breaks a message apart: offsets do not move.
"""

from __future__ import annotations

import codecs
import functools
import operator
import re
from collections.abc import Iterable, Iterator

import attrs

from ._errors import short_repr

__all__ = ["SAMPLE_BYTES", "Decoding", "check_encoding", "choose", "decode_chunks", "detect"]

#: How many bytes of a file detection looks at.
SAMPLE_BYTES = 1 << 16

_CP1252_FALLBACK = "proxycert.cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as Windows-1252, the usual other encoding of logs."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


@attrs.frozen
class Decoding:
    """How a file's bytes are decoded: the codec, its error handler, and why it was chosen."""

    codec: str
    errors: str
    #: A short reason for people (``scan --verbose``): "byte order mark", "given", ...
    reason: str

    @property
    def label(self) -> str:
        return f"{self.codec} ({self.reason})"

    def decoder(self) -> codecs.IncrementalDecoder | _Utf8OrCp1252:
        if (self.codec, self.errors) == ("utf-8", _CP1252_FALLBACK):
            return _Utf8OrCp1252()
        return codecs.getincrementaldecoder(self.codec)(self.errors)


class _Utf8OrCp1252:
    """UTF-8 until a byte that is not, then Windows-1252 for the rest if all before it was ASCII.

    A Windows log in Windows-1252 is then decoded by the codec in C, not one error callback per
    byte.  A file that mixes the two (UTF-8 text, a stray Windows-1252 byte) stays UTF-8, with
    each stray byte read as Windows-1252.
    """

    def __init__(self) -> None:
        self._utf8: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
        self._cp1252 = False

    def decode(self, chunk: bytes, final: bool = False) -> str:  # noqa: FBT001, FBT002 - as codecs'
        if self._cp1252:
            return chunk.decode("cp1252", "replace")  # one byte a character: no state
        if self._utf8.errors == _CP1252_FALLBACK:
            return self._utf8.decode(chunk, final)
        pending = self._utf8.getstate()[0]
        try:
            text = self._utf8.decode(chunk, final)
        except UnicodeDecodeError as error:
            data = pending + chunk
            if data[: error.start].isascii():
                self._cp1252 = True
                return data.decode("cp1252", "replace")
            self._utf8 = codecs.getincrementaldecoder("utf-8")(_CP1252_FALLBACK)
            return self._utf8.decode(data, final)
        if not text.isascii():
            # UTF-8 for certain: stray bytes from now on are read one by one.
            state = self._utf8.getstate()
            self._utf8 = codecs.getincrementaldecoder("utf-8")(_CP1252_FALLBACK)
            self._utf8.setstate(state)
        return text


# UTF-32's little-endian mark starts with UTF-16's: it is looked for first.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The codecs whose byte order comes from a byte order mark; without one, from the zero bytes.
_MARKS = {
    "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
    "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
}
_ORDERED = tuple(_MARKS)

# UTF-16 is taken without a byte order mark only on strong evidence: at least one in
# _UTF16_SHARE of the sample's 2-byte units (pairs of NULs, which are padding, left out), and at
# least _UTF16_MIN of them, hold a zero byte at one offset and not the other, and that offset has
# at least _UTF16_MAJORITY times as many such units as the other.  Text in UTF-16 of a Latin
# script has such a unit for almost every character; a Japanese one has one for each ASCII
# character (spaces, digits, CR LF, host names, the code): the KB's Japanese messages alone,
# without a name or a code, are 12.5 to 19 % ASCII.  In 8-bit text a stray NUL makes one such
# unit at a random offset, and NUL padding makes pairs of NULs: text with a NUL in every 20
# bytes, all at one parity, is no longer text with stray NULs in it.
_UTF16_SHARE = 10
_UTF16_MIN = 8
_UTF16_MAJORITY = 3

# The escape sequences that switch ISO-2022-JP to JIS X 0208 (1978 and 1983), JIS X 0201
# Roman and half-width katakana.
_ISO2022_JP = re.compile(rb"\x1b(?:\$[@B]|\([IJ])")
# Japanese text in Shift_JIS or EUC-JP has kana; Western text misread in either has none.
_KANA = re.compile("[\u3041-\u30ff]")
_JAPANESE = ("cp932", "euc_jp")

_EXAMPLES = "such as 'utf-8', 'cp1252' or 'cp932'"
# What a decoder must get through with errors="replace" to be accepted: every byte, and the
# starts of escapes that some text codecs read.
_PROBE = bytes(range(256)) + rb"\N{x \N{ \u12 \x \ "


def check_encoding(encoding: object, argument: str = "encoding") -> str:
    """The codec name of *encoding*, once it is known to decode any bytes to text.

    :raises TypeError: *encoding* is not a ``str``.
    :raises LookupError: *encoding* is not a codec, or one that converts bytes to bytes or text
        to text (``base64``, ``rot13``), or one that stops on some bytes whatever the error
        handler (``idna``; ``punycode`` before Python 3.13); the message names *argument*.
    """
    if not isinstance(encoding, str):
        raise TypeError(f"{argument} must be a str, not {type(encoding).__name__}")
    problem = _codec_problem(encoding)
    if isinstance(problem, str):
        return problem
    raise LookupError(f"invalid {argument} {short_repr(encoding)}: {problem[0]}")


@functools.lru_cache(maxsize=64)
def _codec_problem(encoding: str) -> str | tuple[str]:
    """The codec's name, or a one-tuple with what is wrong with it (cached: both are cheap)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL or a lone surrogate in the name
        return (f"expected the name of a text encoding, {_EXAMPLES}",)
    # The standard library's own test, in str.encode and bytes.decode.
    if not getattr(info, "_is_text_encoding", True):
        return (f"expected a text encoding, {_EXAMPLES}, not a bytes-to-bytes or text codec",)
    if info.name not in _ORDERED:  # without a mark, these get a byte order from choose()
        try:
            decoder = codecs.getincrementaldecoder(info.name)("replace")
            decoder.decode(_PROBE[:7])
            decoder.decode(_PROBE[7:], final=True)
        except Exception:  # noqa: BLE001 - any failure means the codec cannot be trusted
            return (f"expected a text encoding that reads any bytes, {_EXAMPLES}",)
    return info.name


def choose(sample: bytes, encoding: str | None = None, reason: str = "given") -> Decoding:
    """How to decode a file that starts with *sample*: as *encoding*, or as detected.

    *encoding* must have passed :func:`check_encoding`; *reason* says where it came from.  A UTF-16 or UTF-32 file without a
    byte order mark is read in the byte order its zero bytes show, little-endian (the order
    Windows writes) when they show none.
    """
    if encoding is None:
        return detect(sample)
    if encoding not in _ORDERED:
        return Decoding(encoding, "replace", reason)
    if sample.startswith(_MARKS[encoding]):
        return Decoding(encoding, "replace", f"{reason}, with a byte order mark")
    little, big, _ = _zero_units(sample)
    order = "be" if big > little else "le"
    return Decoding(f"{encoding}-{order}", "replace", f"{reason}, byte order from zero bytes")


def detect(sample: bytes) -> Decoding:
    """The encoding of a file that starts with *sample*, as the module's docstring says."""
    for mark, codec in _BOMS:
        if sample.startswith(mark):
            errors = _CP1252_FALLBACK if codec == "utf-8-sig" else "replace"
            return Decoding(codec, errors, "byte order mark")
    if b"\0" in sample:
        order = _utf16_order(sample)
        if order is not None:
            return Decoding(f"utf-16-{order}", "replace", "zero bytes, no byte order mark")
    if sample.isascii():
        if _ISO2022_JP.search(sample):
            return Decoding("iso2022_jp_ext", "replace", "escape sequences")
        return Decoding("utf-8", _CP1252_FALLBACK, "ASCII")
    if _strict(sample, "utf-8") is not None:
        return Decoding("utf-8", _CP1252_FALLBACK, "valid UTF-8")
    kana, codec = max((_kana(sample, codec), codec) for codec in _JAPANESE)
    if kana:
        return Decoding(codec, "replace", "Japanese text")
    return Decoding("utf-8", _CP1252_FALLBACK, "UTF-8 and Windows-1252")


def _zero_units(sample: bytes) -> tuple[int, int, int]:
    """Counts of *sample*'s 2-byte units, in three.

    Those with a zero byte at the odd offset only, those with one at the even offset only, and
    all but the pairs of NULs (padding).
    """
    units = len(sample) // 2
    even, odd = sample[0 : 2 * units : 2], sample[1 : 2 * units : 2]
    padding = bytes(map(operator.or_, even, odd)).count(0)
    return odd.count(0) - padding, even.count(0) - padding, units - padding


def _utf16_order(sample: bytes) -> str | None:
    """``"le"`` or ``"be"`` when *sample* is UTF-16 by the thresholds above, else ``None``."""
    little, big, text = _zero_units(sample)
    most = max(little, big)
    if most < _UTF16_MIN or most * _UTF16_SHARE < text or most < _UTF16_MAJORITY * min(little, big):
        return None
    # ASCII in little-endian order has its zero byte at the odd offset.
    return "le" if little > big else "be"


def _strict(sample: bytes, codec: str) -> str | None:
    """*sample* decoded strictly, the end of a character cut off at its end aside; else None."""
    try:
        return codecs.getincrementaldecoder(codec)().decode(sample)
    except UnicodeDecodeError:
        return None


def _kana(sample: bytes, codec: str) -> int:
    """How many kana *sample* holds when decoded as *codec*; 0 when it is not valid in it."""
    text = _strict(sample, codec)
    found = 0 if text is None else len(_KANA.findall(text))
    # Two kana could be chance in a few bytes of Western text; Japanese has kana throughout.
    return found if found >= 2 else 0


def decode_chunks(chunks: Iterable[bytes], decoding: Decoding) -> Iterator[str]:
    """The text of *chunks* decoded with *decoding*, piece by piece; the last piece may be ``""``.

    NUL characters read as spaces: a NUL in a log is padding or corruption, never a word.
    """
    decoder = decoding.decoder()
    for chunk in chunks:
        yield _no_nul(decoder.decode(chunk))
    yield _no_nul(decoder.decode(b"", final=True))


def _no_nul(text: str) -> str:
    return text.replace("\0", " ") if "\0" in text else text
