"""Write the fuzzers' seed inputs and dictionary, from proxycert's own renderings.

``make fuzz`` runs this before the harnesses.  The seeds are rendered, not stored, so that they
follow the message tables as those grow: every kind in every language, with and without names
and codes, as pasted (wrapped, mail-quoted, in HTML, with curly quotes) and as logs store them
(UTF-8 with and without a BOM, UTF-16 either way round, Windows-1252).

    python fuzz/seeds.py fuzz/corpus
"""

from __future__ import annotations

import codecs
import hashlib
import html
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

from proxycert import ErrorMessage, MessageKind

LANGUAGES = ("en", "ja")


def renderings() -> Iterator[str]:
    for kind in MessageKind:
        for language in LANGUAGES:
            for proxy, code in [("mail.contoso.com", 0x10), (None, None), ("[srv]", 0x80000018)]:
                target = (
                    "outlook.office365.com" if kind is MessageKind.TARGET_SITE_MISMATCH else None
                )
                yield ErrorMessage(
                    kind, proxy_server=proxy, target_site=target, code=code, language=language
                ).render()


def pastes(text: str) -> Iterator[str]:
    yield text
    yield "\n".join(textwrap.wrap(text, 60))
    yield "\r\n".join("> " + line for line in textwrap.wrap(text, 50))
    yield "<p><b>" + html.escape(text).replace("'", "&#39;").replace(". ", ".<br>\n") + "</b></p>"
    yield "\u201c" + text.replace("'", "\u2019").replace(" ", "\u00a0", 3) + "\u201d"
    yield "2026-11-03 09:12:44,123 ERROR [Outlook] " + text + "\n2026-11-03 09:12:45 INFO retry\n"
    yield text.replace(". ", ". ... ", 1)
    yield text + " " + text


def encodings(text: str) -> Iterator[bytes]:
    yield text.encode()
    yield codecs.BOM_UTF8 + text.encode()
    yield text.encode("utf-16")
    yield text.encode("utf-16-le")
    yield text.encode("utf-16-be")
    yield text.encode("cp1252", "replace")


def dictionary() -> Iterator[str]:
    """Sentences and pieces of the messages, and the markup around them in real text."""
    seen: set[str] = set()
    for text in renderings():
        for piece in text.replace("\u3002", "\u3002\n").replace(". ", ".\n").split("\n"):
            for token in (piece.strip(), *piece.split()):
                if 2 <= len(token) <= 100 and token not in seen:
                    seen.add(token)
                    yield token
    yield from ["(Error Code ", "(0x00000008)", "(%s)", "%s", "...", "\u2026", "0\u00d7",
                "&nbsp;", "&#39;", "&rsquo;", "<br>", "<b>", "</b>", "<p>", "> ", ">> ",
                "\r\n", "\u2019", "\uff08", "\uff09", "**", "`"]  # fmt: skip


def _escape(token: str) -> str:
    return "".join(
        chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02X}"
        for b in token.encode()
    )


def main(out: Path) -> None:
    texts = [paste for text in renderings() for paste in pastes(text)]
    counts = []
    for name, blobs in [
        ("seeds-text", [text.encode() for text in texts]),
        ("seeds-bytes", [blob for text in texts for blob in encodings(text)]),
    ]:
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for blob in blobs:
            (folder / hashlib.sha1(blob).hexdigest()).write_bytes(blob)  # noqa: S324 - a file name
        counts.append(f"{len(set(blobs))} in {folder}")
    lines = [f'"{_escape(token)}"' for token in dictionary()]
    (out / "proxycert.dict").write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"seeds: {', '.join(counts)}; dictionary: {len(lines)} entries")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus"))
