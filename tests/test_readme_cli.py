"""README's command-line examples: each ``$ proxycert ...`` shows what the program writes.

Standard output and standard error are one stream here, as on a terminal; ``| head -N`` and
``; echo "exit status $?"`` are read as a shell would.
"""

from __future__ import annotations

import io
import re
import shlex
import sys
from pathlib import Path

import pytest
from tests.cli_fakes import FakeConsole

ROOT = Path(__file__).parent.parent
_HEAD = re.compile(r" \| head -(\d+)$")
_STATUS = '; echo "exit status $?"'


def examples() -> list[tuple[str, str]]:
    """Each command of README's console blocks, with the output shown under it."""
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```console\n(.*?)```", readme, re.DOTALL):
        for example in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            if example.startswith("$ proxycert "):
                command, _, output = example.partition("\n")
                found.append((command[2:], output))
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="the examples' paths are written with /")
@pytest.mark.parametrize(("command", "output"), examples(), ids=lambda value: value[:40])
def test_readme_shows_real_output(
    command: str, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    show_status = command.endswith(_STATUS)
    command = command.removesuffix(_STATUS)
    head = _HEAD.search(command)
    if head:
        command = command[: head.start()]
    stream = io.StringIO()
    fake = FakeConsole(stdout=stream, stderr=stream)
    status = fake.run(*shlex.split(command)[1:])
    lines = stream.getvalue().splitlines(keepends=True)
    written = "".join(lines[: int(head.group(1))] if head else lines)
    if show_status:
        written += f"exit status {status}\n"
    assert written == output


def test_every_command_has_an_example() -> None:
    commands = {shlex.split(command)[1] for command, _ in examples()}
    assert commands == {"parse", "decode", "scan", "flags"}
