"""proxycert's command line: ``proxycert decode``, ``parse``, ``scan``, ``flags`` and ``cert``.

The console script ``proxycert`` and ``python -m proxycert`` both call :func:`main`.  Human
output goes to standard output, fits an 80-column terminal and is coloured only on a terminal
without ``NO_COLOR``; ``--json`` writes JSON, and nothing else, to standard output.  Summaries,
progress and errors go to standard error.

The package's modules: ``_args`` (the parser), ``_exit`` (the exit statuses), ``_console``
(the streams, colour and width: one object, given to every handler), ``_inputs`` (files,
standard input, progress), ``_codes`` (how ``decode`` reads a code), ``_text`` (escapes that
make input safe to show on a terminal or in JSON), ``_render`` (pure functions from data to
lines and JSON) and ``_commands`` (the handlers).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._console import Console, OutputError
from ._exit import BROKEN_PIPE, ERROR, FOUND, INTERRUPTED, NOT_FOUND

__all__ = ["BROKEN_PIPE", "ERROR", "FOUND", "INTERRUPTED", "NOT_FOUND", "Console", "main"]


def main(argv: Sequence[str] | None = None, *, console: Console | None = None) -> int:
    """Run the ``proxycert`` command line and return its exit status.

    :param argv: the arguments, without the program name; ``sys.argv[1:]`` by default.
    :param console: where input comes from and output goes, and how it looks;
        :meth:`Console.from_sys` (the process's standard streams and terminal) by default.
    :returns: ``0`` when a message was found or every code was decoded, ``1`` when no message
        was found, ``2`` on a usage error, an invalid or unknown code, a file that cannot be
        read or output that cannot be written, ``130`` on Ctrl-C and ``141`` when standard
        output was closed early.
        ``cert`` answers another question: ``0`` no problem predicted, ``1`` problems
        predicted or a message that disagrees, ``2`` an input error, ``3`` no ``cert`` extra.

    >>> import io, json
    >>> out = io.StringIO()
    >>> main(["decode", "--json", "10", "(Error Code 8)"], console=Console(stdout=out))
    0
    >>> [item["flags"] for item in json.loads(out.getvalue())]
    [['FLAG_CERT_CN_INVALID'], ['FLAG_INVALID_CA']]
    """
    from ._args import ParserExit, parse_args

    if console is None:
        console = Console.from_sys()
    try:
        try:
            args = parse_args(argv, console)
        except ParserExit as exit_:
            status = exit_.status
        else:
            # The handlers load only once a subcommand needs one: --version and --help need none.
            from ._commands import COMMANDS

            status = COMMANDS[args.command](args, console)
        # A closed pipe or a full disk shows at the latest here, where it can be handled, rather than in the
        # interpreter's final flush, which would print a traceback.
        console.flush()
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        console.lose_stdout()
        return BROKEN_PIPE
    except OutputError as exc:
        # Not "no message found" (1): the output is incomplete, and says nothing.
        console.lose_stdout()
        console.error(f"cannot write to standard output: {exc.reason}")
        return ERROR
    return status
