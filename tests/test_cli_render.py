"""What the command line shows, as pure functions: data in, lines out."""

from __future__ import annotations

import io

import pytest

import proxycert
from proxycert import CertProblem, ErrorMessage, MessageKind
from proxycert.cli._codes import SYSTEMS, read_code
from proxycert.cli._render import (
    Look,
    Summary,
    code_text,
    decoded_lines,
    flag_lines,
    flag_table,
    progress_line,
    scan_row,
    size,
    summary_lines,
)

PLAIN = Look(colour=False, width=79)
COLOUR = Look(colour=True, width=79)


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
    assert size(count) == text


@pytest.mark.parametrize(
    ("done", "total", "file", "files", "text"),
    [
        (16, None, 1, 1, "proxycert: 16 bytes"),
        (512, 2048, 1, 1, "proxycert: 512 bytes of 2.0 KB (25%)"),
        # A file that grew while it was read stays at 100%.
        (4096, 2048, 2, 3, "proxycert: 4.0 KB of 2.0 KB (100%), file 2 of 3"),
        (0, 0, 1, 1, "proxycert: 0 bytes of 0 bytes (0%)"),
    ],
)
def test_progress_line(done: int, total: int | None, file: int, files: int, text: str) -> None:
    assert progress_line(done, total, file, files) == text


@pytest.mark.parametrize(
    ("first", "code", "lines"),
    [
        ("", None, ["    one two three", "    four"]),
        ("  1.", None, ["  1. one two three", "    four"]),
        ("", "1", ["    \x1b[1mone two three\x1b[0m", "    \x1b[1mfour\x1b[0m"]),
    ],
)
def test_wrap(first: str, code: str | None, lines: list[str]) -> None:
    look = Look(colour=True, width=18)
    assert look.wrap("one two three four", 4, first=first, code=code) == lines


def test_wrap_keeps_names_whole_and_empty_text_as_one_line() -> None:
    look = Look(colour=False, width=20)
    assert look.wrap("see https://server_name/rpc-over-http", 2) == [
        "  see",
        "  https://server_name/rpc-over-http",
    ]
    assert look.wrap("", 2) == ["  "]


def test_style_only_in_colour() -> None:
    assert (PLAIN.style("x", "1"), COLOUR.style("x", "1")) == ("x", "\x1b[1mx\x1b[0m")


def test_flag_lines_of_zero_and_of_unknown_bits() -> None:
    assert flag_lines(CertProblem(0), PLAIN, 2) == ["  No certificate problem flag is set."]
    assert flag_lines(CertProblem(0x108), COLOUR, 0) == [
        "\x1b[33mFLAG_INVALID_CA\x1b[0m",
        "  The function is unfamiliar with the Certificate Authority that generated the",
        "  server's certificate.",
        "\x1b[33m0x00000100\x1b[0m",
        "  Bits that KB 923575 does not name.",
    ]


def test_decoded_lines() -> None:
    decoded = [read_code("8", SYSTEMS["outlook"], None), read_code("0", SYSTEMS["trust"], None)]
    assert decoded_lines(decoded, PLAIN) == [
        "Outlook code 8, read as hexadecimal: flags 0x00000008",
        "  FLAG_INVALID_CA",
        "    The function is unfamiliar with the Certificate Authority that generated",
        "    the server's certificate.",
        "  Points to resolution 2: Install the trusted root certificate",
        "",
        "CERT_TRUST error status 0, read as hexadecimal: flags 0x00000000",
        "  No certificate problem flag is set.",
    ]


@pytest.mark.parametrize(
    ("code", "code_text_", "shown"),
    [
        (None, None, "(none)"),
        (None, "%s", "%s (not decoded)"),
        (0x10, None, "0x00000010"),
        (0x10, "0X00000010", "0x00000010"),
        (0x10, "10", "10 = 0x00000010"),
    ],
)
def test_code_text(code: int | None, code_text_: str | None, shown: str) -> None:
    message = ErrorMessage(MessageKind.CERTIFICATE_PROBLEM, code=code, code_text=code_text_)
    assert code_text(message) == shown


def test_scan_row() -> None:
    message = next(
        proxycert.scan_file(
            io.BytesIO(
                b"There is a problem with the proxy server's security certificate, a.example."
                b" Outlook is unable to connect to this server. (80000108)"
            )
        )
    )
    assert scan_row(message, COLOUR) == [
        "  1:1        CERTIFICATE_PROBLEM   0x80000108  a.example",
        "             \x1b[33mFLAG_INVALID_CA | FLAG_SECURITY_CHANNEL_ERROR | 0x00000100\x1b[0m",
    ]


def test_summary_lines() -> None:
    summary = Summary(files=2)
    summary.bytes = 3
    assert summary_lines(summary) == [
        "no proxy certificate error message found in 2 files (3 bytes read)"
    ]
    summary.add(ErrorMessage(MessageKind.CERTIFICATE_PROBLEM))
    summary.files_with_messages, summary.bytes = 1, 2048
    assert summary_lines(summary) == [
        "1 message in 1 of 2 files (2.0 KB read)",
        "  messages per kind",
        "        1  CERTIFICATE_PROBLEM (message 1)",
        "  messages per proxy server or target site",
        "        1  (not named)",
    ]


def test_flag_table_bolds_the_names() -> None:
    lines = flag_table([CertProblem.FLAG_CERT_REVOKED], COLOUR)
    assert lines[:2] == [
        "0x00000004  \x1b[1mFLAG_CERT_REVOKED\x1b[0m",
        "            WINHTTP_CALLBACK_STATUS_FLAG_CERT_REVOKED",
    ]
