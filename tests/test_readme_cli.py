"""README's command-line examples: each ``$ proxycert ...`` shows what the program writes.

Standard output and standard error are one stream here, as on a terminal; ``| head -N`` and
``; echo "exit status $?"`` are read as a shell would.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli_fakes import FakeConsole

ROOT = Path(__file__).parent.parent
_HEAD = re.compile(r" \| head -(\d+)$")
_STATUS = '; echo "exit status $?"'
# What a demo PKI made afresh changes from one run to the next: its dates and thumbprints.
_FRESH = re.compile(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}\b|\b[0-9A-F]{40}\b")


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
    command: str, output: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    if command.startswith("proxycert cert "):
        # The certificate example runs where `make demo` runs it: beside a fresh demo PKI and
        # the bundled paste as the ticket.
        monkeypatch.chdir(_demo_pki(tmp_path))
        output = _FRESH.sub("…", output)
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
    if command.startswith("proxycert cert "):
        written = _FRESH.sub("…", written)
    assert written == output


def _demo_pki(folder: Path) -> Path:
    subprocess.run(  # noqa: S603 - this interpreter, the repository's demo script
        [sys.executable, str(ROOT / "examples" / "make_demo_pki.py"), str(folder)],
        check=True,
        capture_output=True,
    )
    shutil.copy(ROOT / "examples" / "pasted-error.txt", folder / "ticket.txt")
    return folder


def test_every_command_has_an_example() -> None:
    commands = {shlex.split(command)[1] for command, _ in examples()}
    assert commands == {"parse", "decode", "scan", "flags", "cert"}
