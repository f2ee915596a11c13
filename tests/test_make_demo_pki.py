"""examples/make_demo_pki.py: the demo's PKI gives the pasted error's certificate problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.certs import refuse_sockets  # noqa: F401 - autouse: no socket in any check

from proxycert.cert import check_certificate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, the repository's own example
        [sys.executable, str(EXAMPLES / "make_demo_pki.py"), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_demo_chain_is_expired_and_mismatched_as_the_paste_says(tmp_path: Path) -> None:
    result = _run(tmp_path / "pki")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "root", str(tmp_path / "pki" / "root.pem"),
        "chain", str(tmp_path / "pki" / "proxy-chain.pem"),
        "p7b", str(tmp_path / "pki" / "proxy-chain.p7b"),
    ]  # fmt: skip
    paste = (EXAMPLES / "pasted-error.txt").read_text(encoding="utf-8")
    for name in ("proxy-chain.pem", "proxy-chain.p7b"):
        check = check_certificate(
            tmp_path / "pki" / name, message=paste, trust=tmp_path / "pki" / "root.pem"
        )
        assert check.flags == 0x30
        assert check.comparison is not None
        assert check.comparison.consistent


def test_usage() -> None:
    result = _run()
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: python examples/make_demo_pki.py OUTDIR")
