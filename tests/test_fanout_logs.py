"""examples/fanout_logs.py: the process-pool fan-out counts what a serial scan finds."""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

from proxycert import ErrorMessage, MessageKind, scan_file

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "fanout_logs.py"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, the repository's own example
        [sys.executable, str(EXAMPLE), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _logs(folder: Path) -> list[Path]:
    """A small fleet's logs: several kinds, encodings and folders, and files with no message."""
    messages = [
        ErrorMessage(MessageKind.NAME_MISMATCH, proxy_server="mail.contoso.com", code=0x10),
        ErrorMessage(MessageKind.UNTRUSTED_CA, proxy_server="mail.contoso.com", code=0x8),
        ErrorMessage(MessageKind.CERTIFICATE_PROBLEM, proxy_server="owa.fabrikam.com", code=0x20),
        ErrorMessage(MessageKind.TARGET_SITE_MISMATCH, target_site="outlook.office365.com", code=0),
        ErrorMessage(MessageKind.NAME_MISMATCH, proxy_server="mail.contoso.com", language="ja"),
    ]
    paths = []
    for number in range(12):
        path = folder / f"pc{number % 3}" / f"outlook-{number}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"09:{n:02}:00 INFO sync\n" for n in range(number)]
        lines += [f"09:59:00 ERROR {m.render()}\n" for m in messages[: number % 6]]
        path.write_bytes("".join(lines).encode("utf-16" if number % 4 == 0 else "utf-8"))
        paths.append(path)
    (folder / "pc0" / "notes.txt").write_text(messages[0].render(), encoding="utf-8")
    return paths


def test_fanout_counts_what_a_serial_scan_finds(tmp_path: Path) -> None:
    paths = _logs(tmp_path)
    serial = collections.Counter(m.kind for path in paths for m in scan_file(path))
    assert len(serial) == 4

    result = _run(tmp_path, "--glob", "*.log", "--workers", "2")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    with_messages = sum(1 for path in paths if list(scan_file(path)))
    assert lines[0] == f"{sum(serial.values())} messages in {with_messages} of {len(paths)} files"
    counts = {
        MessageKind[name]: int(count)
        for name, count in re.findall(r"^\s+\d (\w+)\s+(\d+)\s+resolution", result.stdout, re.M)
    }
    assert counts == {kind: serial[kind] for kind in MessageKind}


def test_fanout_of_a_folder_without_messages(tmp_path: Path) -> None:
    (tmp_path / "quiet.log").write_text("nothing happened\n", encoding="utf-8")
    result = _run(tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("0 messages in 0 of 1 files")
