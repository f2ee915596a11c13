"""The exit statuses of ``proxycert``, as the ``--help`` epilogs and README document them."""

from __future__ import annotations

#: A message was found, or every code was decoded.
FOUND = 0
#: No message was found.
NOT_FOUND = 1
#: A usage error, an invalid or unknown code, an input that cannot be read, or output that
#: cannot be written.
ERROR = 2
# 128 + the signal number, as a shell reports a program that SIGINT or SIGPIPE ended.
#: Interrupted by Ctrl-C.
INTERRUPTED = 130
#: Standard output was closed early, as ``proxycert scan ... | head`` does.
BROKEN_PIPE = 141


def _help(*statuses: tuple[int, str]) -> str:
    """An epilog's list of exit statuses: those the command can return, and what each means."""
    common = (
        (INTERRUPTED, "interrupted (Ctrl-C)"),
        (BROKEN_PIPE, "standard output was closed early (proxycert ... | head)"),
    )
    return "exit status:\n" + "\n".join(
        f"  {status:<3}  {meaning}" for status, meaning in (*statuses, *common)
    )


_OUTPUT = "or output that cannot be written"

DECODE_EXIT_STATUS_HELP = _help(
    (FOUND, "every code was decoded"),
    (
        ERROR,
        f"usage error, a code that cannot be read or names no flag (the others are decoded), {_OUTPUT}",
    ),
)
PARSE_EXIT_STATUS_HELP = _help(
    (FOUND, "a message was found in every input"),
    (NOT_FOUND, "some input held no message"),
    (ERROR, f"usage error, an input that cannot be read, {_OUTPUT}"),
)
SCAN_EXIT_STATUS_HELP = _help(
    (FOUND, "a message was found"),
    (NOT_FOUND, "no message was found"),
    (ERROR, f"usage error, an input that cannot be read (the others are scanned), {_OUTPUT}"),
)
FLAGS_EXIT_STATUS_HELP = _help(
    (FOUND, "the table was written"),
    (ERROR, f"usage error, {_OUTPUT}"),
)

# `proxycert cert` answers another question, so its statuses read differently.
#: No problem is predicted, and the message, if any, agrees.
CERT_OK = 0
#: Problems are predicted, or the message disagrees with the prediction.
CERT_PROBLEM = 1
#: The optional ``cert`` extra (cryptography) is not installed.
NO_EXTRA = 3

CERT_EXIT_STATUS_HELP = _help(
    (CERT_OK, "no problem is predicted, and the message (if any) agrees"),
    (CERT_PROBLEM, "problems are predicted, or the message disagrees"),
    (ERROR, f"usage error, or a certificate, store or message that cannot be read, {_OUTPUT}"),
    (NO_EXTRA, 'the cert extra is not installed: pip install "proxycert[cert]"'),
)

#: The program's exit statuses, every command's together.
EXIT_STATUS_HELP = _help(
    (FOUND, "a message was found, every code was decoded, or (cert) no problem is predicted"),
    (NOT_FOUND, "no message was found, or (cert) problems are predicted"),
    (ERROR, f"usage error, invalid or unknown code, an input that cannot be read, {_OUTPUT}"),
    (NO_EXTRA, '(cert) its extra is not installed: pip install "proxycert[cert]"'),
)
