"""The program: its entry points, ``--help``, ``--version`` and usage errors."""

from __future__ import annotations

import ast
import importlib
import json
import runpy
import subprocess
import sys

import pytest
from tests.cli_fakes import FakeConsole, run

import proxycert
from proxycert import cli


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


# --- the program -------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["-V", "--version"])
def test_version(option: str) -> None:
    assert run(option) == (0, f"proxycert {proxycert.__version__}\n", "")


def test_help_has_commands_examples_and_exit_statuses() -> None:
    status, out, err = run("--help")
    assert (status, err) == (0, "")
    assert out.startswith("usage: proxycert [-h] [-V] COMMAND ...\n")
    for text in ("decode", "parse", "scan", "flags", "examples:", "exit status:", "130", "141"):
        assert text in out
    assert widest(out) <= 80


@pytest.mark.parametrize(
    ("command", "statuses"),
    [
        ("decode", [0, 2, 130, 141]),
        ("parse", [0, 1, 2, 130, 141]),
        ("scan", [0, 1, 2, 130, 141]),
        ("flags", [0, 2, 130, 141]),
    ],
)
def test_command_help_lists_only_its_own_exit_statuses(command: str, statuses: list[int]) -> None:
    status, out, err = run(command, "--help")
    assert (status, err) == (0, "")
    assert out.startswith(f"usage: proxycert {command} ")
    documented = out.split("exit status:\n", 1)[1].splitlines()
    assert [int(line.split()[0]) for line in documented if line[2] != " "] == statuses
    assert widest(out) <= 80


@pytest.mark.parametrize("columns", [40, 50, 60, 200])
@pytest.mark.parametrize("argv", [(), ("decode",), ("parse",), ("scan",), ("flags",), ("cert",)])
def test_help_is_wrapped_to_the_terminal(argv: tuple[str, ...], columns: int) -> None:
    status, out, _ = run(*argv, "--help", columns=columns)
    assert status == 0
    # argparse leaves an option with its choices ({outlook,...}) whole, and a word is never
    # broken; all else fits.
    for line in out.split("\n\n", 1)[1].splitlines():
        assert len(line) <= columns - 2 or " " not in line.strip() or "{" in line


def test_help_wraps_examples_under_their_explanation() -> None:
    _, out, _ = run("--help", columns=72)
    assert (
        "  proxycert decode --from winhttp 12038    the same problem, as a\n"
        "                                           WinHTTP error\n"
    ) in out
    # Too narrow for a second column: the explanation goes on under the command.
    _, out, _ = run("--help", columns=60)
    assert (
        "  proxycert decode --from winhttp 12038    the same\n    problem, as a WinHTTP error\n"
    ) in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # No command at all.
        ((), "the following arguments are required: COMMAND"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
    ],
)
def test_usage_errors(argv: tuple[str, ...], message: str) -> None:
    status, out, err = run(*argv)
    assert (status, out) == (2, "")
    assert err.startswith("usage: proxycert [-h] [-V] COMMAND ...\n")
    assert err.splitlines()[-1].startswith("proxycert: error: ")
    assert message in err.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("decode",), "the following arguments are required: CODE"),
        # Newer Pythons quote the value ('8'), older ones do not (8).
        (("decode", "--base", "8", "10"), "argument --base: invalid choice: "),
        (("decode", "--from", "x509", "10"), "argument --from: invalid choice: 'x509'"),
        (("decode", "--bogus", "10"), "unrecognized arguments: --bogus"),
        # Abbreviated options are refused, so that new options never change what they mean.
        (("decode", "--js", "10"), "unrecognized arguments: --js"),
        (("flags", "extra"), "unrecognized arguments: extra"),
        (("parse", "a.txt", "--bogus", "b.txt"), "unrecognized arguments: --bogus"),
        (("scan", "--glob"), "argument --glob: expected one argument"),
    ],
)
def test_usage_errors_show_the_usage_of_the_subcommand(argv: tuple[str, ...], message: str) -> None:
    status, out, err = run(*argv)
    assert (status, out) == (2, "")
    assert err.startswith(f"usage: proxycert {argv[0]} [-h]")
    assert err.splitlines()[-1].startswith(f"proxycert {argv[0]}: error: ")
    assert message in err.splitlines()[-1]


def test_usage_errors_escape_what_the_user_typed() -> None:
    status, _, err = run("frobnicate\x1b[2J")
    assert status == 2
    assert "\x1b" not in err
    assert "invalid choice: 'frobnicate\\x1b[2J'" in err


def test_main_reads_sys_argv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["proxycert", "decode", "--json", "8"])
    fake = FakeConsole()
    assert cli.main(console=fake.console) == 0
    assert json.loads(fake.out)[0]["flags"] == ["FLAG_INVALID_CA"]


# The two tests below run the program as `python -m proxycert` does, on the process's own
# streams (the default console), which pytest captures.


def test_python_dash_m(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["proxycert", "--version"])
    monkeypatch.delitem(sys.modules, "proxycert.__main__", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("proxycert", run_name="__main__")
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"proxycert {proxycert.__version__}\n"


def test_importing_dunder_main_runs_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "proxycert.__main__", raising=False)
    module = importlib.import_module("proxycert.__main__")
    monkeypatch.delitem(sys.modules, "proxycert.__main__")
    assert module.main is cli.main
    assert capsys.readouterr() == ("", "")


def test_the_default_console_is_the_process_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    console = cli.Console.from_sys()
    assert (console.stdin, console.stdout, console.stderr) == (sys.stdin, sys.stdout, sys.stderr)
    # The tests' standard output is no terminal; COLUMNS says 80.
    assert (console.look.colour, console.look.width, console.columns) == (False, 79, 80)


def test_help_follows_the_terminal_width() -> None:
    _, wide, _ = run("decode", "--help", columns=200)
    _, narrow, _ = run("decode", "--help", columns=60)
    # argparse wraps the usage to the width less 2; the epilogs are laid out by hand.
    usage_wide, usage_narrow = wide.split("\n\n")[0], narrow.split("\n\n")[0]
    assert usage_wide.count("\n") == 0 < usage_narrow.count("\n")


def test_exit_statuses_are_named_and_documented() -> None:
    statuses = (cli.FOUND, cli.NOT_FOUND, cli.ERROR, cli.INTERRUPTED, cli.BROKEN_PIPE)
    assert statuses == (0, 1, 2, 130, 141)
    _, out, _ = run("--help")
    documented = out.split("exit status:\n", 1)[1].splitlines()
    # A meaning too long for the line goes on under itself, not under the status.
    # proxycert cert also exits 3 when its extra is not installed.
    assert [int(line.split()[0]) for line in documented if line[2] != " "] == [0, 1, 2, 3, 130, 141]
    assert "problems are predicted" in " ".join(out.split())


# What each invocation must not load, checked in a fresh interpreter: start-up is what a
# helpdesk command costs most.  (What proxycert/__init__.py loads is its own business.)
NOT_LOADED = {
    ("--version",): {
        "proxycert.cli._commands",
        "proxycert.cli._inputs",
        "proxycert._crossref",
        "proxycert._profile",
        "json",
        "shutil",
        "textwrap",
    },
    ("decode", "10"): {"proxycert.cli._inputs", "proxycert._crossref", "proxycert._profile"},
    ("decode", "--json", "10"): {"proxycert.cli._inputs", "proxycert._crossref", "textwrap"},
}


@pytest.mark.parametrize("argv", list(NOT_LOADED))
def test_each_subcommand_loads_only_what_it_uses(argv: tuple[str, ...]) -> None:
    script = (
        "import io, sys\n"
        "from proxycert.cli import Console, main\n"
        "main(sys.argv[1:], console=Console(stdout=io.StringIO()))\n"
        "sys.__stdout__.write(repr(sorted(sys.modules)))\n"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, this test's own script
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True
    )
    loaded = set(ast.literal_eval(result.stdout))
    assert loaded & NOT_LOADED[argv] == set()


def test_the_parser_exits_by_raising_after_writing_its_message() -> None:
    from proxycert.cli._args import ParserExit, _parser

    fake = FakeConsole()
    parser, _ = _parser(fake.console)
    with pytest.raises(ParserExit) as info:
        parser.exit(3, "proxycert: bye\n")
    assert (info.value.status, fake.err) == (3, "proxycert: bye\n")
    with pytest.raises(ParserExit):
        parser.exit()
    assert fake.err == "proxycert: bye\n"
