"""Containers by their magic bytes: gzip, bzip2, xz, zip, mail; nesting, corruption and limits."""

from __future__ import annotations

import bz2
import errno
import gzip
import io
import lzma
import random
import struct
import zipfile
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest

from proxycert import ContainerError, ErrorMessage
from proxycert import _containers as containers_module
from proxycert._containers import Part, parts

ONE = ErrorMessage(2, "mail.contoso.com", code=0x10).render()
LOG = ("x" * 70 + "\n") * 50 + ONE + "\n"
DATA = LOG.encode()

Found = tuple[object, ...]


def _describe(error: ContainerError) -> str:
    """*error* without the file's name "f" that every source starts with."""
    assert str(error) == f"cannot read {error.source!r}: {error.reason}"
    assert error.source.startswith("f")
    return error.reason if error.source == "f" else f"{error.source[2:]}: {error.reason}"


def _read(data: bytes | io.RawIOBase | object) -> list[Found]:
    """Each part as (source, containers, data, error), each error as ("error", str)."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    found: list[Found] = []
    for item in parts(stream, "f"):  # type: ignore[arg-type]
        if isinstance(item, Part):
            text = b"".join(item.chunks)
            error = None if item.error is None else _describe(item.error)
            found.append((item.source, item.containers, text, error))
        else:
            found.append(("error", _describe(item)))
    return found


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class _Unseekable:
    """A pipe: read and nothing else."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)


@pytest.mark.parametrize(
    ("data", "kinds"),
    [
        pytest.param(DATA, (), id="text"),
        # Text that starts like bzip2 but has no bzip2 block after its header.
        pytest.param(b"BZh9 is not bzip2\n", (), id="bzh-text"),
        pytest.param(gzip.compress(DATA), ("gzip",), id="gzip"),
        pytest.param(gzip.compress(DATA[:100]) + gzip.compress(DATA[100:]), ("gzip",), id="gzip-2"),
        pytest.param(bz2.compress(DATA), ("bzip2",), id="bzip2"),
        pytest.param(lzma.compress(DATA), ("xz",), id="xz"),
        pytest.param(gzip.compress(gzip.compress(DATA)), ("gzip", "gzip"), id="gzip-in-gzip"),
    ],
)
def test_streams(data: bytes, kinds: tuple[str, ...]) -> None:
    (found,) = _read(data)
    assert found == (None, kinds, DATA if kinds else data, None)


def test_empty() -> None:
    assert _read(b"") == [(None, (), b"", None)]


def test_large_stream_comes_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers_module, "CHUNK_BYTES", 1000)
    monkeypatch.setattr(containers_module, "HEAD_BYTES", 100)
    data = DATA * 3
    (part,) = parts(io.BytesIO(gzip.compress(data)), "f")
    assert isinstance(part, Part)
    chunks = list(part.chunks)
    assert b"".join(chunks) == data
    assert len(chunks) > 3
    assert all(len(chunk) >= 1000 for chunk in chunks[:-1])


def test_zip_members_are_each_read_and_named() -> None:
    inner = _zip({"c.log": DATA})
    bundle = _zip(
        {
            "logs/": b"",
            "logs/outlook.log": DATA,
            "logs/old.log.gz": gzip.compress(DATA),
            "logs/stored.log": DATA,
            "inner.zip": inner,
            "empty.log": b"",
        }
    )
    assert _read(bundle) == [
        ("logs/outlook.log", ("zip",), DATA, None),
        ("logs/old.log.gz", ("zip", "gzip"), DATA, None),
        ("logs/stored.log", ("zip",), DATA, None),
        ("inner.zip!c.log", ("zip", "zip"), DATA, None),
        ("empty.log", ("zip",), b"", None),
    ]


def test_zip_from_a_stream_that_cannot_seek() -> None:
    assert _read(_Unseekable(_zip({"a.log": DATA}))) == [("a.log", ("zip",), DATA, None)]


def test_zip_inside_gzip() -> None:
    assert _read(gzip.compress(_zip({"a.log": DATA}))) == [("a.log", ("gzip", "zip"), DATA, None)]


def test_one_level_of_nesting_only() -> None:
    innermost = _zip({"c.log": DATA, "d.log.gz": gzip.compress(DATA)})
    bundle = _zip({"a.zip": innermost, "b.gz": gzip.compress(gzip.compress(DATA))})
    assert _read(bundle) == [
        ("a.zip!c.log", ("zip", "zip"), DATA, None),
        (
            "error",
            "a.zip!d.log.gz: gzip inside zip inside zip: not read, proxycert opens one"
            " container inside another, no deeper",
        ),
        (
            "error",
            "b.gz: gzip inside gzip inside zip: not read, proxycert opens one container"
            " inside another, no deeper",
        ),
    ]


def _patch_central_directory(data: bytes, offset: int, value: bytes) -> bytes:
    # The central directory's entry is what zipfile reads a member's flags and method from.
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + value + data[at + len(value) :]


def test_encrypted_member_is_an_error_and_the_scan_goes_on() -> None:
    bundle = _zip({"secret.log": DATA, "plain.log": DATA})
    # General purpose flag bit 0: encrypted.
    bundle = _patch_central_directory(bundle, 8, struct.pack("<H", 1))
    assert _read(bundle) == [
        ("error", "secret.log: encrypted: proxycert reads no passwords"),
        ("plain.log", ("zip",), DATA, None),
    ]


def test_unsupported_method_is_an_error_for_the_member() -> None:
    bundle = _zip({"odd.log": DATA, "plain.log": DATA})
    bundle = _patch_central_directory(bundle, 10, struct.pack("<H", 99))
    found = _read(bundle)
    assert found[0][0] == "error"
    assert str(found[0][1]).startswith("odd.log: corrupt zip data (")
    assert found[1] == ("plain.log", ("zip",), DATA, None)


def test_bad_crc_keeps_the_data_before_it() -> None:
    bundle = _zip({"a.log": DATA, "b.log": DATA}, zipfile.ZIP_STORED)
    at = bundle.index(DATA) + 10
    bundle = bundle[:at] + b"X" + bundle[at + 1 :]
    (first, second) = _read(bundle)
    assert first[:2] == ("a.log", ("zip",))
    assert first[3] == "a.log: corrupt zip data (Bad CRC-32 for file 'a.log')"
    assert second == ("b.log", ("zip",), DATA, None)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_zip({"a.log": DATA})[:-30], "corrupt zip data (File is not a zip file)"),
        (b"PK\x05\x06" + bytes(10), "corrupt zip data (File is not a zip file)"),
    ],
)
def test_corrupt_zip(data: bytes, reason: str) -> None:
    assert _read(data) == [("error", reason)]


@pytest.mark.parametrize(
    ("compress", "kind"),
    [(gzip.compress, "gzip"), (bz2.compress, "bzip2"), (lzma.compress, "xz")],
)
def test_cut_off_stream_keeps_what_was_read(compress: Callable[[bytes], bytes], kind: str) -> None:
    data = compress(DATA * 40)
    ((source, kinds, text, error),) = _read(data[: len(data) * 3 // 4])
    assert (source, kinds) == (None, (kind,))
    assert str(error).startswith(f"corrupt {kind} data (")
    assert isinstance(text, bytes)
    assert (DATA * 40).startswith(text)


def test_corrupt_from_the_first_byte() -> None:
    (found,) = _read(b"\x1f\x8b\x08" + bytes(40))
    assert found[:3] == (None, ("gzip",), b"")
    assert str(found[3]).startswith("corrupt gzip data (")


def test_corrupt_gzip_around_a_zip() -> None:
    data = gzip.compress(_zip({"a.log": DATA * 20}))
    (found,) = _read(data[:-100])
    assert found[0] == "error"
    assert str(found[1]).startswith("corrupt gzip data (")


def test_corrupt_gzip_around_a_mail() -> None:
    mail = EmailMessage()
    mail["Message-ID"] = "<1@example>"
    mail["From"] = "a@example.com"
    mail.set_content(LOG * 20)
    data = gzip.compress(mail.as_bytes())
    (found,) = _read(data[:-100])
    assert found[0] == "error"
    assert str(found[1]).startswith("corrupt gzip data (")


def test_mail_parts_are_named() -> None:
    mail = EmailMessage()
    mail["Message-ID"] = "<1@example>"
    mail["From"] = "a@example.com"
    mail.set_content(LOG, cte="quoted-printable")
    mail.add_alternative(f"<p>{LOG}</p>", subtype="html", cte="base64")
    found = _read(_zip({"mail/ticket.eml": mail.as_bytes()}))
    assert found == [
        (
            "mail/ticket.eml!part 1 (text/plain)",
            ("zip", "mail quoted-printable"),
            DATA,
            None,
        ),
        (
            "mail/ticket.eml!part 2 (text/html)",
            ("zip", "mail base64"),
            f"<p>{LOG}</p>\n".encode(),
            None,
        ),
    ]


def test_mail_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("proxycert._mail.MAX_MAIL_BYTES", 100)
    mail = b"Message-ID: <1@example>\nFrom: a@example.com\n\n" + DATA
    assert _read(mail) == [
        ("error", "mail larger than 0 MB: save its text as a file and scan that")
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + bytes(504)
            + "__substg1.0_0037001F".encode("utf-16-le"),
            "Outlook .msg file: save it as .eml or as text",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "OLE compound file (a Word, Excel or Outlook file): save it as text",
        ),
        (b"(\xb5/\xfd" + bytes(20), "Zstandard file: decompress it first (zstd -d)"),
        (b"7z\xbc\xaf\x27\x1c" + bytes(20), "7-Zip archive: extract it first"),
        (b"Rar!\x1a\x07\x00", "RAR archive: extract it first"),
        (b"%PDF-1.7\n", "PDF file: copy its text into a file and scan that"),
    ],
)
def test_formats_not_read_are_errors(data: bytes, reason: str) -> None:
    assert _read(data) == [("error", reason)]
    assert _read(_zip({"x": data})) == [("error", f"x: {reason}")]


def test_expansion_limit_keeps_what_came_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers_module, "MAX_EXPANSION", 1000)
    ((source, kinds, text, error),) = _read(gzip.compress(DATA))
    assert (source, kinds, text) == (None, ("gzip",), DATA[:1000])
    assert error == (
        "expands past 1000 bytes, the most proxycert reads of one compressed stream (a zip bomb?)"
    )


def test_exactly_at_the_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(containers_module, "MAX_EXPANSION", len(DATA))
    assert _read(gzip.compress(DATA)) == [(None, ("gzip",), DATA, None)]


def test_zip_bomb_member_is_an_error_and_the_scan_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(containers_module, "MAX_EXPANSION", 1000)
    monkeypatch.setattr(containers_module, "MAX_ARCHIVE", 2500)
    bomb = bytes(5000)
    bundle = _zip({"bomb.log": bomb, "a.log": DATA[:900], "b.log": DATA[:900], "c.log": DATA})
    found = _read(bundle)
    assert found == [
        (
            "bomb.log",
            ("zip",),
            bomb[:1000],
            "bomb.log: expands past 1000 bytes, the most proxycert reads of one compressed"
            " stream (a zip bomb?)",
        ),
        ("a.log", ("zip",), DATA[:900], None),
        (
            "b.log",
            ("zip",),
            DATA[:600],
            "b.log: expands past 2500 bytes, the most proxycert reads of one zip (a zip bomb?)",
        ),
        (
            "error",
            "c.log: expands past 2500 bytes, the most proxycert reads of one zip (a zip bomb?)",
        ),
    ]


class _Failing:
    """A disk that fails after some data."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(min(size, 500))
        if not data:
            raise OSError(errno.EIO, "Input/output error")
        return data


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(DATA * 300, id="text"),
        pytest.param(gzip.compress(DATA * 300, compresslevel=0), id="gzip"),
        pytest.param(bz2.compress(bytes(range(256)) * 1000), id="bzip2"),
    ],
)
def test_a_failing_disk_is_an_oserror_not_corrupt_data(data: bytes) -> None:
    with pytest.raises(OSError, match="Input/output error") as info:
        _read(_Failing(data))
    assert not isinstance(info.value, ContainerError)


def test_a_failing_disk_under_a_zip() -> None:
    with pytest.raises(OSError, match="Input/output error"):
        _read(_Failing(_zip({"a.log": DATA * 300})))


def test_a_failing_disk_at_a_zip_member(monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _zip({"a.log": DATA})

    def failing_open(self: zipfile.ZipFile, *args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(zipfile.ZipFile, "open", failing_open)
    with pytest.raises(OSError, match="Input/output error"):
        _read(bundle)


def test_a_failing_disk_at_the_zip_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_init(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", failing_init)
    with pytest.raises(OSError, match="Input/output error"):
        _read(_zip({"a.log": DATA}))


def test_a_reader_that_gives_text_is_refused() -> None:
    class TextReader:
        def read(self, size: int = -1) -> str:
            return "text"

    with pytest.raises(TypeError, match=r"^file must be opened in binary mode; read\(\) gave str$"):
        _read(TextReader())


def test_a_stream_is_read_from_its_position() -> None:
    stream = io.BytesIO(b"junk" + _zip({"a.log": DATA}))
    stream.read(4)
    assert _read(stream) == [("a.log", ("zip",), DATA, None)]


def test_limit_met_exactly_between_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("HEAD_BYTES", 100), ("CHUNK_BYTES", 100), ("MAX_EXPANSION", 200)):
        monkeypatch.setattr(containers_module, name, value)
    ((_, _, text, error),) = _read(gzip.compress(DATA))
    assert text == DATA[:200]
    assert str(error).startswith("expands past 200 bytes")


def _patch_end_record(data: bytes, offset: int, value: bytes) -> bytes:
    at = data.rindex(b"PK\x05\x06") + offset
    return data[:at] + value + data[at + len(value) :]


def test_a_zip_directory_before_the_file_start_is_corrupt_data(tmp_path: Path) -> None:
    # The size of the central directory (offset 12 of the end record), made larger than the
    # whole file, sends zipfile to seek before the file's start: EINVAL, not a failing disk.
    bundle = _patch_end_record(_zip({"a.log": DATA}), 12, struct.pack("<I", 1 << 20))
    path = tmp_path / "bundle.zip"
    path.write_bytes(bundle)
    with path.open("rb") as handle:
        ((label, reason),) = _read(handle)
    assert label == "error"
    assert str(reason).startswith("corrupt zip data (")


def test_a_zip_version_zipfile_cannot_read() -> None:
    # "Version needed to extract", offset 6 of the central directory's entry.
    bundle = _patch_central_directory(_zip({"a.log": DATA}), 6, struct.pack("<H", 250))
    assert _read(bundle) == [("error", "corrupt zip data (zip file version 25.0)")]


def test_an_error_inside_a_stream_inside_a_member_passes_out_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(containers_module, "MAX_ARCHIVE", 3000)
    noise = random.Random(7).randbytes(5000)
    # The member's own data (a gzip that does not compress) passes the zip's limit, inside
    # the gzip that reads it.
    ((source, kinds, text, error),) = _read(_zip({"x.gz": gzip.compress(noise)}))
    assert (source, kinds) == ("x.gz", ("zip", "gzip"))
    assert isinstance(text, bytes)
    assert noise.startswith(text)
    assert error == (
        "x.gz: expands past 3000 bytes, the most proxycert reads of one zip (a zip bomb?)"
    )


def test_compressed_members_spend_the_zip_budget_with_what_they_expand_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Twenty small gzip members that each expand to 1,000 bytes: without counting their
    # expansion, a tiny zip would feed the scanner up to MAX_EXPANSION per member.
    monkeypatch.setattr(containers_module, "MAX_EXPANSION", 1000)
    monkeypatch.setattr(containers_module, "MAX_ARCHIVE", 2500)
    members = {f"m{n:02}.gz": gzip.compress(bytes(1000)) for n in range(20)}
    found = _read(_zip(members))
    texts = [row[2] for row in found if len(row) == 4]
    assert sum(len(text) for text in texts if isinstance(text, bytes)) <= 2500
    assert found[-1] == (
        "error",
        "m19.gz: expands past 2500 bytes, the most proxycert reads of one zip (a zip bomb?)",
    )


@pytest.mark.parametrize("name", ["ticket.msg", "TICKET.MSG"])
def test_an_ole_file_named_msg_is_an_outlook_msg_file(name: str) -> None:
    # Its directory, which names its streams, may lie past the first bytes.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert _read(_zip({name: data})) == [
        ("error", f"{name}: Outlook .msg file: save it as .eml or as text")
    ]
    ((error),) = parts(io.BytesIO(data), name)
    assert isinstance(error, ContainerError)
    assert (error.source, error.reason) == (name, "Outlook .msg file: save it as .eml or as text")
