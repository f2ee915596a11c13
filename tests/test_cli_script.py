"""The installed ``proxycert`` console script, run as a real process.

Everything else about the command line is tested in-process (``tests/test_cli.py``); only a
real process shows that the script is installed and that a pipe closed by its reader, as in
``proxycert scan big.log --json | head -1``, ends without a traceback.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def console_script() -> str:
    # The script installed next to the interpreter that runs the tests, so that another
    # proxycert on PATH is never the one tested.
    name = "proxycert.exe" if sys.platform == "win32" else "proxycert"
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.is_file() else shutil.which("proxycert")
    assert found is not None, "install the project (pip install -e .) to test its console script"
    return found


def test_console_script_scans_and_stops_quietly_when_the_pipe_closes(tmp_path: Path) -> None:
    message = (
        "ERROR There is a problem with the proxy server's security certificate,"
        " mail.contoso.com. The name on the security certificate is invalid or does not match"
        " the name of the site. Outlook is unable to connect to this server. (10)\n"
    )
    # About 1.3 MB of JSON Lines: far more than a pipe holds, so the script is still writing
    # when the reader goes.
    log = tmp_path / "big.log"
    log.write_text(message * 3000, encoding="utf-8")
    with subprocess.Popen(  # noqa: S603 - our own console script, with fixed arguments
        [console_script(), "scan", "--json", str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = json.loads(process.stdout.readline())
        process.stdout.close()  # what `head -1` does after its line
        errors = process.stderr.read()
        status = process.wait(timeout=60)
    assert (first["file"], first["line"], first["column"]) == (str(log), 1, 7)
    assert first["flags"] == ["FLAG_CERT_CN_INVALID"]
    assert (status, errors) == (141, b"")
