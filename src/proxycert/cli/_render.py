"""What the command line shows people, as pure functions: data in, lines out, no I/O.

Each function returns the lines to write, without their line ends; :class:`Look` says whether
they carry colour and how wide they may be.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .. import CertProblem, ErrorMessage
    from ._codes import Decoded

#: The name of the program, at the head of its error and progress lines.
PROG = "proxycert"

# SGR codes; reset is appended after each styled piece.
BOLD = "1"
YELLOW = "33"


class Look(NamedTuple):
    """How human output looks: in colour or not, and how wide."""

    colour: bool
    width: int

    def style(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text

    def wrap(
        self, text: str, indent: int, *, first: str = "", code: str | None = None
    ) -> list[str]:
        """*text* wrapped to the width at *indent*, each line styled with *code*.

        :param first: a label that takes the place of the first line's indent, such as a field
            name or a step number; it is padded to *indent*, and followed by at least one space.
        """
        # textwrap compiles its patterns on import: only human output pays for that.
        import textwrap

        # Names, URLs and hyphenated words stay whole, even if a line gets too long.
        lines = textwrap.wrap(
            text, self.width - indent, break_long_words=False, break_on_hyphens=False
        ) or [""]
        if code is not None:
            lines = [self.style(line, code) for line in lines]
        pad = " " * indent
        head = f"{first} ".ljust(indent) if first else pad
        return [head + lines[0], *(pad + line for line in lines[1:])]


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def size(count: int) -> str:
    """A number of bytes as people read it: ``1023 bytes``, ``1.5 MB``."""
    amount = float(count)
    for unit in ("bytes", "KB", "MB"):
        if amount < 1024:
            return f"{count} bytes" if unit == "bytes" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"


def progress_line(done: int, total: int | None, file: int, files: int) -> str:
    """The progress line's text: bytes read, of how many, in which file."""
    text = f"{PROG}: {size(done)}"
    if total is not None:
        percent = min(100, done * 100 // max(total, 1))
        text += f" of {size(total)} ({percent}%)"
    if files > 1:
        text += f", file {file} of {files}"
    return text


def flag_lines(problems: CertProblem, look: Look, indent: int) -> list[str]:
    """Each flag's KB name and meaning, then any unknown bits, for a human reader."""
    if not problems:
        return look.wrap(problems.description, indent)
    lines: list[str] = []
    for name, flag in zip(problems.names, problems.flags):
        lines.extend(look.wrap(name, indent, code=YELLOW))
        lines.extend(look.wrap(flag.description, indent + 2))
    if problems.unknown_bits:
        bits = f"0x{problems.unknown_bits:08X}"
        lines.extend(look.wrap(bits, indent, code=YELLOW))
        lines.extend(look.wrap("Bits that KB 923575 does not name.", indent + 2))
    return lines


# --- decode ------------------------------------------------------------------------------------


def decoded_lines(decoded: Sequence[Decoded], look: Look) -> list[str]:
    """Codes that ``decode`` read: a header each, their flags, notes and resolutions."""
    lines: list[str] = []
    for number, item in enumerate(decoded):
        if number:
            lines.append("")
        header = (
            f"{item.system.label} {item.text}, read as {_BASE_NAMES[item.base]}:"
            f" flags 0x{int(item.problems):08X}"
        )
        lines.extend(look.wrap(header, 0, code=BOLD))
        lines.extend(flag_lines(item.problems, look, 2))
        for note in item.notes:
            lines.extend(look.wrap(f"Note: {note}.", 2))
        for resolution in item.problems.resolutions:
            lines.extend(
                look.wrap(f"Points to resolution {int(resolution)}: {resolution.title}", 2)
            )
    return lines


_BASE_NAMES = {10: "decimal", 16: "hexadecimal"}


# --- parse -------------------------------------------------------------------------------------

_FIELD = 16  # the column where the values of parse's fields start
# Under a resolution that the flags point to, as CertProblem.resolutions infers them.
_INFERRED = "The code's flags point to this one too (proxycert's inference, not the KB's)."


def explanation(messages: Sequence[ErrorMessage], look: Look) -> list[str]:
    """Messages that ``parse`` found, each explained, a blank line between them."""
    lines: list[str] = []
    for number, message in enumerate(messages):
        if number:
            lines.append("")
        lines.extend(_explain(message, look))
    return lines


def _explain(message: ErrorMessage, look: Look) -> list[str]:
    """A message's fields, decoded code, notes and resolutions, for a human reader."""
    title = (
        f"Message {int(message.kind)} of KB 923575: {message.kind.name}"
        f" (line {message.line}, column {message.column})"
    )
    lines = look.wrap(title, 0, code=BOLD)

    def field(name: str, value: str) -> None:
        lines.extend(look.wrap(value, _FIELD, first=f"  {name}"))

    field("Proxy server", message.proxy_server or "(not named)")
    if message.target_site is not None:
        field("Target site", message.target_site)
    field("Error code", code_text(message))
    if message.problems is not None:
        lines.extend(flag_lines(message.problems, look, _FIELD))
    for note in message.notes:
        field("Note", note[0].upper() + note[1:] + ".")
    for resolution in message.resolutions:
        lines.append("")
        heading = f"Resolution {int(resolution)}: {resolution.title}"
        lines.extend(look.wrap(heading, 0, code=BOLD))
        if resolution is not message.resolution:
            lines.extend(look.wrap(_INFERRED, 2))
        for step_number, step in enumerate(resolution.steps, 1):
            lines.extend(look.wrap(step, 5, first=f"  {step_number}."))
    return lines


def code_text(message: ErrorMessage) -> str:
    """A message's code as written, and as read when that differs."""
    if message.code is None:
        return "(none)" if message.code_text is None else f"{message.code_text} (not decoded)"
    code_hex = f"0x{message.code:08X}"
    if message.code_text is None or message.code_text.lower() == code_hex.lower():
        return code_hex
    return f"{message.code_text} = {code_hex}"


# --- scan --------------------------------------------------------------------------------------

# The columns of a scan row: line:column, kind, code, then the names.
_ROW = "  {where:<10} {kind:<20}  {code:<10}  {names}"
_ROW_FLAGS = 13  # the column of the flags line, under the kind


def scan_row(message: ErrorMessage, look: Look) -> list[str]:
    """One message of ``scan``: where, kind, code and names, then its flags."""
    names = [] if message.proxy_server is None else [message.proxy_server]
    if message.target_site is not None:
        names.append(f"target {message.target_site}")
    code = "-" if message.code is None else f"0x{message.code:08X}"
    row = _ROW.format(
        where=f"{message.line}:{message.column}",
        kind=message.kind.name,
        code=code,
        names=", ".join(names) or "-",
    )
    lines = [row]
    problems = message.problems
    if problems:
        parts = [*problems.names]
        if problems.unknown_bits:
            parts.append(f"0x{problems.unknown_bits:08X}")
        lines.extend(look.wrap(" | ".join(parts), _ROW_FLAGS, code=YELLOW))
    return lines


class Summary:
    """What a helpdesk lead wants from a fleet's logs: counts per kind, proxy and flag.

    A plain class: an attrs class would be built (and its methods compiled) at every start of
    ``proxycert``, for the one subcommand that counts.
    """

    __slots__ = ("files", "files_with_messages", "flags", "kinds", "messages", "proxies")

    def __init__(self, *, files: int = 0) -> None:
        self.messages = 0
        self.files = files
        self.files_with_messages = 0
        self.kinds: collections.Counter[str] = collections.Counter()
        self.proxies: collections.Counter[str] = collections.Counter()
        self.flags: collections.Counter[str] = collections.Counter()

    def add(self, message: ErrorMessage) -> None:
        self.messages += 1
        self.kinds[f"{message.kind.name} (message {int(message.kind)})"] += 1
        self.proxies[message.proxy_server or "(not named)"] += 1
        problems = message.problems
        if problems is not None:
            self.flags.update(problems.names)
            if problems.unknown_bits:
                self.flags["bits not named by KB 923575"] += 1


def summary_lines(summary: Summary, read: int) -> list[str]:
    """The summary of ``scan`` for standard error, given how many bytes were read."""
    files = f"{plural(summary.files, 'file')} ({size(read)} read)"
    if not summary.messages:
        return [f"{PROG}: no proxy certificate error message found in {files}"]
    lines = [f"{plural(summary.messages, 'message')} in {summary.files_with_messages} of {files}"]
    for title, counter in (
        ("messages per kind", summary.kinds),
        ("messages per proxy server", summary.proxies),
        ("messages per flag", summary.flags),
    ):
        if counter:
            lines.append(f"  {title}")
            ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
            lines.extend(f"  {count:>7}  {name}" for name, count in ranked)
    return lines


# --- flags -------------------------------------------------------------------------------------


def flag_table(flags: Sequence[CertProblem], look: Look) -> list[str]:
    """The reference table of ``flags``: value, KB name, WinHTTP name, meaning, resolutions."""
    indent = 12
    lines: list[str] = []
    for number, flag in enumerate(flags):
        if number:
            lines.append("")
        lines.append(f"0x{int(flag):08X}  " + look.style(flag.names[0], BOLD))
        lines.extend(look.wrap(flag.winhttp_name, indent))
        lines.extend(look.wrap(flag.description, indent))
        for resolution in flag.resolutions:
            text = f"Points to resolution {int(resolution)}: {resolution.title}"
            lines.extend(look.wrap(text, indent))
    return lines
