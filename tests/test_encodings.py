"""Encoding detection that NUL bytes cannot fool, Japanese encodings, and explicit encodings."""

from __future__ import annotations

import codecs
import encodings
import pkgutil
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proxycert import ErrorMessage
from proxycert._encodings import (
    SAMPLE_BYTES,
    Decoding,
    check_encoding,
    choose,
    decode_chunks,
    detect,
)

# Before Python 3.13, the punycode decoder raised on bad input whatever the error handler, so
# it is refused; 3.13's replaces bad input as asked, and it then passes the check.
PUNYCODE_RAISES = pytest.mark.skipif(
    sys.version_info >= (3, 13), reason="Python 3.13's punycode decoder honours errors='replace'"
)


ONE = ErrorMessage(2, "mail.contoso.com", code=0x10).render()
JA = ErrorMessage(3, "mail.contoso.com", code=8, language="ja").render()
LOG = f"2024-05-01 10:00:00 first line\r\n2024-05-01 10:00:01 {ONE}\r\n"
# A Japanese log: ASCII timestamps and host names around Japanese text.
JA_LOG = f"2024-05-01 10:00:00 接続を開始します\r\n2024-05-01 10:00:01 {JA}\r\n" * 3


@pytest.mark.parametrize(
    ("data", "codec", "reason"),
    [
        # Byte order marks decide, UTF-32's before UTF-16's (they share two bytes).
        (LOG.encode("utf-8-sig"), "utf-8-sig", "byte order mark"),
        (LOG.encode("utf-16"), "utf-16", "byte order mark"),
        (LOG.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), "utf-16", "byte order mark"),
        (LOG.encode("utf-32"), "utf-32", "byte order mark"),
        (codecs.BOM_UTF32_BE + LOG.encode("utf-32-be"), "utf-32", "byte order mark"),
        # UTF-16 without a mark, by its zero bytes: Latin text, and a Japanese log.
        (LOG.encode("utf-16-le"), "utf-16-le", "zero bytes, no byte order mark"),
        (LOG.encode("utf-16-be"), "utf-16-be", "zero bytes, no byte order mark"),
        (JA_LOG.encode("utf-16-le"), "utf-16-le", "zero bytes, no byte order mark"),
        # NUL bytes in 8-bit text are noise: one, a crash's padding, padding first, a few.
        (LOG.encode() + b"\0" + LOG.encode(), "utf-8", "ASCII"),
        (LOG.encode() + bytes(20_000), "utf-8", "ASCII"),
        (bytes(3) + LOG.encode(), "utf-8", "ASCII"),
        (bytes(5000) + LOG.encode("utf-16-le"), "utf-16-le", "zero bytes, no byte order mark"),
        # A NUL in every 30 bytes, all at odd offsets, is not enough, nor a few in short text.
        (b"\0".join(LOG.encode()[i : i + 29] for i in range(0, len(LOG), 29)), "utf-8", "ASCII"),
        # The KB's Japanese messages alone, with the least ASCII, are UTF-16 enough.
        *(
            (
                ErrorMessage(kind, language="ja").render().encode(f"utf-16-{order}"),
                f"utf-16-{order}",
                "zero bytes, no byte order mark",
            )
            for kind in (1, 2, 3, 4)
            for order in ("le", "be")
        ),
        (b"a\0b", "utf-8", "ASCII"),
        (b"ab\0c" * 7, "utf-8", "ASCII"),
        (("caf\u00e9\0" + LOG).encode(), "utf-8", "valid UTF-8"),
        # Japanese legacy encodings.
        (JA_LOG.encode("cp932"), "cp932", "Japanese text"),
        (JA_LOG.encode("shift_jis"), "cp932", "Japanese text"),
        (JA_LOG.encode("euc_jp"), "euc_jp", "Japanese text"),
        (JA_LOG.encode("iso2022_jp"), "iso2022_jp_ext", "escape sequences"),
        (JA_LOG.encode("utf-8"), "utf-8", "valid UTF-8"),
        # Western 8-bit text: UTF-8 with Windows-1252 for the rest, whatever Japanese it
        # happens to be valid in.
        ("Größe Ärger café\n".encode("cp1252") + LOG.encode(), "utf-8", "UTF-8 and Windows-1252"),
        ("\u201aŸ ok\n".encode("cp1252"), "utf-8", "UTF-8 and Windows-1252"),
        (b"", "utf-8", "ASCII"),
    ],
)
def test_detection(data: bytes, codec: str, reason: str) -> None:
    assert detect(data[:SAMPLE_BYTES]) == Decoding(codec, detect(data).errors, reason)
    if LOG.encode() in data or LOG.encode("utf-16-le") in data:
        assert ONE in "".join(decode_chunks([data], detect(data)))


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(JA_LOG, "cp932"), (JA_LOG, "euc_jp"), (JA_LOG, "iso2022_jp"), (JA_LOG, "utf-16-le")],
)
def test_japanese_logs_decode_whole(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    assert "".join(decode_chunks([data[:7], data[7:]], detect(data))) == text


def test_cp1252_bytes_in_utf8_are_read_as_cp1252() -> None:
    data = "\u2713 ".encode() + "\u2019".encode("cp1252") + b"\x81"
    assert "".join(decode_chunks([data], detect(data))) == "\u2713 \u2019\ufffd"


@pytest.mark.parametrize("chunk", [5, 64, 1 << 20])
@pytest.mark.parametrize(
    ("data", "text"),
    [
        # A Windows-1252 log: ASCII until the first curly apostrophe, then decoded whole.
        pytest.param(
            b"ascii line\n" * 600 + ONE.replace("'", "\u2019").encode("cp1252") + b"\n\x81",
            "ascii line\n" * 600 + ONE.replace("'", "\u2019") + "\n\ufffd",
            id="cp1252",
        ),
        # UTF-8 first (a multi-byte character cut by the chunk), then a stray cp1252 byte.
        pytest.param(
            b"ascii line\n" * 600
            + "caf\u00e9 \u2713\n".encode()
            + ONE.encode()
            + b" \x92 \xe2\x9c",
            "ascii line\n" * 600 + "caf\u00e9 \u2713\n" + ONE + " \u2019 \u00e2\u0153",
            id="utf-8-then-stray-bytes",
        ),
        # A stray byte right after UTF-8 text in the same piece.
        pytest.param(
            "caf\u00e9 ".encode() + b"\x92 " + ONE.encode(),
            "caf\u00e9 \u2019 " + ONE,
            id="utf-8-and-a-stray-byte",
        ),
    ],
)
def test_utf8_or_cp1252_whatever_the_chunks(chunk: int, data: bytes, text: str) -> None:
    # Issue 12, finding 8: a Windows-1252 log is decoded by the codec, not byte by byte.
    decoding = detect(data[:SAMPLE_BYTES])
    assert (decoding.codec, decoding.errors) == ("utf-8", "proxycert.cp1252")
    pieces = [data[at : at + chunk] for at in range(0, len(data), chunk)]
    assert "".join(decode_chunks(pieces, decoding)) == text


def test_fallback_handler_passes_other_errors_on() -> None:
    with pytest.raises(UnicodeEncodeError):
        "\udcff".encode("ascii", "proxycert.cp1252")


def test_nul_reads_as_a_space_and_offsets_do_not_move() -> None:
    data = b"a\0b" + "\u00e9".encode()
    decoding = detect(data)
    assert list(decode_chunks([data[:4], data[4:]], decoding)) == ["a b", "\u00e9", ""]


@pytest.mark.parametrize(
    ("name", "codec"),
    [("utf8", "utf-8"), ("UTF-16", "utf-16"), ("Shift_JIS", "shift_jis"), ("latin-1", "iso8859-1")],
)
def test_valid_encodings(name: str, codec: str) -> None:
    assert check_encoding(name) == codec


_UNKNOWN = "expected the name of a text encoding, such as 'utf-8', 'cp1252' or 'cp932'"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no-such-codec", f"invalid encoding 'no-such-codec': {_UNKNOWN}"),
        ("utf-8\0", f"invalid encoding 'utf-8\\x00': {_UNKNOWN}"),
        ("\ud800", f"invalid encoding '\\ud800': {_UNKNOWN}"),
        ("", f"invalid encoding '': {_UNKNOWN}"),
        (
            "base64",
            "invalid encoding 'base64': expected a text encoding, such as 'utf-8', 'cp1252'"
            " or 'cp932', not a bytes-to-bytes or text codec",
        ),
        ("rot13", "invalid encoding 'rot13': expected a text encoding, such as"),
        ("zlib", "invalid encoding 'zlib': expected a text encoding, such as"),
        (
            "idna",
            "invalid encoding 'idna': expected a text encoding that reads any bytes, such as"
            " 'utf-8', 'cp1252' or 'cp932'",
        ),
        pytest.param(
            "punycode",
            "invalid encoding 'punycode': expected a text encoding that reads any",
            marks=PUNYCODE_RAISES,
        ),
        ("undefined", "invalid encoding 'undefined': expected a text encoding that reads any"),
        ("x" * 500, "invalid encoding 'xxxxxxxx"),
    ],
)
def test_invalid_encodings_name_the_argument(name: str, message: str) -> None:
    with pytest.raises(LookupError) as info:
        check_encoding(name)
    assert str(info.value).startswith(message)
    assert len(str(info.value)) < 200
    with pytest.raises(LookupError, match=r"^invalid --encoding "):
        check_encoding(name, "--encoding")


def test_encoding_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match=r"^encoding must be a str, not bytes$"):
        check_encoding(b"utf-8")


def _accepted(name: str) -> str | None:
    try:
        return check_encoding(name)
    except LookupError:
        return None


def _text_codecs() -> list[str]:
    names = {_accepted(module.name) for module in pkgutil.iter_modules(encodings.__path__)}
    return sorted(name for name in names if name is not None)


TEXT_CODECS = _text_codecs()


def test_every_common_codec_is_accepted() -> None:
    assert {"utf-8", "utf-16", "utf-32", "cp1252", "cp932", "euc_jp", "iso2022_jp"} <= set(
        TEXT_CODECS
    )


@given(st.sampled_from(TEXT_CODECS), st.binary(max_size=200), st.integers(0, 200))
def test_an_accepted_codec_decodes_any_bytes(codec: str, data: bytes, cut: int) -> None:
    decoding = choose(data, codec)
    text = "".join(decode_chunks([data[:cut], data[cut:]], decoding))
    assert isinstance(text, str)


@pytest.mark.parametrize(
    ("data", "encoding", "codec", "reason"),
    [
        (LOG.encode("utf-16"), "utf-16", "utf-16", "given, with a byte order mark"),
        (LOG.encode("utf-16-le"), "utf-16", "utf-16-le", "given, byte order from zero bytes"),
        (LOG.encode("utf-16-be"), "utf-16", "utf-16-be", "given, byte order from zero bytes"),
        (b"", "utf-16", "utf-16-le", "given, byte order from zero bytes"),
        (LOG.encode("utf-32"), "utf-32", "utf-32", "given, with a byte order mark"),
        (LOG.encode("utf-32-be"), "utf-32", "utf-32-be", "given, byte order from zero bytes"),
        (LOG.encode("cp1252"), "cp1252", "cp1252", "given"),
    ],
)
def test_explicit_encoding(data: bytes, encoding: str, codec: str, reason: str) -> None:
    decoding = choose(data, check_encoding(encoding))
    assert decoding == Decoding(codec, "replace", reason)
    assert "".join(decode_chunks([data[:5], data[5:]], decoding)) == (LOG if data else "")


def test_explicit_encoding_with_its_source() -> None:
    assert choose(b"", "utf-8", "charset of the part").label == "utf-8 (charset of the part)"


def test_no_sample_detects_nothing_but_ascii() -> None:
    assert choose(b"").label == "utf-8 (ASCII)"
