"""What the command line shows people, as pure functions: data in, lines out, no I/O.

Each function returns the lines to write, without their line ends; :class:`Look` says whether
they carry colour and how wide they may be.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, TypeVar

from ._text import json_text, visible

if TYPE_CHECKING:
    from .. import CertProblem, ContainerError, ErrorMessage, MessageKind
    from ._codes import Decoded

#: The name of the program, at the head of its error and progress lines.
PROG = "proxycert"

# SGR codes; reset is appended after each styled piece.
BOLD = "1"
YELLOW = "33"


def shorten(text: str, width: int) -> str:
    """*text* cut in the middle with an ellipsis to at most *width* characters, if longer.

    The end is kept from a dot, slash or backslash on, where there is one: a host name keeps
    its domain, a path its file name.

    >>> short = shorten("rpc-gateway-west-europe-01.mail.corporate-services.contoso.example.com", 36)
    >>> len(short), short[:23], short[24:]
    (36, 'rpc-gateway-west-europe', '.example.com')
    """
    if len(text) <= width:
        return text
    tail = text[len(text) - (width - 1) // 2 :]
    cut = min((i for i in map(tail.find, "./\\") if i > 0), default=0)
    tail = tail[cut:]
    return text[: width - 1 - len(tail)] + "\N{HORIZONTAL ELLIPSIS}" + tail


class Look(NamedTuple):
    """How human output looks: in colour or not, how wide, and whether rows must fit.

    :ivar fit: standard output is a terminal, where no row may be wider than *width*; piped
        output keeps each row whole, for grep.
    """

    colour: bool
    width: int
    fit: bool = False

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
            f"{item.system.label} {visible(item.text)}, read as {_BASE_NAMES[item.base]}:"
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
    """A message's fields, decoded code, notes, causes and resolutions, for a human reader."""
    # A message from a zip member or a mail part says which: its line counts in that part.
    where = "" if message.source is None else f"{message.source}, "
    title = (
        f"Message {int(message.kind)} of KB 923575: {message.kind.name}"
        f" ({where}line {message.line}, column {message.column})"
    )
    lines = look.wrap(title, 0, code=BOLD)

    def field(name: str, *values: str, bullets: bool = False) -> None:
        indent, label = _FIELD, f"  {name}".ljust(_FIELD - 1)
        longest = max((len(word) for value in values for word in value.split()), default=0)
        if longest > look.width - _FIELD - 2 * bullets:
            # A narrow terminal, and a long name: the values go under the field's name.
            lines.append(label.rstrip())
            indent, label = 4, "   "
        for value in values:
            if bullets:
                lines.extend(look.wrap(value, indent + 2, first=f"{label} -"))
            else:
                lines.extend(look.wrap(value, indent, first=label))
            label = " " * len(label)

    field(
        "Proxy server",
        "(not named)" if message.proxy_server is None else visible(message.proxy_server),
    )
    if message.target_site is not None:
        field("Target site", visible(message.target_site))
    field("Error code", code_text(message))
    if message.problems is not None:
        lines.extend(flag_lines(message.problems, look, _FIELD))
    for note in message.notes:
        field("Note", visible(note[0].upper() + note[1:]) + ".")
    # The KB lists its causes in one section; each resolution holds those it addresses.
    causes = dict.fromkeys(cause for r in message.resolutions for cause in r.causes)
    field("Likely causes", *causes, bullets=True)
    field("Where to look", message.where_to_look)
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
        if message.code_text is None:
            return "(none)"
        return f"{visible(message.code_text)} (not decoded)"
    code_hex = f"0x{message.code:08X}"
    if message.code_text is None or message.code_text.lower() == code_hex.lower():
        return code_hex
    return f"{visible(message.code_text)} = {code_hex}"


def file_heading(label: str, look: Look) -> str:
    """The name of an input, above its messages; on a terminal, cut to fit."""
    text = visible(label)
    return look.style(shorten(text, look.width) if look.fit else text, BOLD)


# --- scan --------------------------------------------------------------------------------------

# The columns of a scan row: line:column, kind, code, then the names.
_ROW = "  {where:<10} {kind:<20}  {code:<10}  {names}"
_ROW_INDENT = 13  # the column of the kind, and of what a row carries on its next lines


def scan_row(message: ErrorMessage, look: Look) -> list[str]:
    """One message of ``scan``: where, kind, code and names, then its flags.

    Piped, the row is one line, whole, for grep.  On a terminal too narrow for it, the code and
    the names go on as many lines as they need, under the kind, and a name too long for a line
    is cut in the middle.
    """
    names = [] if message.proxy_server is None else [visible(message.proxy_server)]
    if message.target_site is not None:
        names.append(f"target {visible(message.target_site)}")
    code = "-" if message.code is None else f"0x{message.code:08X}"
    where = f"{message.line}:{message.column}"
    row = _ROW.format(where=where, kind=message.kind.name, code=code, names=", ".join(names) or "-")
    if not look.fit or len(row) <= look.width:
        lines = [row]
    else:
        lines = [f"  {where:<10} {message.kind.name}"]
        room = look.width - _ROW_INDENT
        for cell in [code, *names] if names else [code, "-"]:
            cell = shorten(cell, room)  # noqa: PLW2901 - the cell as it fits
            if len(lines[-1]) + 2 + len(cell) <= look.width:
                lines[-1] += "  " + cell
            else:
                lines.append(" " * _ROW_INDENT + cell)
    problems = message.problems
    if problems:
        parts = [*problems.names]
        if problems.unknown_bits:
            parts.append(f"0x{problems.unknown_bits:08X}")
        indent = _ROW_INDENT
        if look.fit and max(map(len, parts)) > look.width - indent:
            indent = 2  # FLAG_SECURITY_CHANNEL_ERROR on a 40-column terminal
        lines.extend(look.wrap(" | ".join(parts), indent, code=YELLOW))
    return lines


class Summary:
    """What a helpdesk lead wants from a fleet's logs: counts per kind, name and flag.

    A plain class: an attrs class would be built (and its methods compiled) at every start of
    ``proxycert``, for the one subcommand that counts.
    """

    __slots__ = (
        "bytes",
        "errors",
        "files",
        "files_with_messages",
        "flags",
        "kinds",
        "messages",
        "names",
        "unknown_bits",
    )

    def __init__(self, *, files: int = 0) -> None:
        self.messages = 0
        self.files = files
        self.files_with_messages = 0
        self.bytes = 0
        self.kinds: collections.Counter[MessageKind] = collections.Counter()
        # (name, role): the proxy server if the message names one, else the target site, else
        # (None, None).  Message 4 names a target site, and often nothing else.
        self.names: collections.Counter[tuple[str | None, str | None]] = collections.Counter()
        self.flags: collections.Counter[str] = collections.Counter()
        self.unknown_bits = 0
        #: (input, reason) of each input that could not be read.
        self.errors: list[tuple[str, str]] = []

    def add(self, message: ErrorMessage) -> None:
        self.messages += 1
        self.kinds[message.kind] += 1
        if message.proxy_server is not None:
            self.names[message.proxy_server, "proxy_server"] += 1
        elif message.target_site is not None:
            self.names[message.target_site, "target_site"] += 1
        else:
            self.names[None, None] += 1
        problems = message.problems
        if problems is not None:
            self.flags.update(problems.names)
            self.unknown_bits += bool(problems.unknown_bits)

    def to_dict(self) -> dict[str, Any]:
        """The summary as ``scan --summary --json`` writes it; docs/json.md has its schema."""
        return {
            "files": self.files,
            "files_with_messages": self.files_with_messages,
            "bytes": self.bytes,
            "messages": self.messages,
            "kinds": [
                {"kind": int(kind), "kind_name": kind.name, "messages": count}
                for kind, count in _ranked(self.kinds, lambda kind: kind.name)
            ],
            "names": [
                {"name": None if name is None else json_text(name), "role": role, "messages": count}
                for (name, role), count in _ranked(self.names, _name_order)
            ],
            "flags": [
                {"flag": flag, "messages": count}
                for flag, count in _ranked(self.flags, lambda flag: flag)
            ],
            "messages_with_unknown_bits": self.unknown_bits,
            "errors": [{"file": json_text(file), "error": reason} for file, reason in self.errors],
        }


_T = TypeVar("_T")


def _ranked(counter: collections.Counter[_T], name: Callable[[_T], str]) -> list[tuple[_T, int]]:
    """Most frequent first, then by name: the order of the summary, human or JSON."""
    return sorted(counter.items(), key=lambda item: (-item[1], name(item[0])))


def _name_order(key: tuple[str | None, str | None]) -> str:
    return "" if key[0] is None else key[0]


_ROLES = {"proxy_server": "", "target_site": " (target site)"}


def summary_lines(summary: Summary) -> list[str]:
    """The summary of ``scan``: files and bytes read, then messages per kind, name and flag."""
    files = f"{plural(summary.files, 'file')} ({size(summary.bytes)} read)"
    if not summary.messages:
        return [f"no proxy certificate error message found in {files}"]
    lines = [f"{plural(summary.messages, 'message')} in {summary.files_with_messages} of {files}"]
    sections: list[tuple[str, list[tuple[str, int]]]] = [
        (
            "messages per kind",
            [
                (f"{kind.name} (message {int(kind)})", count)
                for kind, count in _ranked(summary.kinds, lambda kind: kind.name)
            ],
        ),
        (
            "messages per proxy server or target site",
            [
                ("(not named)" if name is None else visible(name) + _ROLES[str(role)], count)
                for (name, role), count in _ranked(summary.names, _name_order)
            ],
        ),
        ("messages per flag", _ranked(summary.flags, lambda flag: flag)),
    ]
    if summary.unknown_bits:
        sections[-1][1].append(("bits not named by KB 923575", summary.unknown_bits))
    for title, counts in sections:
        if counts:
            lines.append(f"  {title}")
            lines.extend(f"  {count:>7}  {name}" for name, count in counts)
    return lines


# --- flags -------------------------------------------------------------------------------------


def flag_table(flags: Sequence[CertProblem], look: Look) -> list[str]:
    """The reference table of ``flags``: each flag's names, meaning, numbers and resolutions.

    The numbers are those other tools report the same problem with: the WinHTTP error, the
    HRESULT, and the OpenSSL verify codes.
    """
    indent = 12
    lines: list[str] = []
    for number, flag in enumerate(flags):
        if number:
            lines.append("")
        lines.append(f"0x{int(flag):08X}  " + look.style(flag.names[0], BOLD))
        lines.extend(look.wrap(flag.winhttp_name, indent))
        lines.extend(look.wrap(flag.description, indent))
        numbers = f"WinHTTP error {flag.winhttp_error}, HRESULT 0x{flag.hresult:08X}"
        lines.extend(look.wrap(numbers, indent))
        lines.extend(look.wrap(_openssl_codes(flag), indent))
        for resolution in flag.resolutions:
            text = f"Points to resolution {int(resolution)}: {resolution.title}"
            lines.extend(look.wrap(text, indent))
    return lines


def located(label: str, source: str | None) -> str:
    """Where a message or part stands: the file, and the member or part inside it."""
    return label if source is None else f"{label}!{source}"


def unreadable(error: ContainerError) -> str:
    """The error line for a file, member or part that cannot be read."""
    return f"cannot read {error.source}: {error.reason}"


def part_line(label: str, source: str | None, containers: Sequence[str], decoding: str) -> str:
    """What ``scan --verbose`` says of each file, member or part: what it was read as.

    >>> part_line("bundle.zip", "logs/a.log.gz", ("zip", "gzip"), "utf-8 (valid UTF-8)")
    'proxycert: bundle.zip!logs/a.log.gz: zip, gzip; utf-8 (valid UTF-8)'
    """
    kinds = ", ".join(containers) or "plain"
    return f"{PROG}: {located(label, source)}: {kinds}; {decoding}"


def _openssl_codes(flag: CertProblem) -> str:
    codes = flag.openssl_verify_codes
    if not codes:
        return "OpenSSL verify codes: none"
    stated = ", ".join(str(n) for n in sorted(code.value for code in codes if not code.judgement))
    judged = ", ".join(str(n) for n in sorted(code.value for code in codes if code.judgement))
    if not judged:
        return f"OpenSSL verify codes {stated}"
    if not stated:
        return f"OpenSSL verify codes, by judgement: {judged}"
    return f"OpenSSL verify codes {stated} (by judgement: {judged})"


def flag_dict(flag: CertProblem) -> dict[str, Any]:
    """Every fact proxycert has for one flag, as ``flags --json`` writes it."""
    return {
        "value": int(flag),
        "value_hex": f"0x{int(flag):08X}",
        "name": flag.names[0],
        "winhttp_name": flag.winhttp_name,
        "description": flag.description,
        "winhttp_error": flag.winhttp_error,
        "winhttp_error_name": flag.winhttp_error_name,
        "wininet_error_name": flag.wininet_error_name,
        "hresult": flag.hresult,
        "hresult_hex": f"0x{flag.hresult:08X}",
        "resolutions": [resolution.to_dict() for resolution in flag.resolutions],
        "cryptoapi_codes": [code.to_dict() for code in flag.cryptoapi_codes],
        "openssl_verify_codes": [code.to_dict() for code in flag.openssl_verify_codes],
        "cert_trust_bits": [code.to_dict() for code in flag.cert_trust_bits],
    }
