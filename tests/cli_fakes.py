"""A console over in-memory streams, to run the command line in-process and read what it wrote."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Callable

from proxycert import cli


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class TTYStdin(io.TextIOWrapper):
    """Standard input typed at a terminal: text over a binary buffer."""

    def isatty(self) -> bool:
        return True


class Ticks:
    """A clock that moves on by *step* seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


class FakeConsole:
    """The streams of one run, and the :class:`proxycert.cli.Console` over them.

    :param stdin: standard input's bytes, or None for no standard input at all.
    :param stdin_tty: standard input is a terminal (someone is to paste).
    :param stdout_tty: standard output is a terminal.
    :param stderr_tty: standard error is a terminal.
    :param one_terminal: standard output and standard error are one terminal.
    :param clock: the clock of the progress line; by default one that never moves on.
    """

    def __init__(
        self,
        stdin: bytes | None = b"",
        *,
        stdin_tty: bool = False,
        stdout_tty: bool = False,
        stderr_tty: bool = False,
        one_terminal: bool = False,
        environ: Mapping[str, str] | None = None,
        columns: int = 80,
        clock: Callable[[], float] | None = None,
        stdout: io.StringIO | io.TextIOWrapper | None = None,
        stderr: io.StringIO | io.TextIOWrapper | None = None,
    ) -> None:
        self.stdin = (
            None
            if stdin is None
            else (TTYStdin if stdin_tty else io.TextIOWrapper)(io.BytesIO(stdin), encoding="utf-8")
        )
        if stdout is None:
            stdout = FakeTTY() if stdout_tty or one_terminal else io.StringIO()
        if stderr is None:
            stderr = stdout if one_terminal else FakeTTY() if stderr_tty else io.StringIO()
        self.stdout, self.stderr = stdout, stderr
        self.console = cli.Console(
            stdin=self.stdin,
            stdout=self.stdout,
            stderr=self.stderr,
            environ=environ,
            columns=columns,
            clock=Ticks(0.0) if clock is None else clock,
        )

    @property
    def out(self) -> str:
        assert isinstance(self.stdout, io.StringIO)
        return self.stdout.getvalue()

    @property
    def err(self) -> str:
        assert isinstance(self.stderr, io.StringIO)
        return self.stderr.getvalue()

    def run(self, *argv: str) -> int:
        return cli.main(argv, console=self.console)


def run(*argv: str, stdin: bytes | None = b"", **options: object) -> tuple[int, str, str]:
    """Run ``proxycert *argv*`` on a fresh fake console: the status, standard output and error."""
    fake = FakeConsole(stdin, **options)  # type: ignore[arg-type]
    status = fake.run(*argv)
    return status, fake.out, fake.err
