"""The command line's inputs: containers and mail, --encoding, --verbose, unreadable parts, and
standard input typed at a terminal."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from tests.cli_fakes import FakeConsole, Ticks, TTYStdin, run

from proxycert import ErrorMessage

ONE = ErrorMessage(2, "mail.contoso.com", code=0x10).render()
JA = ErrorMessage(3, "mail.contoso.com", code=8, language="ja").render()
MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "__substg1.0_0037001F".encode("utf-16-le")


def _eml(text: str) -> bytes:
    mail = EmailMessage()
    mail["Message-ID"] = "<1@example>"
    mail["From"] = "helpdesk@example.com"
    mail.set_content(text, cte="quoted-printable")
    mail.add_alternative(f"<p>{text}</p>", subtype="html", cte="base64")
    return mail.as_bytes()


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A support bundle: a log, a rotated log, a mail, a .msg and a corrupt member."""
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("logs/outlook.log", f"start\n{ONE}\n")
        archive.writestr("logs/old.log.gz", gzip.compress(f"{ONE}\n".encode("utf-16")))
        archive.writestr("mail/ticket.eml", _eml(f"Hello,\n{ONE}\n"))
        archive.writestr("mail/ticket.msg", MSG)
        archive.writestr("logs/cut.log.gz", gzip.compress(b"x" * 5000)[:-20])
    return path


def test_scan_reads_each_member_and_names_it(bundle: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.log"
    plain.write_text(f"{ONE}\n", encoding="utf-8")
    status, out, err = run("scan", str(bundle), str(plain))
    # The unreadable members are errors for the bundle alone: the next file is scanned.
    assert status == 2
    headings = [line for line in out.splitlines() if not line.startswith(" ")]
    assert headings == [
        f"{bundle}!logs/outlook.log",
        f"{bundle}!logs/old.log.gz",
        f"{bundle}!mail/ticket.eml!part 1 (text/plain)",
        f"{bundle}!mail/ticket.eml!part 2 (text/html)",
        str(plain),
    ]
    assert err.startswith(
        f"proxycert: error: cannot read {bundle}!mail/ticket.msg: Outlook .msg file: save it as"
        " .eml or as text\n"
        f"proxycert: error: cannot read {bundle}!logs/cut.log.gz: corrupt gzip data ("
    )
    assert "5 messages in 2 of 2 files" in err


def test_scan_json_says_the_member(bundle: Path) -> None:
    status, out, _ = run("scan", "--json", str(bundle))
    assert status == 2
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["file"], row["source"], row["line"]) for row in rows] == [
        (str(bundle), "logs/outlook.log", 2),
        (str(bundle), "logs/old.log.gz", 1),
        (str(bundle), "mail/ticket.eml!part 1 (text/plain)", 2),
        (str(bundle), "mail/ticket.eml!part 2 (text/html)", 2),
    ]


def test_scan_verbose_says_what_each_part_was_read_as(bundle: Path) -> None:
    _, _, err = run("scan", "--verbose", str(bundle))
    told = [line for line in err.splitlines() if not line.startswith(("proxycert: error", " "))]
    assert told[:-1] == [
        f"proxycert: {bundle}!logs/outlook.log: zip; utf-8 (ASCII)",
        f"proxycert: {bundle}!logs/old.log.gz: zip, gzip; utf-16 (byte order mark)",
        f"proxycert: {bundle}!mail/ticket.eml!part 1 (text/plain): zip, mail quoted-printable;"
        " utf-8 (charset of the part)",
        f"proxycert: {bundle}!mail/ticket.eml!part 2 (text/html): zip, mail base64;"
        " utf-8 (charset of the part)",
        f"proxycert: {bundle}!logs/cut.log.gz: zip, gzip; utf-8 (ASCII)",
    ]


def test_scan_a_corrupt_archive_then_goes_on(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04" + bytes(100))
    plain = tmp_path / "plain.log"
    plain.write_text(ONE, encoding="utf-8")
    status, out, err = run("scan", "--json", str(corrupt), str(plain))
    assert status == 2
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(plain)]
    assert err.startswith(
        f"proxycert: error: cannot read {corrupt}: corrupt zip data (File is not a zip file)\n"
        "1 message in 1 of 2 files"
    )


@pytest.mark.parametrize("command", ["parse", "scan"])
def test_encoding_overrides_detection(tmp_path: Path, command: str) -> None:
    path = tmp_path / "latin.log"
    # Windows-1252 would read 0x92 as an apostrophe; Latin-1 reads it as a control character.
    path.write_bytes(ONE.replace("'", "\u2019").encode("cp1252"))
    assert run(command, "--json", str(path))[0] == 0
    assert run(command, "--json", "--encoding", "latin-1", str(path))[0] == 1


@pytest.mark.parametrize("command", ["parse", "scan"])
def test_encoding_that_is_no_text_encoding(command: str) -> None:
    status, out, err = run(command, "--encoding", "base64")
    assert (status, out) == (2, "")
    assert err.endswith(
        f"proxycert {command}: error: argument --encoding: invalid encoding 'base64': expected a"
        " text encoding, such as 'utf-8', 'cp1252' or 'cp932', not a bytes-to-bytes or text"
        " codec\n"
    )


def test_parse_japanese_in_shift_jis(tmp_path: Path) -> None:
    path = tmp_path / "ja.txt"
    path.write_bytes(f"ログ\r\n{JA}\r\n".encode("cp932"))
    status, out, _ = run("parse", "--json", str(path))
    assert status == 0
    [message] = json.loads(out)
    assert (message["kind"], message["line"]) == (3, 2)


def test_parse_an_outlook_msg_file(tmp_path: Path) -> None:
    path = tmp_path / "ticket.msg"
    path.write_bytes(MSG)
    assert run("parse", str(path)) == (
        2,
        "",
        f"proxycert: error: cannot read {path}: Outlook .msg file: save it as .eml or as text\n",
    )


def test_parse_a_mail(tmp_path: Path) -> None:
    path = tmp_path / "ticket.eml"
    path.write_bytes(_eml(f"Hello,\n{ONE}\n"))
    status, out, _ = run("parse", "--all", "--json", str(path))
    assert status == 0
    assert [row["source"] for row in json.loads(out)] == [
        "part 1 (text/plain)",
        "part 2 (text/html)",
    ]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names there are Unicode")
def test_a_file_name_that_is_not_utf8_is_strict_json(tmp_path: Path) -> None:
    name = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.log")
    Path(name).write_text(ONE, encoding="utf-8")
    status, out, _ = run("scan", "--json", str(tmp_path))
    assert status == 0
    row = json.loads(out.encode("utf-8"))
    assert row["file"] == f"{tmp_path}/caf\\xe9.log"


# --- Standard input at a terminal -------------------------------------------------------------


class Terminal(io.RawIOBase):
    """A terminal in canonical mode: each read gives one line, or b"" at a Ctrl-D."""

    def __init__(self, *reads: bytes) -> None:
        super().__init__()
        self.reads = list(reads)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.reads.pop(0)
        buffer[: len(data)] = data
        return len(data)


def test_one_ctrl_d_ends_typed_input() -> None:
    cut = ONE.index(" ", 100)  # a message wrapped over two typed lines
    terminal = Terminal(ONE[:cut].encode() + b"\n", ONE[cut:].encode() + b"\n", b"", b"after\n")
    fake = FakeConsole(stderr_tty=True, clock=Ticks(10.0))
    fake.console.stdin = TTYStdin(io.BufferedReader(terminal), encoding="utf-8")
    assert fake.run("parse", "--json") == 0
    # The end of input was read once, and nothing after it.
    assert terminal.reads == [b"after\n"]
    assert [message["proxy_server"] for message in json.loads(fake.out)] == ["mail.contoso.com"]
    # No progress line while someone types, however long it takes: only the hint.
    assert fake.err == "proxycert: paste the error, then Ctrl-D (Ctrl-Z Enter on Windows)\n"


def test_typed_input_counts_in_the_summary() -> None:
    terminal = Terminal(ONE.encode() + b"\n", b"")
    fake = FakeConsole(stderr_tty=True, clock=Ticks(10.0))
    fake.console.stdin = TTYStdin(io.BufferedReader(terminal), encoding="utf-8")
    assert fake.run("scan") == 0
    assert f"1 message in 1 of 1 file ({len(ONE) + 1} bytes read)" in fake.err
    assert "\r" not in fake.err


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_one_ctrl_d_ends_input_at_a_real_terminal() -> None:
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "proxycert", "parse", "--json"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    try:
        os.write(controller, ONE.encode() + b"\n\x04")
        # Before one Ctrl-D sufficed, this waited for two more: the timeout guards a hang.
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        os.close(controller)
    assert process.returncode == 0, err
    assert [message["proxy_server"] for message in json.loads(out)] == ["mail.contoso.com"]


def test_parse_says_which_part_a_message_is_in(tmp_path: Path) -> None:
    path = tmp_path / "ticket.eml"
    path.write_bytes(_eml(f"Hello,\n{ONE}\n"))
    status, out, _ = run("parse", str(path))
    assert status == 0
    assert out.startswith(
        "Message 2 of KB 923575: NAME_MISMATCH (part 1 (text/plain), line 2, column 1)\n"
    )
