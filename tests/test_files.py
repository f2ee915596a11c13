"""scan_file() and parse_file(): encodings, containers and mail, chunks, lines and columns, bad arguments."""

from __future__ import annotations

import bz2
import contextlib
import errno
import gc
import gzip
import io
import json
import lzma
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable
from email.message import EmailMessage
from pathlib import Path
from typing import BinaryIO

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import manglings, messages

import proxycert._containers as containers_module
import proxycert._files as files_module
from proxycert import (
    ContainerError,
    ErrorMessage,
    MessageNotFoundError,
    parse_file,
    scan,
    scan_file,
)

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
    monkeypatch.setattr(containers_module, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(containers_module, "HEAD_BYTES", chunk)
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
        patch.setattr(containers_module, "CHUNK_BYTES", chunk)
        patch.setattr(containers_module, "HEAD_BYTES", chunk)
        found = list(scan_file(io.BytesIO(text.encode(encoding))))
    assert [m.span for m in found] == [m.span for m in scan(text)]


@given(st.binary(max_size=2000))
def test_any_bytes_give_messages_or_a_container_error(data: bytes) -> None:
    with contextlib.suppress(ContainerError):  # bytes that start like a zip, a gzip, ...
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


# --- Line ends --------------------------------------------------------------------------------

_LINE_END = re.compile(r"\r\n|\r|\n")


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    ends = [match.end() for match in _LINE_END.finditer(text, 0, offset)]
    return len(ends) + 1, offset - (ends[-1] if ends else 0) + 1


@settings(max_examples=60)
@given(
    st.lists(
        st.tuples(messages(), st.lists(st.sampled_from(["\n", "\r\n", "\r", "x", " "]))),
        max_size=5,
    ),
    st.integers(min_value=1, max_value=200),
)
def test_lines_end_at_lf_crlf_and_lone_cr(
    parts: list[tuple[ErrorMessage, list[str]]], chunk: int
) -> None:
    text = "".join("".join(gap) + message.render() for message, gap in parts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(containers_module, "CHUNK_BYTES", chunk)
        patch.setattr(containers_module, "HEAD_BYTES", chunk)
        patch.setattr(files_module, "_KEEP", 1200)
        found = list(scan_file(io.BytesIO(text.encode())))
    assert [m.span for m in found] == [m.span for m in scan(text)]
    for message in found:
        assert message.span is not None
        assert (message.line, message.column) == _line_and_column(text, message.span[0])


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (f"old\rmac\r  {ONE}", 3, 3),
        (f"windows\r\n\r\n{ONE}", 3, 1),
        (f"mixed\r\n\r\n\n\r{ONE}", 5, 1),
    ],
)
def test_line_ends(text: str, line: int, column: int) -> None:
    (message,) = scan_file(io.BytesIO(text.encode()))
    assert (message.line, message.column) == (line, column)


def test_crlf_cut_between_two_pieces_is_one_line_end() -> None:
    lines = files_module._Lines()
    lines.advance("ab\r", 0, 3)
    lines.advance("\ncd", 3, 5)
    assert (lines.line, lines.start) == (2, 4)
    lines.advance("\ncd", 3, 6)  # no line end in what is left
    assert (lines.line, lines.start) == (2, 4)


# --- Containers and mail ------------------------------------------------------------------------


def _eml(text: str, encoding: str) -> bytes:
    mail = EmailMessage()
    mail["Message-ID"] = "<1@example>"
    mail["From"] = "helpdesk@example.com"
    mail.set_content(text, cte=encoding)
    return mail.as_bytes()


def _zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("logs/outlook.log", text)
    return buffer.getvalue()


CONTAINERS: dict[str, tuple[Callable[[str], bytes], str | None]] = {
    "gzip": (lambda text: gzip.compress(text.encode()), None),
    "bzip2": (lambda text: bz2.compress(text.encode()), None),
    "xz": (lambda text: lzma.compress(text.encode()), None),
    "zip": (_zip, "logs/outlook.log"),
    "eml quoted-printable": (lambda text: _eml(text, "quoted-printable"), "part 1 (text/plain)"),
    "eml base64": (lambda text: _eml(text, "base64"), "part 1 (text/plain)"),
}


def _found(messages: Iterable[ErrorMessage]) -> list[tuple[object, ...]]:
    return [
        (m.kind, m.proxy_server, m.target_site, m.code, m.span, m.line, m.column) for m in messages
    ]


@settings(max_examples=25)
@given(
    st.sampled_from(sorted(CONTAINERS)),
    # Mail has its own line ends (a lone CR is not one), so the gaps hold none of those.
    st.lists(st.tuples(messages(), st.text(alphabet="ab \n\t>", max_size=40)), max_size=4),
)
def test_each_container_gives_what_scan_gives_of_the_plain_text(
    container: str, parts: list[tuple[ErrorMessage, str]]
) -> None:
    text = "".join(message.render() + gap for message, gap in parts) + "\n"
    make, source = CONTAINERS[container]
    found = list(scan_file(io.BytesIO(make(text))))
    expected = list(scan_file(io.BytesIO(text.encode())))
    assert _found(found) == _found(expected)
    # What scan finds in the plain text, where scan_file adds only line and column.
    assert [attrs.evolve(m, line=None, column=None, source=None) for m in found] == list(scan(text))
    assert {m.source for m in found} <= {source}


def test_messages_say_where_they_come_from() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.log", f"x\n{ONE}\n")
        archive.writestr("mail/t.eml", _eml(f"Hello,\n\n{ONE}\n", "quoted-printable"))
    found = list(scan_file(io.BytesIO(buffer.getvalue())))
    assert [(m.source, m.line, m.column) for m in found] == [
        ("a.log", 2, 1),
        ("mail/t.eml!part 1 (text/plain)", 3, 1),
    ]
    assert found[1].to_dict()["source"] == "mail/t.eml!part 1 (text/plain)"


def test_unreadable_parts_raise_after_the_readable_ones(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("first.msg", _MSG)
        archive.writestr("a.log", ONE)
        archive.writestr("second.pdf", b"%PDF-1.7")
    path = tmp_path / "bundle.zip"
    path.write_bytes(buffer.getvalue())
    found: list[ErrorMessage] = []
    with pytest.raises(ContainerError) as info:
        found.extend(scan_file(path))
    assert [m.source for m in found] == ["a.log"]
    assert info.value.source == f"{path}!first.msg"
    assert info.value.reason == "Outlook .msg file: save it as .eml or as text"


_MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "__substg1.0_0037001F".encode("utf-16-le")


def test_an_outlook_msg_file() -> None:
    with pytest.raises(ContainerError, match=r"^cannot read '<file>': Outlook \.msg file: save"):
        list(scan_file(io.BytesIO(_MSG)))


def test_a_mail_part_with_a_charset_no_codec_knows() -> None:
    data = (
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=x-unknown\n\n"
        + ONE.replace("'", "\u2019").encode()
    )
    (message,) = scan_file(io.BytesIO(data))
    assert message.proxy_server == "mail.contoso.com"


def test_scan_input_tells_of_each_part() -> None:
    told: list[tuple[str | None, tuple[str, ...], str]] = []
    data = gzip.compress(f"{ONE}\n".encode("utf-16"))
    found = list(
        files_module.scan_input(
            io.BytesIO(data),
            "f",
            None,
            lambda part, d: told.append((part.source, part.containers, d.label)),
        )
    )
    assert len(found) == 1
    assert told == [(None, ("gzip",), "utf-16 (byte order mark)")]


# --- parse_file ---------------------------------------------------------------------------------


def test_parse_file(tmp_path: Path) -> None:
    path = tmp_path / "ticket.txt.gz"
    path.write_bytes(gzip.compress(f"Hello\n{ONE}\n{JA}\n".encode("cp932")))
    message = parse_file(path)
    assert (message.kind, message.line, message.column) == (2, 2, 1)
    assert parse_file(str(path), encoding="cp932") == message


def test_parse_file_stops_at_the_first_message(tmp_path: Path) -> None:
    read: list[int] = []

    class Spy(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            data = super().read(size)
            read.append(len(data))
            return data

    data = f"{ONE}\n".encode() * 300_000
    assert parse_file(Spy(data)).line == 1
    assert sum(read) < len(data)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (
            b"no message here",
            MessageNotFoundError,
            "no proxy certificate error message found in '<file>'",
        ),
        (_MSG, ContainerError, "cannot read '<file>': Outlook .msg file"),
    ],
)
def test_parse_file_finds_nothing(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}"):
        parse_file(io.BytesIO(data))


def test_parse_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "empty.log"
    path.write_bytes(b"")
    with pytest.raises(MessageNotFoundError) as info:
        parse_file(path)
    assert info.value.text == str(path)


# --- The encoding contract and paths ----------------------------------------------------------


def test_bomless_utf16_given_reads_without_raising() -> None:
    data = LOG.encode("utf-16-be")
    assert _positions(list(scan_file(io.BytesIO(data), encoding="utf-16"))) == [
        (2, 3, 2),
        (4, 1, 3),
    ]
    assert len(list(scan_file(io.BytesIO(data[:-1]), encoding="utf-16"))) == 2


@pytest.mark.parametrize(
    "encoding",
    # Which codecs fail the check is test_encodings' subject; these show that it runs at once.
    ["utf-8\0", "base64", "rot13", "idna", "nope"],
)
def test_encodings_that_cannot_read_text_fail_at_once(encoding: str) -> None:
    with pytest.raises(LookupError, match=r"^invalid encoding "):
        scan_file(io.BytesIO(b""), encoding=encoding)
    with pytest.raises(LookupError, match=r"^invalid encoding "):
        parse_file(io.BytesIO(b""), encoding=encoding)


def test_encoding_of_the_wrong_type() -> None:
    with pytest.raises(TypeError, match=r"^encoding must be a str, not int$"):
        scan_file(io.BytesIO(b""), encoding=8)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("a\0b.log", "invalid path (it holds a NUL character)"),
        ("\ud800.log", "invalid path (it cannot be encoded as a file name)"),
    ],
)
def test_impossible_paths(path: str, reason: str) -> None:
    with pytest.raises(OSError, match=re.escape(reason)) as info:
        scan_file(path)
    assert info.value.errno == errno.EINVAL
    json.dumps(info.value.filename).encode("utf-8")  # a name any JSON parser takes


def test_an_unused_iterator_closes_its_file_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.log"
    path.write_text(ONE, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = scan_file(path)
        del found
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("outlook.log", "outlook.log"),
        (os.fsdecode(b"caf\xe9.log"), "caf\\xe9.log"),
        ("\ud800.log", "\\ud800.log"),
        ("\u65e5\u672c.log", "\u65e5\u672c.log"),
    ],
)
def test_display_name_is_strict_json(name: str, shown: str) -> None:
    assert files_module.display_name(name) == shown
    json.loads(json.dumps(shown, ensure_ascii=False).encode("utf-8"))


def test_a_file_object_is_named_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "a.msg"
    path.write_bytes(_MSG)
    with path.open("rb") as handle, pytest.raises(ContainerError) as info:
        list(scan_file(handle))
    assert info.value.source == str(path)


def test_a_cut_off_gzip_keeps_the_messages_before_the_cut() -> None:
    data = gzip.compress(f"{ONE}\n".encode() * 2000)
    found: list[ErrorMessage] = []
    with pytest.raises(ContainerError, match=r"^cannot read '<file>': corrupt gzip data \("):
        found.extend(scan_file(io.BytesIO(data[: len(data) // 2])))
    assert len(found) > 10
    assert [m.line for m in found] == list(range(1, len(found) + 1))


@pytest.mark.parametrize("encoding", ["cp932", "shift_jis", "euc_jp", "iso2022_jp", "utf-16-le"])
def test_japanese_logs_are_read_without_an_encoding(encoding: str) -> None:
    log = f"2024-05-01 10:00:00 接続を開始します\r\n2024-05-01 10:00:01 {JA}\r\n"
    (message,) = scan_file(io.BytesIO(log.encode(encoding)))
    assert (message.kind, message.proxy_server, message.line, message.column) == (
        3,
        "mail.contoso.com",
        2,
        21,
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(f"a\n{ONE}\n".encode() + bytes(10_000) + f"b\n{ONE}\n".encode(), id="padding"),
        pytest.param(f"a\0\n{ONE}\n\0b\n{ONE}\n".encode(), id="stray"),
        pytest.param(
            f"a\n{ONE}\n".encode().replace(b"proxy server", b"proxy\0server"), id="inside"
        ),
    ],
)
def test_nul_bytes_in_a_utf8_log_are_noise(data: bytes) -> None:
    found = list(scan_file(io.BytesIO(data)))
    assert found
    assert {(m.proxy_server, m.column) for m in found} == {("mail.contoso.com", 1)}
    assert found[0].line == 2


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
    chunks = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    whole = [attrs.evolve(m, line=None, column=None) for m in scan(text)]
    chunked = [attrs.evolve(m, line=None, column=None) for m in files_module._scan_texts(chunks)]
    assert chunked == whole
