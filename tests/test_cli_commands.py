"""The subcommands, run in-process on a fake console: output, errors and exit status.

Each test drives ``main(argv, console=...)`` with in-memory streams that say whether they are
terminals; nothing patches ``sys.std*`` to see what was written.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from tests.cli_fakes import FakeConsole, Ticks, run

import proxycert
import proxycert._files as files_module
from proxycert import ContainerError, ErrorMessage, MessageKind
from proxycert.cli import Console, main
from proxycert.cli._console import terminal_columns
from proxycert.cli._inputs import Progress
from proxycert.cli._render import size

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


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


# --- decode ------------------------------------------------------------------------------------


def test_decode_output() -> None:
    assert run("decode", "18") == (
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
        # The code as Outlook's message shows it, frame and all.
        (
            ("(Error Code 30)",),
            "Outlook code (Error Code 30), read as hexadecimal: flags 0x00000030",
            ["FLAG_CERT_CN_INVALID", "FLAG_CERT_DATE_INVALID"],
        ),
        (
            ("( 8 )",),
            "Outlook code ( 8 ), read as hexadecimal: flags 0x00000008",
            ["FLAG_INVALID_CA"],
        ),
        (
            ("--from", "hresult", "(0x800B0109)"),
            "HRESULT (0x800B0109), read as hexadecimal: flags 0x00000008",
            ["FLAG_INVALID_CA"],
        ),
        (
            ("--base", "10", "error code -2147483632"),
            "Outlook code error code -2147483632, read as decimal: flags 0x80000010",
            ["FLAG_CERT_CN_INVALID", "FLAG_SECURITY_CHANNEL_ERROR"],
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
def test_decode_reads_each_system(argv: tuple[str, ...], header: str, flags: list[str]) -> None:
    status, out, err = run("decode", *argv)
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == header
    assert [line.strip() for line in out.splitlines() if line.startswith("  FLAG_")] == flags
    assert widest(out) <= 80


def test_decode_zero_and_unknown_bits() -> None:
    assert run("decode", "0", "100") == (
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


def test_decode_notes_cert_trust_bits_tied_to_no_flag() -> None:
    status, out, err = run("decode", "--from", "trust", "0x8020")
    assert (status, err) == (0, "")
    assert "  Note: CERT_TRUST bits 0x00008000 are tied to no flag.\n" in out
    status, out, err = run("decode", "--from", "trust", "--json", "0x8020")
    assert (status, err) == (0, "")
    assert json.loads(out)[0]["notes"] == ["CERT_TRUST bits 0x00008000 are tied to no flag"]


def test_decode_json_is_an_array_even_for_one_code() -> None:
    status, out, err = run("decode", "--json", "--from", "hresult", "-2147012858")
    assert (status, err) == (0, "")
    assert json.loads(out) == [
        {
            "input": "-2147012858",
            "from": "hresult",
            "base": 10,
            "code": 16,
            "code_hex": "0x00000010",
            "flags": ["FLAG_CERT_CN_INVALID"],
            "unknown_bits": 0,
            "resolutions": [proxycert.Resolution.EXAMINE_CERTIFICATE.to_dict()],
            "notes": [],
        }
    ]


def test_decode_json_several_codes() -> None:
    status, out, err = run("decode", "--json", "80000018", "108")
    assert (status, err) == (0, "")
    decoded = json.loads(out)
    assert [item["input"] for item in decoded] == ["80000018", "108"]
    assert decoded[0]["flags"] == [
        "FLAG_INVALID_CA",
        "FLAG_CERT_CN_INVALID",
        "FLAG_SECURITY_CHANNEL_ERROR",
    ]
    assert [r["number"] for r in decoded[0]["resolutions"]] == [1, 2]
    assert decoded[0]["resolutions"][1]["title"] == "Install the trusted root certificate"
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
        # An HRESULT written in decimal is shown in hexadecimal too, as Windows writes it.
        (
            ("--from", "hresult", "--", "-2147024891"),
            "unknown HRESULT '-2147024891' (0x80070005): expected",
        ),
        (
            ("--from", "hresult", "--base", "10", "2147942405"),
            "unknown HRESULT '2147942405' (0x80070005): expected",
        ),
        (("--from", "openssl", "0"), "unknown OpenSSL verify code '0': expected"),
        (
            ("--from", "trust", "0x8000"),
            "unknown CERT_TRUST error status '0x8000': expected at least one of",
        ),
    ],
)
def test_decode_invalid_or_unknown_code(argv: tuple[str, ...], error: str) -> None:
    status, out, err = run("decode", *argv)
    assert (status, out) == (2, "")
    assert err.startswith(f"proxycert: error: {error}")
    assert err.count("\n") == 1


def test_decode_reports_each_bad_code_and_decodes_the_others() -> None:
    status, out, err = run("decode", "10", "xyz", "8", "0xQ")
    assert status == 2
    assert err == (
        "proxycert: error: invalid Outlook code 'xyz': expected hexadecimal digits\n"
        "proxycert: error: invalid Outlook code '0xQ': expected hexadecimal digits\n"
    )
    assert [line for line in out.splitlines() if line.startswith("Outlook code")] == [
        "Outlook code 10, read as hexadecimal: flags 0x00000010",
        "Outlook code 8, read as hexadecimal: flags 0x00000008",
    ]


def test_decode_json_reports_each_bad_code_and_decodes_the_others() -> None:
    status, out, err = run("decode", "--json", "10", "xyz", "8")
    assert (status, err) == (
        2,
        "proxycert: error: invalid Outlook code 'xyz': expected hexadecimal digits\n",
    )
    assert [item["input"] for item in json.loads(out)] == ["10", "8"]
    # Every code bad: still an array, an empty one.
    assert run("decode", "--json", "xyz") == (
        2,
        "[]\n",
        "proxycert: error: invalid Outlook code 'xyz': expected hexadecimal digits\n",
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
  Likely causes - The certificate may be invalid or revoked.
                - The certificate doesn't match the name of the site.
  Where to look The server name in this message is Outlook profile property
                001f6622, PR_ROH_PROXY_SERVER: the Exchange RPC proxy server
                name (KB 923575). The number in parentheses is the sum of the
                certificate problem flags.

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


def test_parse_file() -> None:
    assert run("parse", str(EXAMPLE)) == (0, EXAMPLE_EXPLAINED, "")


@pytest.mark.parametrize("argv", [(), ("-",)])
def test_parse_standard_input(
    argv: tuple[str, ...],
) -> None:
    # Not a terminal: no hint, which would only clutter a pipeline's errors.
    assert run("parse", *argv, stdin=EXAMPLE.read_bytes()) == (0, EXAMPLE_EXPLAINED, "")


def test_parse_hints_how_to_paste_at_a_terminal() -> None:
    assert run("parse", stdin=EXAMPLE.read_bytes(), stdin_tty=True) == (
        0,
        EXAMPLE_EXPLAINED,
        "proxycert: paste the error, then Ctrl-D (Ctrl-Z Enter on Windows)\n",
    )


def test_parse_text_only_standard_input() -> None:
    # An IDE may replace sys.stdin with a text stream that has no binary buffer.
    fake = FakeConsole()
    text_only = io.StringIO(EXAMPLE.read_text(encoding="utf-8"))
    console = Console(stdin=text_only, stdout=fake.stdout, stderr=fake.stderr)
    assert proxycert.cli.main(["parse"], console=console) == 0
    assert (fake.out, fake.err) == (EXAMPLE_EXPLAINED, "")


def test_parse_closed_standard_input() -> None:
    assert run("parse", stdin=None) == (
        2,
        "",
        "proxycert: error: cannot read <stdin>: standard input is closed\n",
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "cp1252"])
def test_parse_file_in_any_detected_encoding(tmp_path: Path, encoding: str) -> None:
    # Notepad saves UTF-16 with a byte order mark; other Windows tools write it without one.
    path = write(
        tmp_path / "paste.txt", f"Caf\N{LATIN SMALL LETTER E WITH ACUTE}\n{NAME_MISMATCH}", encoding
    )
    status, out, err = run("parse", str(path))
    assert (status, err) == (0, "")
    assert out.startswith("Message 2 of KB 923575: NAME_MISMATCH (line 2, column 1)\n")


@pytest.mark.parametrize("data", [b"", b"Outlook works fine.\n"])
def test_parse_nothing_found(
    data: bytes,
) -> None:
    assert run("parse", stdin=data) == (
        1,
        "",
        "proxycert: no proxy certificate error message found in <stdin>\n",
    )


@pytest.mark.parametrize("argv", [(), ("--all",)])
def test_parse_nothing_found_json(argv: tuple[str, ...]) -> None:
    # The output is always an array: an empty one here.
    assert run("parse", "--json", *argv, stdin=b"nothing") == (
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
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    error: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("parse", name) == (2, "", f"proxycert: error: cannot read {name}: {error}\n")


def test_parse_first_message_only_without_all(tmp_path: Path) -> None:
    path = write(tmp_path / "two.txt", f"{UNTRUSTED_CA}\n{TARGET_SITE}\n")
    status, out, err = run("parse", str(path))
    assert (status, err) == (0, "")
    assert out.count("Message ") == 1
    status, out, err = run("parse", "--json", str(path))
    assert (status, err) == (0, "")
    assert [message["kind_name"] for message in json.loads(out)] == ["UNTRUSTED_CA"]


def test_parse_all(tmp_path: Path) -> None:
    path = write(tmp_path / "two.txt", f"{UNTRUSTED_CA}\nand {TARGET_SITE}\n")
    status, out, err = run("parse", "--all", str(path))
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
  Likely causes - The connection to the server requires a certification
                  authority (CA).
                - You haven't trusted the certification authority at the root.
                - The certificate may be invalid or revoked.
                - The certificate doesn't match the name of the site.
  Where to look The server name in this message is Outlook profile property
                001f6622, PR_ROH_PROXY_SERVER: the Exchange RPC proxy server
                name (KB 923575). KB 923575 expects the code of this message to
                always be 0x00000008 (FLAG_INVALID_CA).

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
  Likely causes - A third-party add-in or a third-party browser add-in is
                  preventing access.
  Where to look The name check is the 'Only connect to proxy servers that have
                this principal name in their certificate' setting, the mutual
                authentication string such as msstd:<name> (KB 2710606). It is
                stored in profile property 001f6625,
                PR_ROH_PROXY_PRINCIPAL_NAME (derived from the property's name
                and description).

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


def test_parse_all_json(tmp_path: Path) -> None:
    path = write(tmp_path / "two.txt", f"{UNTRUSTED_CA}\nand {TARGET_SITE}\n")
    status, out, err = run("parse", "--all", "--json", str(path))
    assert (status, err) == (0, "")
    messages = json.loads(out)
    expected = [{"file": str(path), **m.to_dict()} for m in proxycert.scan_file(path)]
    assert messages == expected
    assert [m["kind"] for m in messages] == [3, 4]
    assert list(messages[0]) == ["file", *ErrorMessage(MessageKind.UNTRUSTED_CA).to_dict()]


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
    text: str,
    lines: list[str],
) -> None:
    status, out, err = run("parse", stdin=text.encode())
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
  messages per proxy server or target site
        1  a.example
        1  mail.contoso.com
        1  outlook.office365.com (target site)
  messages per flag
        2  FLAG_CERT_CN_INVALID
        1  FLAG_INVALID_CA
"""


def size_of(*paths: Path) -> str:
    return size(sum(path.stat().st_size for path in paths))


@pytest.mark.skipif(sys.platform == "win32", reason="paths are written with /")
def test_scan_recursive(logs: Path) -> None:
    status, out, err = run("scan", "--recursive", str(logs))
    assert status == 0
    assert out == SCAN_ROWS.format(logs=logs)
    size = size_of(*(path for path in logs.rglob("*") if path.is_file()))
    assert err == SCAN_SUMMARY.format(size=size)


def test_scan_directory_without_recursive_stays_at_the_top(logs: Path) -> None:
    status, out, err = run("scan", "--json", str(logs))
    assert status == 0
    assert {json.loads(line)["file"] for line in out.splitlines()} == {str(logs / "outlook.log")}
    assert err.startswith("2 messages in 1 of 2 files (")


def test_scan_glob_filters_directories_not_named_files(logs: Path) -> None:
    status, out, err = run("scan", "-r", "--glob", "*.md", "--glob", "*.txt", str(logs))
    assert status == 0
    assert out.splitlines()[0] == str(logs / "sub" / "notepad.txt")
    assert err.startswith("1 message in 1 of 2 files (")
    # A file named on the command line is scanned whatever its name.
    status, out, err = run("scan", "--glob", "*.txt", str(logs / "outlook.log"))
    assert status == 0
    assert err.startswith("2 messages in 1 of 1 file (")


def test_scan_json_lines(logs: Path) -> None:
    status, out, err = run("scan", "-r", "--json", str(logs / "sub"), str(logs / "outlook.log"))
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
    argv: tuple[str, ...],
) -> None:
    data = f"{PLACEHOLDER}\n{NO_CODE}\n{UNKNOWN_BITS}\n".encode()
    status, out, err = run("scan", *argv, stdin=data)
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
  messages per proxy server or target site
        2  a.example
        1  (not named)
  messages per flag
        1  FLAG_INVALID_CA
        1  bits not named by KB 923575
"""
    )


def test_scan_nothing_found(logs: Path) -> None:
    (logs / "empty").mkdir()
    assert run("scan", str(logs / "readme.md"), str(logs / "empty")) == (
        1,
        "",
        "proxycert: no proxy certificate error message found in 1 file (14 bytes read)\n",
    )


def test_scan_an_empty_directory(tmp_path: Path) -> None:
    assert run("scan", "-r", str(tmp_path)) == (
        1,
        "",
        "proxycert: no proxy certificate error message found in 0 files (0 bytes read)\n",
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the reason is POSIX's wording")
def test_scan_goes_on_after_a_missing_file(logs: Path) -> None:
    missing = logs / "missing.log"
    status, out, err = run("scan", "--json", str(missing), str(logs / "outlook.log"))
    # A file that cannot be read makes the status 2, even though messages were found.
    assert status == 2
    assert len(out.splitlines()) == 2
    assert err.startswith(
        f"proxycert: error: cannot read {missing}: No such file or directory\n"
        "2 messages in 1 of 1 file ("
    )


def test_scan_error_in_the_middle_of_a_file(monkeypatch: pytest.MonkeyPatch, logs: Path) -> None:
    scan_input = files_module.scan_input

    def failing(file: BinaryIO, *args: Any) -> Iterator[ErrorMessage | ContainerError]:
        yield from scan_input(file, *args)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files_module, "scan_input", failing)
    status, out, err = run("scan", "--json", str(logs / "outlook.log"))
    assert status == 2
    assert len(out.splitlines()) == 2
    # The messages found before the error count in the summary, as they were written out.
    assert err.startswith(
        f"proxycert: error: cannot read {logs / 'outlook.log'}: Input/output error\n"
        f"2 messages in 1 of 1 file ({size_of(logs / 'outlook.log')} read)\n"
    )


def test_scan_unlistable_directory(monkeypatch: pytest.MonkeyPatch, logs: Path) -> None:
    # Tests may run as root, whom chmod does not stop; os.walk reports as it would.
    def walk(top: str, onerror: object) -> Iterator[tuple[str, list[str], list[str]]]:
        assert callable(onerror)
        onerror(PermissionError(13, "Permission denied", top))
        return iter(())

    monkeypatch.setattr(os, "walk", walk)
    assert run("scan", str(logs)) == (
        2,
        "",
        f"proxycert: error: cannot read {logs}: Permission denied\n"
        "proxycert: no proxy certificate error message found in 0 files (0 bytes read)\n",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symbolic links and named pipes")
def test_scan_directory_skips_pipes_and_reports_broken_links(logs: Path) -> None:
    os.mkfifo(logs / "pipe.log")  # reading it would block forever
    (logs / "broken.log").symlink_to(logs / "gone.log")
    status, out, err = run("scan", "--json", str(logs))
    assert status == 2
    assert len(out.splitlines()) == 2
    assert err.startswith(
        f"proxycert: error: cannot read {logs / 'broken.log'}: No such file or directory\n"
    )


@pytest.mark.skipif(not Path(os.devnull).exists(), reason="needs a device file")
def test_scan_named_device_is_read(logs: Path) -> None:
    # A file named on the command line is read whatever it is (a device, or <(command) in a
    # shell); its size is unknown, and so is the total of the progress line.
    assert run("scan", os.devnull, str(logs / "readme.md")) == (
        1,
        "",
        "proxycert: no proxy certificate error message found in 2 files (14 bytes read)\n",
    )


# --- flags -------------------------------------------------------------------------------------


def test_flags() -> None:
    status, out, err = run("flags")
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
            WinHTTP error 12057, HRESULT 0x80072F19
            OpenSSL verify codes 3 (by judgement: 11, 12, 33, 74, 75)
            Points to resolution 1: Examine the certificate"""
    )
    assert (
        records[-1]
        == """\
0x80000000  FLAG_SECURITY_CHANNEL_ERROR
            WINHTTP_CALLBACK_STATUS_FLAG_SECURITY_CHANNEL_ERROR
            The application experienced an internal error loading the SSL
            libraries.
            WinHTTP error 12157, HRESULT 0x80072F7D
            OpenSSL verify codes: none
"""
    )
    assert [record.split()[1] for record in records] == [
        flag.names[0] for flag in sorted(proxycert.CertProblem.__members__.values())
    ]
    assert widest(out) <= 79


# --- terminals: colour, width, progress --------------------------------------------------------


def test_colour_on_a_terminal() -> None:
    status, out, _ = run("decode", "10", stdout_tty=True)
    assert status == 0
    assert out.splitlines()[:2] == [
        "\x1b[1mOutlook code 10, read as hexadecimal: flags 0x00000010\x1b[0m",
        "  \x1b[33mFLAG_CERT_CN_INVALID\x1b[0m",
    ]


EVERY_COMMAND = [("decode", "18"), ("parse", str(EXAMPLE)), ("flags",), ("scan", str(EXAMPLE))]


@pytest.mark.parametrize("argv", EVERY_COMMAND)
def test_no_colour_with_no_color(argv: tuple[str, ...]) -> None:
    status, out, err = run(*argv, stdout_tty=True, environ={"NO_COLOR": "1"})
    assert status == 0
    assert ESC not in out + err


@pytest.mark.parametrize("argv", EVERY_COMMAND)
def test_colour_everywhere_on_a_terminal(argv: tuple[str, ...]) -> None:
    # NO_COLOR set to the empty string does not turn colour off (no-color.org).
    status, out, _ = run(*argv, stdout_tty=True, environ={"NO_COLOR": ""})
    assert status == 0
    assert ESC in out


@pytest.mark.parametrize("argv", EVERY_COMMAND)
def test_no_colour_when_not_a_terminal(argv: tuple[str, ...]) -> None:
    status, out, err = run(*argv)
    assert status == 0
    assert ESC not in out + err


def test_no_colour_in_json() -> None:
    status, out, _ = run("scan", "--json", str(EXAMPLE), stdout_tty=True)
    assert status == 0
    assert ESC not in out
    assert json.loads(out)["proxy_server"] == "mail.contoso.com"


@pytest.mark.parametrize(("columns", "width"), [(60, 59), (80, 79), (200, 79), (20, 39)])
@pytest.mark.parametrize("argv", [("decode", "80000018"), ("parse", "--all", "-")])
def test_width_follows_the_terminal_within_limits(
    columns: int, width: int, argv: tuple[str, ...]
) -> None:
    data = f"{UNTRUSTED_CA}\n{TARGET_SITE}".encode()
    status, out, _ = run(*argv, stdin=data, columns=columns)
    assert status == 0
    assert width - 8 <= widest(out) <= width


def test_progress_on_a_terminal(logs: Path) -> None:
    # Each read comes 10 seconds after the one before: the line is drawn from the second read
    # on, whenever its text changes.
    fake = FakeConsole(stderr_tty=True, clock=Ticks(10.0))
    log, readme = logs / "outlook.log", logs / "readme.md"
    assert fake.run("scan", "--json", str(log), str(readme)) == 0
    assert len(fake.out.splitlines()) == 2
    size, total = log.stat().st_size, log.stat().st_size + readme.stat().st_size
    first = f"proxycert: {size} bytes of {total} bytes ({size * 100 // total}%), file 1 of 2"
    second = f"proxycert: {total} bytes of {total} bytes (100%), file 2 of 2"
    # Standard output is no terminal, so the line stays put for the rows; it is drawn again
    # only when it changes, and wiped before the summary.
    assert fake.err.startswith(
        f"\r{first}\r{second}\r{' ' * len(second)}\r2 messages in 1 of 2 files ("
    )


def test_progress_moves_away_for_rows_on_the_same_terminal(
    logs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A short relative name, so that the heading is not cut to the terminal's width.
    monkeypatch.chdir(logs)
    fake = FakeConsole(one_terminal=True, clock=Ticks(10.0))
    assert fake.run("scan", "outlook.log") == 0
    size = (logs / "outlook.log").stat().st_size
    line = f"proxycert: {size} bytes of {size} bytes (100%)"
    assert fake.out.startswith(f"\r{line}\r{' ' * len(line)}\r\x1b[1moutlook.log\x1b[0m\n  2:18 ")


def test_progress_of_standard_input_has_no_total() -> None:
    fake = FakeConsole(b"no message here\n", stderr_tty=True, clock=Ticks(10.0))
    assert fake.run("parse") == 1
    assert fake.err == (
        "\rproxycert: 16 bytes"
        "\r                   \r"
        "proxycert: no proxy certificate error message found in <stdin>\n"
    )


def test_progress_waits_a_second_then_redraws_at_most_ten_times_a_second() -> None:
    times = iter([100.0, 100.5, 101.0, 101.05, 101.2, 101.35])
    fake = FakeConsole(stderr_tty=True, clock=lambda: next(times))
    progress = Progress(fake.console, None, 1)
    for _ in range(6):
        progress.advance(5)
    progress.clear()
    # Drawn at 101.0, a second after the first read, and then at 101.2 and 101.35; not at
    # 101.05, too soon after the last drawing.
    assert fake.err == (
        "\rproxycert: 15 bytes\rproxycert: 25 bytes\rproxycert: 30 bytes\r                   \r"
    )


def test_no_progress_for_quick_inputs() -> None:
    fake = FakeConsole(stderr_tty=True, clock=Ticks(0.01))
    assert fake.run("parse", str(EXAMPLE)) == 0
    assert fake.err == ""


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
def test_closed_pipe_ends_quietly(stream: type[io.StringIO], argv: list[str]) -> None:
    fake = FakeConsole(stdout=stream())
    assert fake.run(*argv) == 141
    assert fake.err == ""


def test_closed_pipe_points_standard_output_at_the_null_device(tmp_path: Path) -> None:
    # A real file descriptor, standing in for the pipe: after the error, what is still buffered
    # goes to the null device when the interpreter flushes it at exit.
    with (tmp_path / "pipe").open("w", encoding="utf-8") as pipe:

        class RealClosedPipe(io.TextIOWrapper):
            def write(self, text: str) -> int:
                raise BrokenPipeError(32, "Broken pipe")

        stream = RealClosedPipe(io.FileIO(os.dup(pipe.fileno()), "w"), encoding="utf-8")
        assert FakeConsole(stdout=stream).run("flags") == 141
        os.write(stream.fileno(), b"lost")
        stream.close()
    assert (tmp_path / "pipe").read_text(encoding="utf-8") == ""


def test_ctrl_c_ends_quietly_with_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(file: BinaryIO, *args: Any) -> Iterator[ErrorMessage]:
        file.read(4)
        file.read(6)
        raise KeyboardInterrupt

    monkeypatch.setattr(files_module, "scan_input", interrupted)
    fake = FakeConsole(stderr_tty=True, clock=Ticks(10.0))
    assert fake.run("scan", str(EXAMPLE)) == 130
    # The progress line was drawn, then wiped: no traceback, no leftovers.
    size = EXAMPLE.stat().st_size
    line = f"proxycert: 10 bytes of {size} bytes ({1000 // size}%)"
    assert (fake.out, fake.err) == ("", f"\r{line}\r" + " " * len(line) + "\r")


def test_rows_come_before_the_summary_in_one_file(logs: Path) -> None:
    # `proxycert scan logs > all.txt 2>&1`: standard output is buffered, standard error is not.
    file = io.BytesIO()
    fake = FakeConsole(
        stdout=io.TextIOWrapper(file, encoding="utf-8"),
        stderr=io.TextIOWrapper(file, encoding="utf-8", write_through=True),
    )
    missing = logs / "missing.log"
    assert fake.run("scan", str(logs / "outlook.log"), str(missing)) == 2
    lines = file.getvalue().decode("utf-8").splitlines()
    assert lines[0] == str(logs / "outlook.log")
    assert lines[5].startswith(f"proxycert: error: cannot read {missing}: ")
    assert lines[6].startswith("2 messages in 1 of 1 file (")


def test_no_standard_output_nor_error() -> None:
    # pythonw, or a shell's >&-: there is no standard output, and output goes nowhere.
    console = Console()
    assert main(["flags"], console=console) == 0
    assert main(["decode", "xyz"], console=console) == 2
    assert main(["--version"], console=console) == 0
    assert main(["scan", str(EXAMPLE)], console=console) == 0
    console.redraw("\rproxycert: 10 bytes")


def test_characters_the_output_cannot_encode_are_escaped() -> None:
    # A Windows console redirected to a file writes in a code page such as cp1252.
    raw = io.BytesIO()
    output = io.TextIOWrapper(raw, encoding="cp1252")
    proxy = "\N{KATAKANA LETTER DO}\N{KATAKANA LETTER MO}.example"
    fake = FakeConsole(f"{HEADER}, {proxy}. {TAIL} (10)".encode(), stdout=output)
    assert fake.run("parse") == 0
    output.flush()
    text = raw.getvalue().decode("cp1252")
    assert "  Proxy server  \\u30c9\\u30e2.example\n" in text
    assert fake.err == ""


@pytest.mark.parametrize(
    ("environ", "columns"),
    [
        ({"COLUMNS": "120"}, 120),
        # COLUMNS that says nothing useful is passed over, as shutil.get_terminal_size does.
        ({"COLUMNS": "wide"}, 80),
        ({"COLUMNS": "0"}, 80),
        ({}, 80),
    ],
)
def test_terminal_columns_from_the_environment(environ: dict[str, str], columns: int) -> None:
    # An in-memory stream has no file descriptor: no terminal to ask.
    assert terminal_columns(environ, io.StringIO()) == columns
    assert terminal_columns(environ, None) == columns


def test_terminal_columns_of_a_file_and_of_a_terminal(tmp_path: Path) -> None:
    with (tmp_path / "out.txt").open("w", encoding="utf-8") as file:
        assert terminal_columns({}, file) == 80
    if not hasattr(os, "openpty"):  # pragma: no cover - Windows has no pseudo-terminals
        return
    # A fresh pseudo-terminal says it is 0 columns wide, which means unknown.
    leader, follower = os.openpty()
    try:
        with open(follower, "w", encoding="utf-8", closefd=False) as terminal:
            assert terminal_columns({}, terminal) == 80
    finally:
        os.close(leader)
        os.close(follower)


# --- several files to parse --------------------------------------------------------------------


def test_parse_several_files_explains_the_first_message_of_each(tmp_path: Path) -> None:
    first = write(tmp_path / "one.txt", f"{UNTRUSTED_CA}\n{NAME_MISMATCH}\n")
    second = write(tmp_path / "two.txt", f"{TARGET_SITE}\n")
    status, out, err = run("parse", str(first), str(second))
    assert (status, err) == (0, "")
    headings = [line for line in out.splitlines() if line.startswith(("Message ", str(tmp_path)))]
    assert headings == [
        str(first),
        "Message 3 of KB 923575: UNTRUSTED_CA (line 1, column 1)",
        str(second),
        "Message 4 of KB 923575: TARGET_SITE_MISMATCH (line 1, column 1)",
    ]
    assert f"\n\n{second}\n" in out
    status, out, err = run("parse", "--json", str(first), str(second))
    assert (status, err) == (0, "")
    assert [(m["file"], m["kind"]) for m in json.loads(out)] == [(str(first), 3), (str(second), 4)]
    status, out, err = run("parse", "--json", "--all", str(first), str(second))
    assert [(m["file"], m["kind"]) for m in json.loads(out)] == [
        (str(first), 3),
        (str(first), 2),
        (str(second), 4),
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="the reason is POSIX's wording")
def test_parse_several_files_goes_on_after_one_without_a_message_or_unreadable(
    tmp_path: Path,
) -> None:
    good = write(tmp_path / "good.txt", NAME_MISMATCH)
    empty = write(tmp_path / "empty.txt", "nothing")
    missing = tmp_path / "missing.txt"
    status, out, err = run("parse", "--json", str(empty), str(good))
    assert status == 1
    assert [m["file"] for m in json.loads(out)] == [str(good)]
    assert err == f"proxycert: no proxy certificate error message found in {empty}\n"
    status, out, err = run("parse", str(missing), str(empty), str(good))
    assert status == 2
    assert out.splitlines()[0] == str(good)
    assert err == (
        f"proxycert: error: cannot read {missing}: No such file or directory\n"
        f"proxycert: no proxy certificate error message found in {empty}\n"
    )


# --- the summary -------------------------------------------------------------------------------


def test_scan_summary_alone_on_standard_output(logs: Path) -> None:
    status, out, err = run("scan", "-r", "--summary", str(logs))
    assert (status, err) == (0, "")
    size = size_of(*(path for path in logs.rglob("*") if path.is_file()))
    assert out == SCAN_SUMMARY.format(size=size)


def test_scan_summary_of_nothing_on_standard_output(logs: Path) -> None:
    assert run("scan", "--summary", str(logs / "readme.md")) == (
        1,
        "no proxy certificate error message found in 1 file (14 bytes read)\n",
        "",
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the reason is POSIX's wording")
def test_scan_summary_json(logs: Path) -> None:
    missing = logs / "missing.log"
    status, out, err = run("scan", "-r", "--summary", "--json", str(logs), str(missing))
    assert status == 2
    assert err == f"proxycert: error: cannot read {missing}: No such file or directory\n"
    assert json.loads(out) == {
        "files": 3,
        "files_with_messages": 2,
        "bytes": sum(path.stat().st_size for path in logs.rglob("*") if path.is_file()),
        "messages": 3,
        "kinds": [
            {"kind": 2, "kind_name": "NAME_MISMATCH", "messages": 1},
            {"kind": 4, "kind_name": "TARGET_SITE_MISMATCH", "messages": 1},
            {"kind": 3, "kind_name": "UNTRUSTED_CA", "messages": 1},
        ],
        "names": [
            {"name": "a.example", "role": "proxy_server", "messages": 1},
            {"name": "mail.contoso.com", "role": "proxy_server", "messages": 1},
            {"name": "outlook.office365.com", "role": "target_site", "messages": 1},
        ],
        "flags": [
            {"flag": "FLAG_CERT_CN_INVALID", "messages": 2},
            {"flag": "FLAG_INVALID_CA", "messages": 1},
        ],
        "messages_with_unknown_bits": 0,
        "errors": [{"file": str(missing), "error": "No such file or directory"}],
    }


def test_scan_summary_json_names_unnamed_messages_and_unknown_bits() -> None:
    data = f"{PLACEHOLDER}\n{UNKNOWN_BITS}\n".encode()
    status, out, _ = run("scan", "--summary", "--json", stdin=data)
    assert status == 0
    summary = json.loads(out)
    assert summary["names"] == [
        {"name": None, "role": None, "messages": 1},
        {"name": "a.example", "role": "proxy_server", "messages": 1},
    ]
    assert summary["messages_with_unknown_bits"] == 1


# --- --glob ------------------------------------------------------------------------------------


@pytest.mark.parametrize("glob", ["*.log", "*.LOG", "outlook.*", "[O]UTLOOK.log"])
def test_glob_matches_in_any_case(tmp_path: Path, glob: str) -> None:
    write(tmp_path / "OUTLOOK.LOG", NAME_MISMATCH)
    write(tmp_path / "notes.txt", NAME_MISMATCH)
    status, out, _ = run("scan", "--json", "--glob", glob, str(tmp_path))
    assert status == 0
    assert [json.loads(line)["file"] for line in out.splitlines()] == [
        str(tmp_path / "OUTLOOK.LOG")
    ]


# --- flags --json --------------------------------------------------------------------------------


def test_flags_json_holds_every_fact() -> None:
    status, out, err = run("flags", "--json")
    assert (status, err) == (0, "")
    flags = json.loads(out)
    assert [flag["value"] for flag in flags] == sorted(
        int(flag) for flag in proxycert.CertProblem.__members__.values()
    )
    cn = proxycert.CertProblem.FLAG_CERT_CN_INVALID
    assert flags[4] == {
        "value": 0x10,
        "value_hex": "0x00000010",
        "name": "FLAG_CERT_CN_INVALID",
        "winhttp_name": "WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID",
        "description": cn.description,
        "winhttp_error": 12038,
        "winhttp_error_name": "ERROR_WINHTTP_SECURE_CERT_CN_INVALID",
        "wininet_error_name": "ERROR_INTERNET_SEC_CERT_CN_INVALID",
        "hresult": 0x80072F06,
        "hresult_hex": "0x80072F06",
        "resolutions": [proxycert.Resolution.EXAMINE_CERTIFICATE.to_dict()],
        "cryptoapi_codes": [code.to_dict() for code in cn.cryptoapi_codes],
        "openssl_verify_codes": [code.to_dict() for code in cn.openssl_verify_codes],
        "cert_trust_bits": [],
    }
    assert flags[6]["wininet_error_name"] is None  # FLAG_CERT_WRONG_USAGE: WinHTTP only
    assert flags[7]["resolutions"] == []


# --- terminal injection --------------------------------------------------------------------------

HOSTILE = "mail\x1b]0;PWNED\x07\x1b[2J\u202eexe.contoso.com"
SHOWN = "mail\\x1b]0;PWNED\\x07\\x1b[2J\\u202eexe.contoso.com"


@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize("argv", [("parse",), ("parse", "--all"), ("scan",), ("scan", "--summary")])
def test_human_output_shows_control_characters_as_escapes(argv: tuple[str, ...], tty: bool) -> None:
    data = f"{HEADER}, {HOSTILE}. {TAIL} (10)\n{HEADER}, {HOSTILE}. {TAIL} (\x1b[31m)".encode()
    status, out, err = run(*argv, stdin=data, stdout_tty=tty, environ={"NO_COLOR": "1"})
    assert status == 0
    for text in (out, err):
        assert "\x1b" not in text
        assert "\x07" not in text
        assert "\u202e" not in text
    assert SHOWN in out + err


def test_json_keeps_control_characters_exact() -> None:
    data = f"{HEADER}, {HOSTILE}. {TAIL} (10)".encode()
    status, out, _ = run("scan", "--json", stdin=data)
    assert status == 0
    assert "\x1b" not in out  # JSON escapes it, as \u001b
    assert json.loads(out)["proxy_server"] == HOSTILE


def test_decode_shows_a_hostile_argument_as_escapes() -> None:
    status, out, err = run("decode", "1\x1b[2J", "( 8\u202e)")
    assert status == 2
    assert "\x1b" not in out + err
    assert err == (
        "proxycert: error: invalid Outlook code '1\\x1b[2J': expected hexadecimal digits\n"
        "proxycert: error: invalid Outlook code '( 8\\u202e)': expected hexadecimal digits\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="Windows names hold no control characters")
def test_file_names_with_control_characters_and_new_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "evil\x1b[2J\nname.log", NAME_MISMATCH)
    status, out, err = run("scan", str(tmp_path))
    assert status == 0
    assert out.splitlines()[0] == f"{tmp_path}/evil\\x1b[2J\\nname.log"
    assert len(out.splitlines()) == 3  # the heading, the row and its flags: no broken rows
    assert "\x1b" not in err
    status, out, err = run("scan", "--json", str(tmp_path))
    assert json.loads(out)["file"] == str(path)
    status, out, err = run("scan", str(tmp_path / "gone\x1b.log"))
    assert err.startswith(f"proxycert: error: cannot read {tmp_path}/gone\\x1b.log: ")


@pytest.mark.skipif(
    sys.platform == "win32" or sys.getfilesystemencoding() != "utf-8",
    reason="needs a file system that takes any bytes in a name, read as UTF-8",
)
def test_json_writes_undecodable_file_names_as_byte_escapes(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.log")  # Latin-1, not UTF-8: a lone surrogate in Python
    write(tmp_path / name, NAME_MISMATCH)
    status, out, _ = run("scan", "--json", str(tmp_path))
    assert status == 0
    out.encode("utf-8")  # no lone surrogate: strict JSON parsers take it
    assert "\\ud" not in out
    assert json.loads(out)["file"] == f"{tmp_path}/caf\\xe9.log"
    _, out, _ = run("scan", "--summary", "--json", str(tmp_path), str(tmp_path / name / "x"))
    assert json.loads(out)["errors"][0]["file"] == f"{tmp_path}/caf\\xe9.log/x"
    status, out, _ = run("scan", str(tmp_path))
    assert out.splitlines()[0] == f"{tmp_path}/caf\\xe9.log"


# --- rows that fit the terminal ------------------------------------------------------------------

LONG_PROXY = "rpc-gateway-west-europe-01.mail.corporate-services.contoso.example.com"


@pytest.mark.parametrize("columns", [40, 50, 60, 80, 120])
def test_scan_rows_on_a_terminal_fit_it(columns: int) -> None:
    data = (
        f"{NAME_MISMATCH}\n{HEADER}, {LONG_PROXY}. {TAIL} (80000108)\n{TARGET_SITE}\n"
        f"{HEADER}, a.example. {TAIL}\n"
    ).encode()
    status, out, _ = run("scan", stdin=data, stdout_tty=True, columns=columns)
    assert status == 0
    plain = out.replace("\x1b[33m", "").replace("\x1b[1m", "").replace("\x1b[0m", "")
    assert widest(plain) <= min(columns, 80) - 1
    # The names are kept whole where they fit, and cut in the middle where they do not.
    assert "mail.contoso.com" in plain
    assert ("target outlook.office365.com" in plain) == (columns >= 50)


def test_scan_rows_on_a_narrow_terminal() -> None:
    data = f"{HEADER}, {LONG_PROXY}. {TAIL} (80000108)\n{NAME_MISMATCH}\n".encode()
    status, out, _ = run("scan", stdin=data, stdout_tty=True, columns=50, environ={"NO_COLOR": "1"})
    assert status == 0
    assert out == (
        "<stdin>\n"
        "  1:1        CERTIFICATE_PROBLEM  0x80000108\n"
        "             rpc-gateway-west-europe….example.com\n"
        "             FLAG_INVALID_CA |\n"
        "             FLAG_SECURITY_CHANNEL_ERROR |\n"
        "             0x00000100\n"
        "  2:1        NAME_MISMATCH  0x00000010\n"
        "             mail.contoso.com\n"
        "             FLAG_CERT_CN_INVALID\n"
    )


def test_scan_rows_piped_are_whole_whatever_the_width() -> None:
    data = f"{HEADER}, {LONG_PROXY}. {TAIL} (10)\n".encode()
    status, out, _ = run("scan", stdin=data, columns=50)
    assert status == 0
    assert out.splitlines()[1] == (f"  1:1        CERTIFICATE_PROBLEM   0x00000010  {LONG_PROXY}")


def test_long_errors_are_wrapped_on_a_terminal_only() -> None:
    status, out, err = run("decode", "--from", "winhttp", "12175", stderr_tty=True, columns=60)
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) > 3
    assert lines[0].startswith("proxycert: error: unknown WinHTTP error '12175': expected")
    assert all(len(line) <= 59 and line.startswith("  ") for line in lines[1:])
    status, out, err = run("decode", "--from", "winhttp", "12175", columns=60)
    assert err.count("\n") == 1
    assert len(err) > 300


# --- output that cannot be written ---------------------------------------------------------------


class FullDisk(io.StringIO):
    """Standard output on a full disk: ``proxycert scan good.log > /dev/full``."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


class FullDiskAtFlush(io.StringIO):
    def flush(self) -> None:
        raise OSError(28, "No space left on device")


@pytest.mark.parametrize("stream", [FullDisk, FullDiskAtFlush])
@pytest.mark.parametrize(
    "argv",
    [
        ("scan", str(EXAMPLE)),
        ("scan", "--json", str(EXAMPLE)),
        ("parse", str(EXAMPLE)),
        ("decode", "--json", "10"),
        ("flags",),
        ("--help",),
        ("--version",),
    ],
)
def test_output_that_cannot_be_written_is_one_error_line_and_status_2(
    stream: type[io.StringIO], argv: tuple[str, ...]
) -> None:
    fake = FakeConsole(stdout=stream())
    assert fake.run(*argv) == 2
    assert fake.err == (
        "proxycert: error: cannot write to standard output: No space left on device\n"
    )


def test_output_failure_with_no_standard_error_is_silent() -> None:
    console = Console(stdout=FullDisk())
    assert main(["flags"], console=console) == 2


def test_no_standard_error_sends_nothing_to_standard_output(logs: Path) -> None:
    # A shell's 2>&-: the summary and the errors go nowhere, and the JSON Lines stay clean.
    out = io.StringIO()
    console = Console(stdout=out)
    missing = logs / "missing.log"
    assert main(["scan", "--json", str(logs / "outlook.log"), str(missing)], console=console) == 2
    assert [json.loads(line)["kind"] for line in out.getvalue().splitlines()] == [2, 3]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_in_a_real_process() -> None:
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        result = subprocess.run(  # noqa: S603 - this interpreter, the program under test
            [sys.executable, "-m", "proxycert", "scan", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr == (
        "proxycert: error: cannot write to standard output: No space left on device\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="closes a file descriptor as POSIX shells do")
def test_closed_standard_error_in_a_real_process(logs: Path) -> None:
    # proxycert scan --json outlook.log missing.log 2>&-
    result = subprocess.run(  # noqa: S603 - this interpreter, the program under test
        [
            sys.executable,
            "-c",
            "import os, sys; os.close(2); os.execv(sys.executable,"
            " [sys.executable, '-m', 'proxycert', *sys.argv[1:]])",
            "scan",
            "--json",
            str(logs / "outlook.log"),
            str(logs / "missing.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert [json.loads(line)["kind"] for line in result.stdout.splitlines()] == [2, 3]


class FullDiskTTY(FullDiskAtFlush):
    """Standard error on a terminal that fails: what cannot be said is not said."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")


def test_standard_error_that_cannot_be_written_stops_nothing() -> None:
    fake = FakeConsole(stderr=FullDiskTTY(), clock=Ticks(10.0))
    assert fake.run("decode", "zz", "10") == 2
    assert fake.out.startswith("Outlook code 10, read as hexadecimal")
    progress = Progress(fake.console, None, 1)
    progress.advance(1)
    progress.advance(1)


def test_scan_file_names_on_a_terminal_fit_it(tmp_path: Path) -> None:
    path = write(tmp_path / ("very-long-folder-name-" * 4) / "outlook.log", NAME_MISMATCH)
    status, out, _ = run("scan", str(path), stdout_tty=True, environ={"NO_COLOR": "1"}, columns=60)
    assert status == 0
    heading = out.splitlines()[0]
    assert len(heading) <= 59
    assert heading.endswith("\N{HORIZONTAL ELLIPSIS}/outlook.log")
    # Piped, the name is whole.
    assert run("scan", str(path), columns=60)[1].splitlines()[0] == str(path)
