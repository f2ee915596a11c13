"""The command line, run in-process through ``main([...])``: output, errors and exit status."""

from __future__ import annotations

import importlib
import io
import json
import os
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

import proxycert
from proxycert import ErrorMessage, MessageKind, cli

HEADER = "There is a problem with the proxy server's security certificate"
TAIL = "Outlook is unable to connect to this server."
NAME_MISMATCH = (
    f"{HEADER}, mail.contoso.com. The name on the security certificate is invalid or does not"
    f" match the name of the site. {TAIL} (10)"
)
UNTRUSTED_CA = (
    f"{HEADER}, a.example. The security certificate is not from a trusted certifying"
    f" authority. {TAIL} (18)"
)
TARGET_SITE = (
    f"{HEADER}. The name on the security certificate is invalid or does not match the name of"
    " the target site outlook.office365.com. Outlook is unable to connect to the proxy server"
    " (Error Code 0)"
)
PLACEHOLDER = f"{HEADER}, %s. {TAIL} (%s)"
NO_CODE = f"{HEADER}, a.example. {TAIL}"
UNKNOWN_BITS = f"{HEADER}, a.example. {TAIL} (108)"
HEX_CODE = f"{HEADER}, a.example. {TAIL} (0x00000010)"
EXAMPLE = Path(__file__).parent.parent / "examples" / "pasted-error.txt"
ESC = "\x1b["


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class TTYStdin(io.TextIOWrapper):
    """Standard input typed at a terminal: text over a binary buffer."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _plain_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test sees an 80-column terminal without NO_COLOR, whatever runs the tests.
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, *, tty: bool = False) -> None:
    stream = (TTYStdin if tty else io.TextIOWrapper)(io.BytesIO(data), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


# --- the program -------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["-V", "--version"])
def test_version(capsys: pytest.CaptureFixture[str], option: str) -> None:
    assert run(capsys, option) == (0, f"proxycert {proxycert.__version__}\n", "")


def test_help_has_commands_examples_and_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--help")
    assert (status, err) == (0, "")
    assert out.startswith("usage: proxycert [-h] [-V] COMMAND ...\n")
    for text in ("decode", "parse", "scan", "flags", "examples:", "exit status:", "130", "141"):
        assert text in out
    assert widest(out) <= 80


@pytest.mark.parametrize("command", ["decode", "parse", "scan", "flags"])
def test_command_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, err = run(capsys, command, "--help")
    assert (status, err) == (0, "")
    assert out.startswith(f"usage: proxycert {command} ")
    assert "exit status:" in out
    assert widest(out) <= 80


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # No command at all.
        ((), "the following arguments are required: COMMAND"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("decode",), "the following arguments are required: CODE"),
        # Newer Pythons quote the value ('8'), older ones do not (8).
        (("decode", "--base", "8", "10"), "argument --base: invalid choice: "),
        (("decode", "--from", "x509", "10"), "argument --from: invalid choice: 'x509'"),
        (("decode", "--bogus", "10"), "unrecognized arguments: --bogus"),
        # Abbreviated options are refused, so that new options never change what they mean.
        (("decode", "--js", "10"), "unrecognized arguments: --js"),
        (("flags", "extra"), "unrecognized arguments: extra"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("usage: proxycert")
    assert err.splitlines()[-1].startswith("proxycert")
    assert message in err.splitlines()[-1]


def test_main_reads_sys_argv(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["proxycert", "decode", "--json", "8"])
    assert cli.main() == 0
    assert json.loads(capsys.readouterr().out)["flags"] == ["FLAG_INVALID_CA"]


def test_python_dash_m(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["proxycert", "--version"])
    monkeypatch.delitem(sys.modules, "proxycert.__main__", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("proxycert", run_name="__main__")
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"proxycert {proxycert.__version__}\n"


def test_importing_dunder_main_runs_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "proxycert.__main__", raising=False)
    module = importlib.import_module("proxycert.__main__")
    monkeypatch.delitem(sys.modules, "proxycert.__main__")
    assert module.main is cli.main
    assert capsys.readouterr() == ("", "")


# --- decode ------------------------------------------------------------------------------------


def test_decode_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "decode", "18") == (
        0,
        """\
Outlook code 18, read as hexadecimal: flags 0x00000018
  FLAG_INVALID_CA
    The function is unfamiliar with the Certificate Authority that generated
    the server's certificate.
  FLAG_CERT_CN_INVALID
    SSL certificate common name (host name field) is incorrect, for example, if
    you entered www.microsoft.com and the common name on the certificate says
    www.msn.com.
  Points to resolution 1: Examine the certificate
  Points to resolution 2: Install the trusted root certificate
""",
        "",
    )


@pytest.mark.parametrize(
    ("argv", "header", "flags"),
    [
        # Outlook's code is bare hexadecimal by default (codes.md §5): "10" is 0x10.
        (
            ("10",),
            "Outlook code 10, read as hexadecimal: flags 0x00000010",
            ["FLAG_CERT_CN_INVALID"],
        ),
        (
            ("--base", "10", "10"),
            "Outlook code 10, read as decimal: flags 0x0000000A",
            ["FLAG_INVALID_CERT", "FLAG_INVALID_CA"],
        ),
        (
            ("--base", "16", "20"),
            "Outlook code 20, read as hexadecimal: flags 0x00000020",
            ["FLAG_CERT_DATE_INVALID"],
        ),
        # A 0x prefix means hexadecimal whatever --base says, a sign means decimal.
        (
            ("--base", "10", "0x10"),
            "Outlook code 0x10, read as hexadecimal: flags 0x00000010",
            ["FLAG_CERT_CN_INVALID"],
        ),
        (
            ("-2147483632",),
            "Outlook code -2147483632, read as decimal: flags 0x80000010",
            ["FLAG_CERT_CN_INVALID", "FLAG_SECURITY_CHANNEL_ERROR"],
        ),
        (("+16",), "Outlook code +16, read as decimal: flags 0x00000010", ["FLAG_CERT_CN_INVALID"]),
        (
            ("0\N{MULTIPLICATION SIGN}20",),
            "Outlook code 0\N{MULTIPLICATION SIGN}20, read as hexadecimal: flags 0x00000020",
            ["FLAG_CERT_DATE_INVALID"],
        ),
        # Surrounding white space, as a paste leaves it, is not part of the code.
        ((" 8 ",), "Outlook code 8, read as hexadecimal: flags 0x00000008", ["FLAG_INVALID_CA"]),
        # WinHTTP errors and OpenSSL verify codes are decimal by default.
        (
            ("--from", "winhttp", "12038"),
            "WinHTTP error 12038, read as decimal: flags 0x00000010",
            ["FLAG_CERT_CN_INVALID"],
        ),
        (
            ("--from", "winhttp", "0x2F0D"),
            "WinHTTP error 0x2F0D, read as hexadecimal: flags 0x00000008",
            ["FLAG_INVALID_CA"],
        ),
        (
            ("--from", "openssl", "62"),
            "OpenSSL verify code 62, read as decimal: flags 0x00000010",
            ["FLAG_CERT_CN_INVALID"],
        ),
        (
            ("--from", "openssl", "--base", "16", "14"),
            "OpenSSL verify code 14, read as hexadecimal: flags 0x00000008",
            ["FLAG_INVALID_CA"],
        ),
        # HRESULTs and CERT_TRUST bits are hexadecimal by default; a signed HRESULT is decimal.
        (
            ("--from", "hresult", "80072F06"),
            "HRESULT 80072F06, read as hexadecimal: flags 0x00000010",
            ["FLAG_CERT_CN_INVALID"],
        ),
        (
            ("--from", "hresult", "-2147012858"),
            "HRESULT -2147012858, read as decimal: flags 0x00000010",
            ["FLAG_CERT_CN_INVALID"],
        ),
        (
            ("--from", "hresult", "0x800B0109"),
            "HRESULT 0x800B0109, read as hexadecimal: flags 0x00000008",
            ["FLAG_INVALID_CA"],
        ),
        (
            ("--from", "trust", "20"),
            "CERT_TRUST error status 20, read as hexadecimal: flags 0x00000008",
            ["FLAG_INVALID_CA"],
        ),
        (
            ("--from", "trust", "0"),
            "CERT_TRUST error status 0, read as hexadecimal: flags 0x00000000",
            [],
        ),
        (
            ("--from", "outlook", "4"),
            "Outlook code 4, read as hexadecimal: flags 0x00000004",
            ["FLAG_CERT_REVOKED"],
        ),
    ],
)
def test_decode_reads_each_system(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], header: str, flags: list[str]
) -> None:
    status, out, err = run(capsys, "decode", *argv)
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == header
    assert [line.strip() for line in out.splitlines() if line.startswith("  FLAG_")] == flags
    assert widest(out) <= 80


def test_decode_zero_and_unknown_bits(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "decode", "0", "100") == (
        0,
        """\
Outlook code 0, read as hexadecimal: flags 0x00000000
  No certificate problem flag is set.

Outlook code 100, read as hexadecimal: flags 0x00000100
  0x00000100
    Bits that KB 923575 does not name.
""",
        "",
    )


def test_decode_notes_cert_trust_bits_tied_to_no_flag(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "decode", "--from", "trust", "0x8020")
    assert (status, err) == (0, "")
    assert "  Note: CERT_TRUST bits 0x00008000 are tied to no flag.\n" in out
    status, out, err = run(capsys, "decode", "--from", "trust", "--json", "0x8020")
    assert (status, err) == (0, "")
    assert json.loads(out)["notes"] == ["CERT_TRUST bits 0x00008000 are tied to no flag"]


def test_decode_json_one_code_is_an_object(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "decode", "--json", "--from", "hresult", "-2147012858")
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "input": "-2147012858",
        "from": "hresult",
        "base": 10,
        "code": 16,
        "code_hex": "0x00000010",
        "flags": ["FLAG_CERT_CN_INVALID"],
        "unknown_bits": 0,
        "resolutions": [1],
        "notes": [],
    }


def test_decode_json_several_codes_is_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "decode", "--json", "80000018", "108")
    assert (status, err) == (0, "")
    decoded = json.loads(out)
    assert [item["input"] for item in decoded] == ["80000018", "108"]
    assert decoded[0]["flags"] == [
        "FLAG_INVALID_CA",
        "FLAG_CERT_CN_INVALID",
        "FLAG_SECURITY_CHANNEL_ERROR",
    ]
    assert decoded[0]["resolutions"] == [1, 2]
    assert (decoded[1]["unknown_bits"], decoded[1]["code_hex"]) == (0x100, "0x00000108")


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("0xZZ",), "invalid Outlook code '0xZZ': expected hexadecimal digits"),
        (("",), "invalid Outlook code '': expected a number, got nothing"),
        (
            ("123456789",),
            "invalid Outlook code '123456789': expected at most 8 hexadecimal digits (32 bits)",
        ),
        (("--base", "10", "1e3"), "invalid Outlook code '1e3': expected decimal digits"),
        (
            ("-4294967295",),
            "invalid Outlook code '-4294967295': expected a 32-bit value, from -2147483648"
            " to 4294967295 (0xFFFFFFFF)",
        ),
        (("--from", "winhttp", "abc"), "invalid WinHTTP error 'abc': expected decimal digits"),
        (
            ("--from", "winhttp", "1"),
            "unknown WinHTTP error '1': expected one of 12037, 12038, 12045, 12057, 12157,"
            " 12169, 12170, 12179",
        ),
        (("--from", "hresult", "0x80004005"), "unknown HRESULT '0x80004005': expected"),
        (("--from", "openssl", "0"), "unknown OpenSSL verify code '0': expected"),
        (
            ("--from", "trust", "0x8000"),
            "unknown CERT_TRUST error status '0x8000': expected at least one of",
        ),
    ],
)
def test_decode_invalid_or_unknown_code(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], error: str
) -> None:
    status, out, err = run(capsys, "decode", *argv)
    assert (status, out) == (2, "")
    assert err.startswith(f"proxycert: error: {error}")
    assert err.count("\n") == 1


def test_decode_reports_every_bad_code_and_prints_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "decode", "--json", "10", "xyz", "8", "0xQ") == (
        2,
        "",
        "proxycert: error: invalid Outlook code 'xyz': expected hexadecimal digits\n"
        "proxycert: error: invalid Outlook code '0xQ': expected hexadecimal digits\n",
    )


# --- parse -------------------------------------------------------------------------------------


EXAMPLE_EXPLAINED = """\
Message 2 of KB 923575: NAME_MISMATCH (line 8, column 3)
  Proxy server  mail.contoso.com
  Error code    10 = 0x00000010
                FLAG_CERT_CN_INVALID
                  SSL certificate common name (host name field) is incorrect,
                  for example, if you entered www.microsoft.com and the common
                  name on the certificate says www.msn.com.

Resolution 1: Examine the certificate
  1. Open the RPC proxy server's address over HTTPS in a web browser, for
     example https://server_name/rpc, where server_name is the proxy server
     name from the message.
  2. Open the certificate by clicking the padlock icon.
  3. On the Details tab, note the Valid to field: the date until which the
     certificate is valid.
  4. Note the Subject field: it should match the site name.
  5. Give what you found to your system administrator, who can resolve the
     issue.
"""


def test_parse_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "parse", str(EXAMPLE)) == (0, EXAMPLE_EXPLAINED, "")


@pytest.mark.parametrize("argv", [(), ("-",)])
def test_parse_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    stdin(monkeypatch, EXAMPLE.read_bytes())
    # Not a terminal: no hint, which would only clutter a pipeline's errors.
    assert run(capsys, "parse", *argv) == (0, EXAMPLE_EXPLAINED, "")


def test_parse_hints_how_to_paste_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, EXAMPLE.read_bytes(), tty=True)
    assert run(capsys, "parse") == (
        0,
        EXAMPLE_EXPLAINED,
        "proxycert: paste the error, then Ctrl-D (Ctrl-Z Enter on Windows)\n",
    )


def test_parse_text_only_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # An IDE may replace sys.stdin with a text stream that has no binary buffer.
    monkeypatch.setattr(sys, "stdin", io.StringIO(EXAMPLE.read_text(encoding="utf-8")))
    assert run(capsys, "parse") == (0, EXAMPLE_EXPLAINED, "")


def test_parse_closed_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert run(capsys, "parse") == (
        2,
        "",
        "proxycert: error: cannot read <stdin>: standard input is closed\n",
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "cp1252"])
def test_parse_file_in_any_detected_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, encoding: str
) -> None:
    # Notepad saves UTF-16 with a byte order mark; other Windows tools write it without one.
    path = write(
        tmp_path / "paste.txt", f"Caf\N{LATIN SMALL LETTER E WITH ACUTE}\n{NAME_MISMATCH}", encoding
    )
    status, out, err = run(capsys, "parse", str(path))
    assert (status, err) == (0, "")
    assert out.startswith("Message 2 of KB 923575: NAME_MISMATCH (line 2, column 1)\n")


@pytest.mark.parametrize("data", [b"", b"Outlook works fine.\n"])
def test_parse_nothing_found(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    stdin(monkeypatch, data)
    assert run(capsys, "parse") == (
        1,
        "",
        "proxycert: no proxy certificate error message found in <stdin>\n",
    )


def test_parse_nothing_found_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, b"nothing")
    # Without --all there is no object to write: nothing rather than a null of another shape.
    assert run(capsys, "parse", "--json") == (
        1,
        "",
        "proxycert: no proxy certificate error message found in <stdin>\n",
    )
    stdin(monkeypatch, b"nothing")
    status, out, err = run(capsys, "parse", "--json", "--all")
    # With --all the output is always a list, an empty one here.
    assert (status, out, err) == (
        1,
        "[]\n",
        "proxycert: no proxy certificate error message found in <stdin>\n",
    )


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("missing.txt", "No such file or directory"),
        (".", "Is a directory"),
    ],
)
@pytest.mark.skipif(sys.platform == "win32", reason="the reasons are POSIX's wording")
def test_parse_unreadable_file(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    error: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "parse", name) == (2, "", f"proxycert: error: cannot read {name}: {error}\n")


def test_parse_first_message_only_without_all(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "two.txt", f"{UNTRUSTED_CA}\n{TARGET_SITE}\n")
    status, out, err = run(capsys, "parse", str(path))
    assert (status, err) == (0, "")
    assert out.count("Message ") == 1
    status, out, err = run(capsys, "parse", "--json", str(path))
    assert (status, err) == (0, "")
    assert json.loads(out)["kind_name"] == "UNTRUSTED_CA"


def test_parse_all(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "two.txt", f"{UNTRUSTED_CA}\nand {TARGET_SITE}\n")
    status, out, err = run(capsys, "parse", "--all", str(path))
    assert (status, err) == (0, "")
    assert (
        out
        == """\
Message 3 of KB 923575: UNTRUSTED_CA (line 1, column 1)
  Proxy server  a.example
  Error code    18 = 0x00000018
                FLAG_INVALID_CA
                  The function is unfamiliar with the Certificate Authority
                  that generated the server's certificate.
                FLAG_CERT_CN_INVALID
                  SSL certificate common name (host name field) is incorrect,
                  for example, if you entered www.microsoft.com and the common
                  name on the certificate says www.msn.com.
  Note          KB 923575 expects error message 3's code to always be
                0x00000008; this one is 0x00000018.

Resolution 2: Install the trusted root certificate
  1. When the Certificate dialog box appears, click Install Certificate.
  2. Click Next.
  3. Select Place all certificates in the following store.
  4. Click Browse, select Trusted Root Certification Authorities, and click OK.
  5. Click Next, then Finish, then OK.

Resolution 1: Examine the certificate
  The code's flags point to this one too (proxycert's inference, not the KB's).
  1. Open the RPC proxy server's address over HTTPS in a web browser, for
     example https://server_name/rpc, where server_name is the proxy server
     name from the message.
  2. Open the certificate by clicking the padlock icon.
  3. On the Details tab, note the Valid to field: the date until which the
     certificate is valid.
  4. Note the Subject field: it should match the site name.
  5. Give what you found to your system administrator, who can resolve the
     issue.

Message 4 of KB 923575: TARGET_SITE_MISMATCH (line 2, column 5)
  Proxy server  (not named)
  Target site   outlook.office365.com
  Error code    0 = 0x00000000
                No certificate problem flag is set.

Resolution 3: Disable the third-party add-in or the third-party browser add-in
  1. Start Outlook in safe mode (Start > Run, type outlook.exe /safe, click
     OK). If it connects in safe mode, a third-party add-in is the likely
     cause.
  2. In Outlook, open File > Options > Add-Ins, choose COM Add-ins in the
     Manage box and click Go.
  3. Clear the check box of each third-party add-in you want to disable, then
     restart Outlook.
  4. Outlook uses Internet Explorer's settings for HTTP requests: if a
     third-party browser add-in is the cause, disable it in Internet Explorer's
     add-ons.
"""
    )


def test_parse_all_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "two.txt", f"{UNTRUSTED_CA}\nand {TARGET_SITE}\n")
    status, out, err = run(capsys, "parse", "--all", "--json", str(path))
    assert (status, err) == (0, "")
    messages = json.loads(out)
    expected = [m.to_dict() for m in proxycert.scan_file(path)]
    assert messages == expected
    assert [m["kind"] for m in messages] == [3, 4]
    assert list(messages[0]) == list(ErrorMessage(MessageKind.UNTRUSTED_CA).to_dict())


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (PLACEHOLDER, ["  Proxy server  (not named)", "  Error code    %s (not decoded)"]),
        (NO_CODE, ["  Proxy server  a.example", "  Error code    (none)"]),
        (HEX_CODE, ["  Error code    0x00000010", "                FLAG_CERT_CN_INVALID"]),
        (
            UNKNOWN_BITS,
            [
                "  Error code    108 = 0x00000108",
                "                0x00000100",
                "                  Bits that KB 923575 does not name.",
                "  Note          The error code has bits that KB 923575 does not name:",
            ],
        ),
    ],
)
def test_parse_codes_as_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text: str, lines: list[str]
) -> None:
    stdin(monkeypatch, text.encode())
    status, out, err = run(capsys, "parse")
    assert (status, err) == (0, "")
    for line in lines:
        assert line in out.splitlines()


# --- scan --------------------------------------------------------------------------------------


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    """A folder of logs: two messages in a UTF-8 log, one in a UTF-16 file below, none in one."""
    write(
        tmp_path / "logs" / "outlook.log",
        f"start\n2026-11-03 ERROR {NAME_MISMATCH}\n{UNTRUSTED_CA}\n",
    )
    write(tmp_path / "logs" / "sub" / "notepad.txt", f"{TARGET_SITE}\r\n", "utf-16")
    write(tmp_path / "logs" / "readme.md", "Nothing here.\n")
    return tmp_path / "logs"


SCAN_ROWS = """\
{logs}/outlook.log
  2:18       NAME_MISMATCH         0x00000010  mail.contoso.com
             FLAG_CERT_CN_INVALID
  3:1        UNTRUSTED_CA          0x00000018  a.example
             FLAG_INVALID_CA | FLAG_CERT_CN_INVALID
{logs}/sub/notepad.txt
  1:1        TARGET_SITE_MISMATCH  0x00000000  target outlook.office365.com
"""

SCAN_SUMMARY = """\
3 messages in 2 of 3 files ({size} read)
  messages per kind
        1  NAME_MISMATCH (message 2)
        1  TARGET_SITE_MISMATCH (message 4)
        1  UNTRUSTED_CA (message 3)
  messages per proxy server
        1  (not named)
        1  a.example
        1  mail.contoso.com
  messages per flag
        2  FLAG_CERT_CN_INVALID
        1  FLAG_INVALID_CA
"""


def size_of(*paths: Path) -> str:
    return cli._size(sum(path.stat().st_size for path in paths))


@pytest.mark.skipif(sys.platform == "win32", reason="paths are written with /")
def test_scan_recursive(capsys: pytest.CaptureFixture[str], logs: Path) -> None:
    status, out, err = run(capsys, "scan", "--recursive", str(logs))
    assert status == 0
    assert out == SCAN_ROWS.format(logs=logs)
    size = size_of(*(path for path in logs.rglob("*") if path.is_file()))
    assert err == SCAN_SUMMARY.format(size=size)


def test_scan_directory_without_recursive_stays_at_the_top(
    capsys: pytest.CaptureFixture[str], logs: Path
) -> None:
    status, out, err = run(capsys, "scan", "--json", str(logs))
    assert status == 0
    assert {json.loads(line)["file"] for line in out.splitlines()} == {str(logs / "outlook.log")}
    assert err.startswith("2 messages in 1 of 2 files (")


def test_scan_glob_filters_directories_not_named_files(
    capsys: pytest.CaptureFixture[str], logs: Path
) -> None:
    status, out, err = run(capsys, "scan", "-r", "--glob", "*.md", "--glob", "*.txt", str(logs))
    assert status == 0
    assert out.splitlines()[0] == str(logs / "sub" / "notepad.txt")
    assert err.startswith("1 message in 1 of 2 files (")
    # A file named on the command line is scanned whatever its name.
    status, out, err = run(capsys, "scan", "--glob", "*.txt", str(logs / "outlook.log"))
    assert status == 0
    assert err.startswith("2 messages in 1 of 1 file (")


def test_scan_json_lines(capsys: pytest.CaptureFixture[str], logs: Path) -> None:
    status, out, err = run(
        capsys, "scan", "-r", "--json", str(logs / "sub"), str(logs / "outlook.log")
    )
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    keys = ["file", *ErrorMessage(MessageKind.NAME_MISMATCH).to_dict()]
    assert [list(row) for row in rows] == [keys] * 3
    assert [(row["file"], row["line"], row["column"], row["kind"]) for row in rows] == [
        (str(logs / "sub" / "notepad.txt"), 1, 1, 4),
        (str(logs / "outlook.log"), 2, 18, 2),
        (str(logs / "outlook.log"), 3, 1, 3),
    ]
    assert rows[1]["proxy_server"] == "mail.contoso.com"
    assert rows[1]["flags"] == ["FLAG_CERT_CN_INVALID"]
    assert rows[1] == {
        "file": rows[1]["file"],
        **next(proxycert.scan_file(logs / "outlook.log")).to_dict(),
    }
    assert "messages per kind" in err


@pytest.mark.parametrize("argv", [(), ("-",)])
def test_scan_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    data = f"{PLACEHOLDER}\n{NO_CODE}\n{UNKNOWN_BITS}\n".encode()
    stdin(monkeypatch, data)
    status, out, err = run(capsys, "scan", *argv)
    assert status == 0
    assert (
        out
        == """\
<stdin>
  1:1        CERTIFICATE_PROBLEM   -           -
  2:1        CERTIFICATE_PROBLEM   -           a.example
  3:1        CERTIFICATE_PROBLEM   0x00000108  a.example
             FLAG_INVALID_CA | 0x00000100
"""
    )
    assert (
        err
        == f"""\
3 messages in 1 of 1 file ({len(data)} bytes read)
  messages per kind
        3  CERTIFICATE_PROBLEM (message 1)
  messages per proxy server
        2  a.example
        1  (not named)
  messages per flag
        1  FLAG_INVALID_CA
        1  bits not named by KB 923575
"""
    )


def test_scan_nothing_found(capsys: pytest.CaptureFixture[str], logs: Path) -> None:
    (logs / "empty").mkdir()
    assert run(capsys, "scan", str(logs / "readme.md"), str(logs / "empty")) == (
        1,
        "",
        "proxycert: no proxy certificate error message found in 1 file (14 bytes read)\n",
    )


def test_scan_an_empty_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "scan", "-r", str(tmp_path)) == (
        1,
        "",
        "proxycert: no proxy certificate error message found in 0 files (0 bytes read)\n",
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the reason is POSIX's wording")
def test_scan_goes_on_after_a_missing_file(capsys: pytest.CaptureFixture[str], logs: Path) -> None:
    missing = logs / "missing.log"
    status, out, err = run(capsys, "scan", "--json", str(missing), str(logs / "outlook.log"))
    # A file that cannot be read makes the status 2, even though messages were found.
    assert status == 2
    assert len(out.splitlines()) == 2
    assert err.startswith(
        f"proxycert: error: cannot read {missing}: No such file or directory\n"
        "2 messages in 1 of 1 file ("
    )


def test_scan_error_in_the_middle_of_a_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], logs: Path
) -> None:
    def failing(file: BinaryIO) -> Iterator[ErrorMessage]:
        yield from proxycert.scan_file(file)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(cli, "scan_file", failing)
    status, out, err = run(capsys, "scan", "--json", str(logs / "outlook.log"))
    assert status == 2
    assert len(out.splitlines()) == 2
    # The messages found before the error count in the summary, as they were written out.
    assert err.startswith(
        f"proxycert: error: cannot read {logs / 'outlook.log'}: Input/output error\n"
        f"2 messages in 1 of 1 file ({size_of(logs / 'outlook.log')} read)\n"
    )


def test_scan_unlistable_directory(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], logs: Path
) -> None:
    # Tests may run as root, whom chmod does not stop; os.walk reports as it would.
    def walk(top: str, onerror: object) -> Iterator[tuple[str, list[str], list[str]]]:
        assert callable(onerror)
        onerror(PermissionError(13, "Permission denied", top))
        return iter(())

    monkeypatch.setattr(os, "walk", walk)
    assert run(capsys, "scan", str(logs)) == (
        2,
        "",
        f"proxycert: error: cannot read {logs}: Permission denied\n"
        "proxycert: no proxy certificate error message found in 0 files (0 bytes read)\n",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symbolic links and named pipes")
def test_scan_directory_skips_pipes_and_reports_broken_links(
    capsys: pytest.CaptureFixture[str], logs: Path
) -> None:
    os.mkfifo(logs / "pipe.log")  # reading it would block forever
    (logs / "broken.log").symlink_to(logs / "gone.log")
    status, out, err = run(capsys, "scan", "--json", str(logs))
    assert status == 2
    assert len(out.splitlines()) == 2
    assert err.startswith(
        f"proxycert: error: cannot read {logs / 'broken.log'}: No such file or directory\n"
    )


@pytest.mark.skipif(not Path(os.devnull).exists(), reason="needs a device file")
def test_scan_named_device_is_read(capsys: pytest.CaptureFixture[str], logs: Path) -> None:
    # A file named on the command line is read whatever it is (a device, or <(command) in a
    # shell); its size is unknown, and so is the total of the progress line.
    assert run(capsys, "scan", os.devnull, str(logs / "readme.md")) == (
        1,
        "",
        "proxycert: no proxy certificate error message found in 2 files (14 bytes read)\n",
    )


# --- flags -------------------------------------------------------------------------------------


def test_flags(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "flags")
    assert (status, err) == (0, "")
    records = out.split("\n\n")
    assert len(records) == len(proxycert.CertProblem.__members__) == 8
    assert (
        records[0]
        == """\
0x00000001  FLAG_CERT_REV_FAILED
            WINHTTP_CALLBACK_STATUS_FLAG_CERT_REV_FAILED
            Certification revocation checking has been enabled, but the
            revocation check failed to verify whether a certificate has been
            revoked. The server used to check for revocation might be
            unreachable.
            Points to resolution 1: Examine the certificate"""
    )
    assert (
        records[-1]
        == """\
0x80000000  FLAG_SECURITY_CHANNEL_ERROR
            WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR
            The application experienced an internal error loading the SSL
            libraries.
"""
    )
    assert [record.split()[1] for record in records] == [
        flag.names[0] for flag in sorted(proxycert.CertProblem.__members__.values())
    ]
    assert widest(out) <= 79


# --- terminals: colour, width, progress --------------------------------------------------------


def test_colour_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["decode", "10"]) == 0
    assert terminal.getvalue().splitlines()[:2] == [
        "\x1b[1mOutlook code 10, read as hexadecimal: flags 0x00000010\x1b[0m",
        "  \x1b[33mFLAG_CERT_CN_INVALID\x1b[0m",
    ]


@pytest.mark.parametrize(
    "argv", [("decode", "18"), ("parse", str(EXAMPLE)), ("flags",), ("scan", str(EXAMPLE))]
)
def test_no_colour_with_no_color(monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(argv) == 0
    assert ESC not in terminal.getvalue()


@pytest.mark.parametrize(
    "argv", [("decode", "18"), ("parse", str(EXAMPLE)), ("flags",), ("scan", str(EXAMPLE))]
)
def test_colour_everywhere_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    # NO_COLOR set to the empty string does not turn colour off (no-color.org).
    monkeypatch.setenv("NO_COLOR", "")
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(argv) == 0
    assert ESC in terminal.getvalue()


@pytest.mark.parametrize(
    "argv", [("decode", "18"), ("parse", str(EXAMPLE)), ("flags",), ("scan", str(EXAMPLE))]
)
def test_no_colour_when_not_a_terminal(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 0
    assert ESC not in out + err


def test_no_colour_in_json(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["scan", "--json", str(EXAMPLE)]) == 0
    assert ESC not in terminal.getvalue()
    assert json.loads(terminal.getvalue())["proxy_server"] == "mail.contoso.com"


@pytest.mark.parametrize(("columns", "width"), [("60", 59), ("80", 79), ("200", 79), ("20", 39)])
@pytest.mark.parametrize("argv", [("decode", "80000018"), ("parse", "--all", "-")])
def test_width_follows_the_terminal_within_limits(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    columns: str,
    width: int,
    argv: tuple[str, ...],
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    stdin(monkeypatch, f"{UNTRUSTED_CA}\n{TARGET_SITE}".encode())
    status, out, _ = run(capsys, *argv)
    assert status == 0
    assert width - 8 <= widest(out) <= width


def test_progress_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], logs: Path
) -> None:
    monkeypatch.setattr(cli, "_PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(cli, "_PROGRESS_INTERVAL", 0.0)
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    log, readme = logs / "outlook.log", logs / "readme.md"
    status, out, _ = run(capsys, "scan", "--json", str(log), str(readme))
    assert status == 0
    assert len(out.splitlines()) == 2
    size, total = log.stat().st_size, log.stat().st_size + readme.stat().st_size
    first = f"proxycert: {size} bytes of {total} bytes ({size * 100 // total}%), file 1 of 2"
    second = f"proxycert: {total} bytes of {total} bytes (100%), file 2 of 2"
    # Standard output is no terminal, so the line stays put for the rows; it is drawn again
    # only when it changes, and wiped before the summary.
    assert terminal.getvalue().startswith(
        f"\r{first}\r{second}\r{' ' * len(second)}\r2 messages in 1 of 2 files ("
    )


def test_progress_moves_away_for_rows_on_the_same_terminal(
    monkeypatch: pytest.MonkeyPatch, logs: Path
) -> None:
    monkeypatch.setattr(cli, "_PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(cli, "_PROGRESS_INTERVAL", 0.0)
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", terminal)
    log = logs / "outlook.log"
    assert cli.main(["scan", str(log)]) == 0
    size = log.stat().st_size
    line = f"proxycert: {size} bytes of {size} bytes (100%)"
    assert terminal.getvalue().startswith(
        f"\r{line}\r{' ' * len(line)}\r\x1b[1m{log}\x1b[0m\n  2:18 "
    )


def test_progress_of_standard_input_has_no_total(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(cli, "_PROGRESS_INTERVAL", 1e9)
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    stdin(monkeypatch, b"no message here\n")
    assert run(capsys, "parse")[0] == 1
    # Drawn once: the second read came sooner than the interval.
    assert terminal.getvalue() == (
        "\rproxycert: 16 bytes"
        "\r                   \r"
        "proxycert: no proxy certificate error message found in <stdin>\n"
    )


def test_no_progress_for_quick_inputs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert run(capsys, "parse", str(EXAMPLE))[0] == 0
    assert terminal.getvalue() == ""


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1024, "1.0 KB"),
        (1536 * 1024, "1.5 MB"),
        (5 * 1024**3, "5.0 GB"),
        (3 * 1024**4, "3072.0 GB"),
    ],
)
def test_sizes(count: int, text: str) -> None:
    assert cli._size(count) == text


# --- the end of output, and of the program -----------------------------------------------------


class ClosedPipe(io.StringIO):
    """Standard output whose reader has gone, as in ``proxycert scan ... | head -1``."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


class ClosedPipeAtFlush(io.StringIO):
    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    ("stream", "argv"),
    [
        (ClosedPipe, ["scan", "--json", str(EXAMPLE)]),
        (ClosedPipe, ["decode", "10"]),
        # Output to a pipe is buffered: the error may only come with the last flush.
        (ClosedPipeAtFlush, ["decode", "--json", "10"]),
    ],
)
def test_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stream: type[io.StringIO],
    argv: list[str],
) -> None:
    monkeypatch.setattr(sys, "stdout", stream())
    assert cli.main(argv) == 141
    assert capsys.readouterr().err == ""


def test_closed_pipe_points_standard_output_at_the_null_device(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A real file descriptor, standing in for the pipe: after the error, what is still buffered
    # goes to the null device when the interpreter flushes it at exit.
    with (tmp_path / "pipe").open("w", encoding="utf-8") as pipe:

        class RealClosedPipe(io.TextIOWrapper):
            def write(self, text: str) -> int:
                raise BrokenPipeError(32, "Broken pipe")

        stream = RealClosedPipe(io.FileIO(os.dup(pipe.fileno()), "w"), encoding="utf-8")
        monkeypatch.setattr(sys, "stdout", stream)
        assert cli.main(["flags"]) == 141
        os.write(stream.fileno(), b"lost")
        stream.close()
    assert (tmp_path / "pipe").read_text(encoding="utf-8") == ""


def test_ctrl_c_ends_quietly_with_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(file: BinaryIO) -> Iterator[ErrorMessage]:
        file.read(10)
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(cli, "scan_file", interrupted)
    terminal = FakeTTY()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert run(capsys, "scan", str(EXAMPLE)) == (130, "", "")
    # The progress line was drawn, then wiped: no traceback, no leftovers.
    size = EXAMPLE.stat().st_size
    line = f"proxycert: 10 bytes of {size} bytes ({1000 // size}%)"
    assert terminal.getvalue() == f"\r{line}\r" + " " * len(line) + "\r"


def test_rows_come_before_the_summary_in_one_file(
    monkeypatch: pytest.MonkeyPatch, logs: Path
) -> None:
    # `proxycert scan logs > all.txt 2>&1`: standard output is buffered, standard error is not.
    file = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(file, encoding="utf-8"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(file, encoding="utf-8", write_through=True))
    missing = logs / "missing.log"
    assert cli.main(["scan", str(logs / "outlook.log"), str(missing)]) == 2
    lines = file.getvalue().decode("utf-8").splitlines()
    assert lines[0] == str(logs / "outlook.log")
    assert lines[5].startswith(f"proxycert: error: cannot read {missing}: ")
    assert lines[6].startswith("2 messages in 1 of 1 file (")


def test_no_standard_output(monkeypatch: pytest.MonkeyPatch) -> None:
    # pythonw, or a shell's >&-: sys.stdout is None and output goes nowhere.
    monkeypatch.setattr(sys, "stdout", None)
    assert cli.main(["flags"]) == 0


def test_characters_the_output_cannot_encode_are_escaped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Windows console redirected to a file writes in a code page such as cp1252.
    raw = io.BytesIO()
    output = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", output)
    proxy = "\N{KATAKANA LETTER DO}\N{KATAKANA LETTER MO}.example"
    stdin(monkeypatch, f"{HEADER}, {proxy}. {TAIL} (10)".encode())
    assert cli.main(["parse"]) == 0
    output.flush()
    text = raw.getvalue().decode("cp1252")
    assert "  Proxy server  \\u30c9\\u30e2.example\n" in text
    assert capsys.readouterr().err == ""
