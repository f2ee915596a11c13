"""The arguments of ``proxycert``: its parser, help texts and epilogs."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, cast

from ._codes import SYSTEMS
from ._exit import (
    CERT_EXIT_STATUS_HELP,
    DECODE_EXIT_STATUS_HELP,
    EXIT_STATUS_HELP,
    FLAGS_EXIT_STATUS_HELP,
    PARSE_EXIT_STATUS_HELP,
    SCAN_EXIT_STATUS_HELP,
)
from ._render import PROG

if TYPE_CHECKING:
    from datetime import datetime

    from ._console import Console

_DESCRIPTION = """\
Explain Outlook's "There is a problem with the proxy server's security
certificate" errors (Microsoft KB 923575): what the code means, what to do."""

_EPILOG = f"""\
examples:
  proxycert decode 10                      what Outlook's error code 10 means
  proxycert decode --from winhttp 12038    the same problem, as a WinHTTP error
  proxycert parse ticket.txt               explain the error pasted in a ticket
  proxycert parse                          paste the error, then Ctrl-D
  proxycert scan -r --glob "*.log" logs    every message in a folder of logs
  proxycert scan app.log --json            one JSON object per message
  proxycert scan --summary --json logs     counts per kind, name and flag
  proxycert flags                          the reference table of flags
  proxycert cert proxy.p7b --message-file ticket.txt
                                           which flags the proxy's certificate
                                           gives, and does the message agree

{EXIT_STATUS_HELP}"""

_DECODE_EPILOG = f"""\
how a CODE is read:
  A 0x prefix always means hexadecimal, and a leading sign always means decimal
  (a signed 32-bit value: -2147012858 is 0x80072F06).  Otherwise --base decides;
  its default depends on --from:
    outlook  16  the bitmask in Outlook's message: "10" is 0x10
    winhttp  10  a WinHTTP or WinINet error, such as 12038
    hresult  16  an HRESULT, such as 80072F06 or 800B010F
    openssl  10  an OpenSSL verify code (Python's verify_code), such as 62
    trust    16  a CERT_TRUST_STATUS.dwErrorStatus, such as 20

examples:
  proxycert decode 10 0x80000018
  proxycert decode --base 10 16
  proxycert decode --from hresult 0x800B010F
  proxycert decode --from openssl 62 --json
  proxycert decode "(Error Code 30)"

A code may be written as it stands in Outlook's message: (10), ( 10 ),
(Error Code 30) or Error code 30, in any case.  Each code is decoded on its
own: one that cannot be read is reported, and the others are still shown.
With --json, the output is always an array, one object per code decoded.

{DECODE_EXIT_STATUS_HELP}"""

_FILES_HELP = """\
how files are read:
  Compressed files (gzip, bzip2, xz) and zip archives are opened, whatever
  their names; each member of a zip is read.  Mail files (.eml, mbox) are read
  part by part: each text part (plain, HTML, or a text attachment), decoded.
  The encoding is detected: UTF-8, UTF-16 (as Notepad saves it, with or
  without a byte order mark), Windows-1252, Shift_JIS, EUC-JP and ISO-2022-JP;
  --encoding overrides it.  Outlook .msg files are not read: save the mail as
  .eml or as text."""

_PARSE_EPILOG = f"""\
examples:
  proxycert parse ticket.txt
  proxycert parse ticket-1.txt ticket-2.txt
  proxycert parse --all thread.eml
  proxycert parse --json ticket.txt

Each file is explained in turn: its first message, or every one with --all.
With --json, the output is always an array, one object per message, each with
"file" first.

{_FILES_HELP}

{PARSE_EXIT_STATUS_HELP}"""

_FLAGS_EPILOG = f"""\
For each flag: its value, its name in KB 923575, the WinHTTP constant of the
same value, Microsoft's one-line meaning, the WinHTTP error, HRESULT and
OpenSSL verify codes that report the same problem, and the KB resolution it
points to (proxycert's inference: the KB ties resolutions to messages, not to
flags).  With --json, an array of one object per flag, with every fact.

{FLAGS_EXIT_STATUS_HELP}"""

_SCAN_EPILOG = f"""\
A directory is scanned for the files in it whose names match --glob (all files
by default; "*.log" matches OUTLOOK.LOG too, on every system), and with
--recursive for those in its subdirectories too.  Files named on the command
line are always scanned.  Standard error gets a summary: messages per kind, per
proxy server or target site, and per flag; --summary writes it alone, to
standard output.

examples:
  proxycert scan outlook.log
  proxycert scan -r --glob "*.log" --glob "*.txt" C:\\Logs
  proxycert scan -r logs --json > messages.jsonl
  proxycert scan -r logs --summary --json
  proxycert scan --verbose support-bundle.zip

{_FILES_HELP}

A corrupt archive, or a member that cannot be read, is an error for that file
alone: the scan goes on, and the exit status is 2.

{SCAN_EXIT_STATUS_HELP}"""


_CERT_EPILOG = f"""\
The first FILE holds the proxy's certificate (PEM, DER .cer, .p7b or .pfx;
text pasted from openssl s_client -showcerts works too); more FILEs hold
intermediates.  The flags are predicted by Windows' rules (KB 258858 names,
SAN before CN, SHA-1 accepted), offline: revocation, the TLS channel and the
client's own stores are never checked.  A password is never taken from the
command line.

examples:
  proxycert cert proxy.p7b --proxy mail.contoso.com
  proxycert cert leaf.cer issuing-ca.cer --message-file ticket.txt
  proxycert cert proxy.pfx --password-env PFX_PASSWORD --trust roots.pem --json
  proxycert cert chain.pem --principal msstd:mail.contoso.com --at 2026-11-03T09:12Z

{CERT_EXIT_STATUS_HELP}"""


class ParserExit(Exception):  # noqa: N818 - not an error: --help and --version end this way too
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """An argument parser that writes to the console and returns instead of calling sys.exit."""

    def __init__(self, *args: Any, console: Console, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.console = console

    def print_help(self, file: Any = None) -> None:
        self.show(self.format_help())

    def error(self, message: str) -> NoReturn:
        self.console.write_stderr(self.format_usage())
        self.console.error(message, prog=self.prog)
        raise ParserExit(2)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.console.write_stderr(message)
        raise ParserExit(status)

    def show(self, text: str) -> None:
        """Write *text* to the console's standard output, as argparse writes help."""
        self.console.write(text)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs as laid out by hand, but wrapped where wider than the terminal.

    A paragraph of prose is filled anew; an indented line goes on under its own text, or under
    its second column (an example's explanation, an exit status's meaning).
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import itertools
        import textwrap

        def wrap(line: str, hang: int) -> list[str]:
            return textwrap.wrap(
                line,
                width,
                initial_indent=indent,
                subsequent_indent=indent + " " * hang,
                break_long_words=False,
                break_on_hyphens=False,
            )

        lines: list[str] = []
        # A paragraph of prose (lines at the margin) is filled anew; an indented line (an
        # example, an exit status) is wrapped on its own.
        for prose, group in itertools.groupby(text.splitlines(), key=lambda line: line[:1] > " "):
            block = list(group)
            if all(len(indent + line) <= width for line in block):
                lines.extend(indent + line for line in block)
            elif prose:
                lines.extend(wrap(" ".join(block), 0))
            else:
                for line in block:
                    fits = len(indent + line) <= width
                    lines.extend([indent + line] if fits else wrap(line, _hang(line, width)))
        return "\n".join(lines)


def _hang(line: str, width: int) -> int:
    """Where a wrapped line of an epilog goes on: under its second column, else its start.

    A second column too close to the right edge to hold a few words is given up.
    """
    start = len(line) - len(line.lstrip())
    gap = line.find("  ", start)
    if start and 0 < gap <= _SECOND_COLUMN:
        second = len(line) - len(line[gap:].lstrip())
        if width - second >= _ROOM:
            return second
    return start + 2 if start else 0


# The second column of the epilogs starts at most this far in (after an example command), and
# is kept on a terminal where it leaves this much room.
_SECOND_COLUMN = 44
_ROOM = 24


class _ShowVersion(argparse.Action):
    """``--version``, written to the console's standard output."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from .. import __version__

        # Only a _Parser has this action.
        cast("_Parser", parser).show(f"{parser.prog} {__version__}\n")
        parser.exit()


def parse_args(argv: Sequence[str] | None, console: Console) -> argparse.Namespace:
    """The parsed arguments; ``args.command`` names the subcommand.

    :raises ParserExit: after ``--help``, ``--version`` or a usage error, which the parser has
        written out.
    """
    parser, subparsers = _parser(console)
    args, extras = parser.parse_known_args(argv)
    if extras:
        # As argparse would say it, but with the usage of the subcommand that was given them.
        subparsers[args.command].error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def _parser(console: Console) -> tuple[_Parser, dict[str, _Parser]]:
    def formatter(*, prog: str) -> argparse.HelpFormatter:
        # argparse's own width (the terminal's, less 2), from the console: argparse would ask
        # shutil, whose import costs more than the rest of `proxycert --version`.
        return _Formatter(prog, width=console.columns - 2)

    parser = _Parser(
        prog=PROG,
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=formatter,
        allow_abbrev=False,
        console=console,
    )
    parser.add_argument("-V", "--version", action=_ShowVersion)
    # prog given, argparse need not build a help formatter (and import shutil) to work it out.
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True, prog=PROG)
    subparsers: dict[str, _Parser] = {}

    def command(name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
        subparser = commands.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=epilog,
            formatter_class=formatter,
            allow_abbrev=False,
            console=console,
        )
        # main() runs the handler of this name.
        subparser.set_defaults(command=name)
        subparsers[name] = subparser
        return subparser

    decode_ = command("decode", "explain certificate problem codes", _DECODE_EPILOG)
    decode_.add_argument("codes", nargs="+", metavar="CODE", help="a code, as written")
    decode_.add_argument(
        "--from",
        dest="system",
        choices=list(SYSTEMS),
        default="outlook",
        help="the system the codes come from (default: outlook, the code in Outlook's message)",
    )
    decode_.add_argument(
        "--base",
        type=int,
        choices=(16, 10),
        help="read codes without 0x prefix or sign in this base (default: see below)",
    )
    _add_json(decode_, "an array, one object per code")

    parse = command("parse", "explain the first error message in pasted texts", _PARSE_EPILOG)
    parse.add_argument(
        "files",
        nargs="*",
        default=["-"],
        metavar="FILE",
        help="a text: a file, or - for standard input (the default)",
    )
    parse.add_argument("--all", action="store_true", help="every message, not only the first")
    _add_encoding(parse)
    _add_json(parse, "an array, one object per message")

    scan = command("scan", "list every error message in log files", _SCAN_EPILOG)
    scan.add_argument(
        "paths",
        nargs="*",
        default=["-"],
        metavar="PATH",
        help="a file, a directory, or - for standard input (the default)",
    )
    scan.add_argument(
        "-r", "--recursive", action="store_true", help="scan subdirectories of directories too"
    )
    scan.add_argument(
        "--glob",
        dest="globs",
        action="append",
        metavar="PATTERN",
        help='in directories, scan only files whose names match PATTERN, such as "*.log",'
        " in any case (repeat it for several patterns; default: all files)",
    )
    scan.add_argument(
        "--summary",
        action="store_true",
        help="write only the summary, to standard output (one JSON object with --json)",
    )
    scan.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say on standard error, for each file, member and mail part, what it was read as:"
        " its containers and its encoding",
    )
    _add_encoding(scan)
    _add_json(scan, "JSON Lines: one object per message")

    flags = command("flags", "show the reference table of the KB's flags", _FLAGS_EPILOG)
    _add_json(flags, "an array, one object per flag")
    _add_cert(command("cert", "predict the flags a certificate gives, offline", _CERT_EPILOG))
    return parser, subparsers


def _add_encoding(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding",
        type=_encoding,
        metavar="NAME",
        help="the encoding of text that does not declare its own, such as cp1252 or"
        " shift_jis (default: detected)",
    )


def _encoding(name: str) -> str:
    """*name* as a codec name, or the usage error that --encoding NAME is."""
    from .._encodings import check_encoding

    try:
        return check_encoding(name)
    except LookupError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_cert(cert: argparse.ArgumentParser) -> None:
    cert.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="the certificate (- reads a paste from standard input), then any intermediates",
    )
    name = cert.add_mutually_exclusive_group()
    name.add_argument("--proxy", metavar="HOST", help="the proxy name (a host, IP address or URL)")
    name.add_argument(
        "--message", metavar="TEXT", help="Outlook's message: names the proxy, gives the code"
    )
    name.add_argument(
        "--message-file", metavar="PATH", help="the same, from a file (- for standard input)"
    )
    cert.add_argument(
        "--principal",
        metavar="msstd:NAME",
        help="the profile's principal name (msstd: or fullsic:)",
    )
    cert.add_argument(
        "--trust",
        default="system",
        metavar="system|none|PATH",
        help="the trust store: this machine's (default; the client's may differ), none, or a"
        " PEM bundle",
    )
    cert.add_argument(
        "--at",
        type=_time,
        metavar="ISO-8601",
        help="the time of the error, such as 2026-11-03T09:12Z (default: now; UTC if no offset)",
    )
    password = cert.add_mutually_exclusive_group()
    password.add_argument("--password-env", metavar="VAR", help="a .pfx password, from VAR")
    password.add_argument(
        "--password-file", metavar="PATH", help="a .pfx password, from the first line of PATH"
    )
    password.add_argument(
        "--ask-password", action="store_true", help="ask for the .pfx password at the terminal"
    )
    _add_json(cert, "one object")


def _time(text: str) -> datetime:
    """*text* as an aware time (UTC when it gives no offset), or the usage error --at is."""
    from datetime import datetime, timezone

    try:
        # Python 3.9 and 3.10 read no "Z".
        at = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO-8601 time such as 2026-11-03T09:12Z, not {text!r}"
        ) from None
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


def _add_json(parser: argparse.ArgumentParser, shape: str) -> None:
    parser.add_argument(
        "--json", action="store_true", help=f"write JSON to standard output ({shape})"
    )
