"""Mail files: which files are mail, and each text part decoded and named."""

from __future__ import annotations

import io
from email.message import EmailMessage

import pytest

from proxycert import ErrorMessage
from proxycert._mail import MailPart, looks_like_mail, text_parts

ONE = ErrorMessage(2, "mail.contoso.com", code=0x10).render()


@pytest.mark.parametrize(
    ("head", "mail"),
    [
        (b"Message-ID: <1@example>\r\nFrom: a@example.com\r\n\r\nbody", True),
        (b"From a@example.com Mon Jan  1 00:00:00 2024\nMIME-Version: 1.0\n\nbody", True),
        (b"Received: from x\n\tby y\nSubject: s\n\n", True),
        (b"Content-Type: text/html; charset=utf-8\n\n<p>", True),
        # Headers, but none that only mail carries: Outlook's "save as text", or a log.
        (b"From: Ann\nSent: Monday\nTo: Bob\nSubject: error\n\nbody", False),
        (b"Error: 1\nWarning: 2\n\n", False),
        # Not a header block.
        (b"\nMIME-Version: 1.0\n\n", False),
        (b" folded: no field before\nMIME-Version: 1.0\n\n", False),
        (b"MIME-Version: 1.0\nnot a header line\n\n", False),
        (b"MIME-Version: 1.0\nSubject: the header block does not end", False),
        (b"MIME-Version: 1.0\nSubject: x", False),
        (b"", False),
    ],
)
def test_looks_like_mail(head: bytes, mail: bool) -> None:
    assert looks_like_mail(head) is mail


def _parts(data: bytes) -> list[MailPart | str]:
    return list(text_parts(io.BytesIO(data)))


def _mail(**headers: str) -> EmailMessage:
    message = EmailMessage()
    message["Message-ID"] = "<1@example>"
    message["From"] = "helpdesk@example.com"
    for name, value in headers.items():
        message[name] = value
    return message


def test_quoted_printable_base64_and_charsets() -> None:
    message = _mail()
    message.set_content(ONE + "\n", cte="quoted-printable")
    message.add_alternative(
        f"<p>{ONE} caf\u00e9</p>\n".encode("iso-8859-1"),
        maintype="text",
        subtype="html",
        cte="base64",
        params={"charset": "iso-8859-1"},
    )
    assert _parts(message.as_bytes()) == [
        MailPart("part 1 (text/plain)", (ONE + "\n").encode(), "utf-8", "quoted-printable"),
        MailPart(
            "part 2 (text/html)",
            f"<p>{ONE} caf\u00e9</p>\n".encode("iso-8859-1"),
            "iso-8859-1",
            "base64",
        ),
    ]


def test_sections_and_attachments() -> None:
    message = _mail()
    message.set_content("plain\n")
    message.add_alternative("<p>html</p>\n", subtype="html")
    message.add_attachment(b"\x00\x01", maintype="application", subtype="octet-stream")
    message.add_attachment("attached log\n", filename="outlook.log")
    forwarded = _mail()
    forwarded.set_content("forwarded\n")
    message.add_attachment(forwarded)
    single = _mail()
    single.set_content("inner plain\n")
    single.add_alternative("<p>inner html</p>\n", subtype="html")
    message.add_attachment(single)
    found = _parts(message.as_bytes())
    assert [(p.source, p.payload) for p in found if isinstance(p, MailPart)] == [
        ("part 1.1 (text/plain)", b"plain\n"),
        ("part 1.2 (text/html)", b"<p>html</p>\n"),
        ("part 3 (text/plain)", b"attached log\n"),
        ("part 4.1 (text/plain)", b"forwarded\n"),
        ("part 5.1 (text/plain)", b"inner plain\n"),
        ("part 5.2 (text/html)", b"<p>inner html</p>\n"),
    ]


def test_every_text_part_is_read_whatever_its_subtype() -> None:
    # A log attached as text/x-log or text/csv is text too, and may hold the message.
    message = _mail()
    message.set_content("plain\n")
    message.add_attachment(ONE + "\n", subtype="x-log", filename="outlook.log")
    message.add_attachment("a,b\n", subtype="csv", filename="export.csv")
    found = _parts(message.as_bytes())
    assert [(p.source, p.payload) for p in found if isinstance(p, MailPart)] == [
        ("part 1 (text/plain)", b"plain\n"),
        ("part 2 (text/x-log)", ONE.encode() + b"\n"),
        ("part 3 (text/csv)", b"a,b\n"),
    ]


def test_a_multipart_without_its_boundary_is_reported() -> None:
    data = (
        b"Message-ID: <1@example>\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n"
        + ONE.encode()
        + b"\n"
    )
    assert _parts(data) == ["part 1: multipart/mixed without its boundary: not read"]


def test_a_forwarded_mail_at_the_top_is_numbered_under_part_1() -> None:
    inner = _mail()
    inner.set_content(ONE + "\n")
    outer = _mail()
    outer.set_content(inner)
    found = _parts(outer.as_bytes())
    assert [(p.source, p.payload) for p in found if isinstance(p, MailPart)] == [
        ("part 1.1 (text/plain)", ONE.encode() + b"\n"),
    ]


def test_a_mail_without_mime_is_one_part() -> None:
    data = b"Message-ID: <1@example>\nFrom: a@example.com\n\n" + ONE.encode() + b"\n"
    assert _parts(data) == [MailPart("part 1 (text/plain)", ONE.encode() + b"\n", None, "7bit")]


def test_mbox() -> None:
    first, second = _mail(), _mail()
    first.set_content(f"{ONE}\nFrom the start of a line, escaped\n")
    second.set_content("second\n", subtype="html")
    data = (
        b"From a@example.com Mon Jan  1 00:00:00 2024\n"
        + first.as_bytes().replace(b"\nFrom the", b"\n>From the")
        + b"\nFrom b@example.com Tue Jan  2 00:00:00 2024\n"
        + second.as_bytes()
    )
    found = _parts(data)
    assert [(p.source, p.payload) for p in found if isinstance(p, MailPart)] == [
        (
            "message 1, part 1 (text/plain)",
            f"{ONE}\n>From the start of a line, escaped\n\n".encode(),
        ),
        ("message 2, part 1 (text/html)", b"second\n"),
    ]


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("proxycert._mail.MAX_MAIL_BYTES", 5 << 20)
    big, small = _mail(), _mail()
    big.set_content(b"x" * (6 << 20), maintype="application", subtype="octet-stream")
    small.set_content("small\n")
    mbox = (
        b"From a Mon Jan  1 00:00:00 2024\n"
        + big.as_bytes()
        + b"\nFrom b Mon Jan  1 00:00:00 2024\n"
        + small.as_bytes()
    )
    assert _parts(mbox) == [
        "message 1 larger than 5 MB: save its text as a file and scan that",
        MailPart("message 2, part 1 (text/plain)", b"small\n", "utf-8", "7bit"),
    ]
    assert _parts(big.as_bytes()) == [
        "mail larger than 5 MB: save its text as a file and scan that"
    ]


def test_parts_nested_too_deep() -> None:
    data = b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b0\n\n"
    for depth in range(1, 2000):
        data += f"--b{depth - 1}\nContent-Type: multipart/mixed; boundary=b{depth}\n\n".encode()
    data += f"--b1999\nContent-Type: text/plain\n\n{ONE}\n".encode()
    assert _parts(data) == ["MIME parts nested hundreds of levels deep: not read"]
