"""scan_file(): encodings, chunk boundaries, line and column, and bad arguments."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import manglings, messages

import proxycert._files as files_module
from proxycert import ErrorMessage, scan, scan_file

ONE = ErrorMessage(2, "mail.contoso.com", code=0x10).render()
JA = ErrorMessage(3, "mail.contoso.com", code=8, language="ja").render()
LOG = f"first line\n  {ONE}\nmiddle line\r\n{JA} tail\nlast line\n"


def _positions(found: list[ErrorMessage]) -> list[tuple[int | None, int | None, int]]:
    return [(m.line, m.column, int(m.kind)) for m in found]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(LOG.encode("utf-8"), id="utf-8"),
        pytest.param(LOG.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(LOG.encode("utf-16"), id="utf-16-bom"),
        pytest.param(LOG.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(LOG.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(LOG.encode("utf-16-be")[:-1] + b"\xff\xfe", id="utf-16-be-broken-end"),
    ],
)
def test_encodings_are_detected(data: bytes) -> None:
    assert _positions(list(scan_file(io.BytesIO(data)))) == [(2, 3, 2), (4, 1, 3)]


def test_cp1252_bytes_in_utf8_do_not_stop_the_scan() -> None:
    # A Windows tool wrote a curly apostrophe in cp1252 (0x92) into an otherwise UTF-8 log.
    data = (
        "caf\u00e9 \u2713\n".encode() + ONE.replace("'", "\u2019").encode("cp1252") + b"\n\x81\xff"
    )
    (message,) = scan_file(io.BytesIO(data))
    assert (message.line, message.column, message.proxy_server) == (2, 1, "mail.contoso.com")


def test_explicit_encoding() -> None:
    data = LOG.encode("utf-16-le")
    assert len(list(scan_file(io.BytesIO(data), encoding="utf-16-le"))) == 2
    # The wrong explicit encoding reads garbage, but never stops.
    assert list(scan_file(io.BytesIO(data), encoding="latin-1")) == []


def test_path_and_pathlike(tmp_path: Path) -> None:
    path = tmp_path / "outlook.log"
    path.write_bytes(LOG.encode("utf-16"))
    assert len(list(scan_file(path))) == 2
    assert len(list(scan_file(str(path)))) == 2


def test_empty_file() -> None:
    assert list(scan_file(io.BytesIO(b""))) == []


def test_span_indexes_the_decoded_text() -> None:
    found = list(scan_file(io.BytesIO(LOG.encode())))
    assert [LOG[m.span[0] : m.span[1]] for m in found if m.span] == [ONE, JA]
    assert [m.span for m in found] == [m.span for m in scan(LOG)]


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_messages_straddling_chunks_are_found_once(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(files_module, "_CHUNK_BYTES", chunk)
    # Keep less than the text between chunks, so that chunks are scanned before the end.
    monkeypatch.setattr(files_module, "_KEEP", 1200)
    text = ("x" * 37 + "\n" + ONE + " ") * 40 + "\n" + ("y\n" * 30) + JA
    found = list(scan_file(io.BytesIO(text.encode())))
    expected = list(scan(text))
    assert [m.span for m in found] == [m.span for m in expected]
    assert len(found) == 41
    for m in found:
        assert m.span is not None
        assert m.line is not None
        assert m.column is not None
        before = text[: m.span[0]]
        assert m.line == before.count("\n") + 1
        assert m.column == m.span[0] - (before.rfind("\n") + 1) + 1


@settings(max_examples=50)
@given(
    st.lists(st.tuples(messages(), st.text(alphabet="ab \n\r\t>", max_size=60)), max_size=6),
    st.integers(min_value=1, max_value=300),
    st.sampled_from(["utf-8", "utf-16", "utf-16-le"]),
)
def test_chunked_scan_equals_whole_scan(
    parts: list[tuple[ErrorMessage, str]], chunk: int, encoding: str
) -> None:
    text = "".join(message.render() + gap for message, gap in parts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(files_module, "_CHUNK_BYTES", chunk)
        found = list(scan_file(io.BytesIO(text.encode(encoding))))
    assert [m.span for m in found] == [m.span for m in scan(text)]


@given(st.binary(max_size=2000))
def test_any_bytes_scan_without_error(data: bytes) -> None:
    for message in scan_file(io.BytesIO(data)):
        assert message.line is not None
        assert message.line >= 1


@pytest.mark.parametrize(
    ("file", "error", "text"),
    [
        (None, TypeError, "file must be a path or a binary file object, not NoneType"),
        (42, TypeError, "file must be a path or a binary file object, not int"),
        (
            io.StringIO("text"),
            TypeError,
            "file must be a path or a binary file object, not StringIO",
        ),
    ],
)
def test_wrong_file_types(file: object, error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        scan_file(file)  # type: ignore[arg-type]


def test_a_reader_that_gives_text_is_refused() -> None:
    class TextReader:
        def read(self, size: int = -1) -> str:
            return "text"

    with pytest.raises(TypeError, match="file must be opened in binary mode; read\\(\\) gave str"):
        list(scan_file(TextReader()))  # type: ignore[arg-type]


def test_unknown_encoding_fails_at_once() -> None:
    with pytest.raises(LookupError):
        scan_file(io.BytesIO(b""), encoding="no-such-codec")


def test_missing_file_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        scan_file(tmp_path / "missing.log")


def test_file_is_closed_after_the_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.log"
    path.write_text(ONE, encoding="utf-8")
    opened: list[BinaryIO] = []

    def spy(file: str, mode: str) -> BinaryIO:
        handle = io.open(file, mode)  # noqa: UP020, SIM115 - the builtin is patched; the scan closes it
        opened.append(handle)  # type: ignore[arg-type]
        return handle  # type: ignore[return-value]

    monkeypatch.setattr(files_module, "open", spy, raising=False)
    assert len(list(scan_file(path))) == 1
    assert len(opened) == 1
    assert opened[0].closed


def test_fallback_handler_passes_other_errors_on() -> None:
    error = UnicodeEncodeError("ascii", "\u00e9", 0, 1, "no")
    with pytest.raises(UnicodeEncodeError):
        files_module._cp1252_fallback(error)


_FILLER = "2026-11-03 09:12:44,123 INFO [Outlook] sync inbox completed <b>ok</b> &amp; proxy\n"


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(
            messages(),
            manglings,
            st.integers(min_value=0, max_value=30_000),
            st.sampled_from([0, 3000, 8000]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.integers(min_value=1, max_value=120_000), min_size=1, max_size=8),
)
def test_scan_file_equals_scan_at_every_chunk_cut(
    parts: list[tuple[ErrorMessage, object, int, int]], cuts: list[int]
) -> None:
    # Issue 12, finding 6: with the real amount kept between chunks, a message gives the same
    # result wherever the chunks are cut, and the texts are long enough to be cut anywhere.
    pieces = []
    for message, mangle, gap, markup in parts:
        assert callable(mangle)
        pieces.append((_FILLER * (gap // len(_FILLER) + 1))[:gap])
        # Heavy markup (Outlook's HTML) before the code, up to the documented budget.
        pasted = mangle(message.render())
        cut = pasted.rfind("(")
        pieces.append(pasted[:cut] + "<span>" * (markup // 6) + pasted[cut:])
    text = "\n".join(pieces)
    bounds = sorted({0, len(text), *(cut % (len(text) + 1) for cut in cuts)})
    chunks = [(text[a:b], b == len(text)) for a, b in zip(bounds, bounds[1:])] or [("", True)]
    whole = [attrs.evolve(m, line=None, column=None) for m in scan(text)]
    chunked = [attrs.evolve(m, line=None, column=None) for m in files_module._scan_chunks(chunks)]
    assert chunked == whole


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
def test_utf8_or_cp1252_whatever_the_chunks(
    monkeypatch: pytest.MonkeyPatch, chunk: int, data: bytes, text: str
) -> None:
    # Issue 12, finding 8: a Windows-1252 log is decoded by the codec, not byte by byte.
    monkeypatch.setattr(files_module, "_CHUNK_BYTES", chunk)
    decoded = "".join(piece for piece, _ in files_module._decoded_chunks(io.BytesIO(data), None))
    assert decoded == text
    (message,) = scan_file(io.BytesIO(data))
    assert message.span is not None
    assert text[message.span[0] : message.span[1]].startswith("There is a problem")
