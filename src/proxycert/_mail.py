"""Mail files: the text parts of an RFC 822 / MIME message (``.eml``) or of an mbox.

Mail is the main way these errors reach a helpdesk, and a mail's text is rarely plain:
quoted-printable, base64, a charset, or only an HTML part.  The standard library's ``email``
package decodes them; this module finds the parts and names them.  A part is named by its
IMAP section number (RFC 3501, 6.4.5) and its type: ``part 1.2 (text/html)``; in an mbox, by
the message's number too: ``message 3, part 1 (text/plain)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, cast

import attrs

if TYPE_CHECKING:
    from email.message import Message
    from email.parser import BytesFeedParser

__all__ = ["MAX_MAIL_BYTES", "MailPart", "looks_like_mail", "text_parts"]

#: A message is parsed in memory; one larger than this is not read.  Exchange Online accepts
#: at most 150 MB, and by default 25 to 35 MB, base64 included; a ticket's mail is far smaller.
MAX_MAIL_BYTES = 64 << 20

# A header field's name is printable ASCII but the colon (RFC 5322, 3.6.8).
_FIELD = re.compile(rb"([!-9;-~]+):")
# Fields that only a mail or a MIME entity carries: a log or a saved "From: / Sent: / To:"
# text has none of them, and is read as text.
_MIME_FIELDS = frozenset(
    (b"mime-version", b"content-type", b"content-transfer-encoding", b"received", b"message-id")
)
_MBOX_SEPARATOR = b"From "
# Lines are read at most this long, so that a line with no end cannot fill memory.
_LINE_BYTES = 1 << 16


@attrs.frozen
class MailPart:
    """A text part of a mail, still in bytes: its transfer encoding undone, its charset not."""

    source: str
    payload: bytes
    #: The charset the part declares, or None.
    charset: str | None
    #: Its Content-Transfer-Encoding, for ``scan --verbose``.
    transfer_encoding: str


def looks_like_mail(head: bytes) -> bool:
    """Whether a file that starts with *head* is a mail or an mbox.

    It is when it opens with a block of header fields, ended by a blank line, of which at
    least one is a MIME or transport field; an mbox's ``From`` line may come first.
    """
    lines = head.split(b"\n")
    if lines[0].startswith(_MBOX_SEPARATOR):
        del lines[0]
    mime = False
    for number, raw in enumerate(lines[:-1]):  # the last one may be cut off
        line = raw.rstrip(b"\r")
        if not line:
            return mime and number > 0
        if line[:1] in (b" ", b"\t"):
            if number == 0:
                return False
            continue  # a folded field goes on
        field = _FIELD.match(line)
        if field is None:
            return False
        mime = mime or field[1].lower() in _MIME_FIELDS
    return False


def text_parts(stream: BinaryIO) -> Iterator[MailPart | str]:
    """The text parts of the mail or mbox in *stream*, and why not for each message not read.

    :param stream: a binary stream with ``readline``.
    """
    try:
        yield from _text_parts(stream)
    except RecursionError:
        # The email package parses each level of MIME parts inside parts one call deeper.
        yield "MIME parts nested hundreds of levels deep: not read"


def _text_parts(stream: BinaryIO) -> Iterator[MailPart | str]:
    limit = MAX_MAIL_BYTES
    first = stream.readline(_LINE_BYTES)
    mbox = first.startswith(_MBOX_SEPARATOR)
    messages = 0
    parser, size, blank = _parser(), 0, True
    if not mbox:
        parser.feed(first)
        size = len(first)
    for line in iter(lambda: stream.readline(_LINE_BYTES), b""):
        if mbox and blank and line.startswith(_MBOX_SEPARATOR):
            messages += 1
            yield from _parts(parser, size, limit, messages)
            parser, size = _parser(), 0
            continue
        blank = line in (b"\n", b"\r\n")
        size += len(line)
        if size <= limit:
            parser.feed(line)
    yield from _parts(parser, size, limit, messages + 1 if mbox else 0)


def _parser() -> BytesFeedParser:
    # Imported on first use: most files are not mail, and importing proxycert stays quick.
    import email.parser
    import email.policy

    return email.parser.BytesFeedParser(policy=email.policy.default)


def _parts(parser: BytesFeedParser, size: int, limit: int, number: int) -> Iterator[MailPart | str]:
    prefix = f"message {number}, " if number else ""
    message = parser.close()
    if size > limit:
        what = f"message {number}" if number else "mail"
        yield f"{what} larger than {limit >> 20} MB: save its text as a file and scan that"
        return
    for section, part in _sections(message, ""):
        if part.get_content_maintype() == "multipart":
            # The email package keeps a multipart whose boundary is missing as one string.
            yield f"{prefix}part {section}: {part.get_content_type()} without its boundary: not read"
        elif part.get_content_maintype() == "text":  # plain, html, and text attachments (.log)
            payload = part.get_payload(decode=True)
            yield MailPart(
                f"{prefix}part {section} ({part.get_content_type()})",
                payload if isinstance(payload, bytes) else b"",
                part.get_content_charset(),
                part.get("content-transfer-encoding", "7bit").lower(),
            )


def _sections(part: Message, number: str) -> Iterator[tuple[str, Message]]:
    """The leaf parts of *part* with their IMAP section numbers."""
    payload = part.get_payload()
    if part.get_content_maintype() == "multipart" and isinstance(payload, list):
        for index, child in enumerate(payload, 1):
            yield from _sections(child, f"{number}.{index}" if number else str(index))
    elif part.get_content_type() == "message/rfc822" and isinstance(payload, list):
        # A forwarded mail: its own parts are numbered under the part that holds it.
        inner = cast("Message", payload[0])
        if inner.is_multipart():
            yield from _sections(inner, number or "1")
        else:
            yield f"{number or '1'}.1", inner
    else:
        yield number or "1", part
