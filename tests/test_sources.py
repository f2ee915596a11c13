"""docs/sources.md and the package cite the same sources: no id unexplained, none left over.

Source ids (``S-WHE``, ``S-MAPI-6622``) appear in ``RelatedCode.source`` values, comments and
docstrings.  The package's text is read as it stands, every ``.py`` file under the imported
``proxycert`` (src/ in a checkout, site-packages under tox), so modules may move or be renamed
without this test knowing about them.
"""

from __future__ import annotations

import re
from pathlib import Path

import proxycert

SOURCES = Path(__file__).resolve().parents[1] / "docs" / "sources.md"
PACKAGE = Path(proxycert.__file__).resolve().parent

# The notes' scheme: "S-", then upper-case words or numbers joined by hyphens.
SOURCE_ID = re.compile(r"\bS-[A-Z0-9]+(?:-[A-Z0-9]+)*\b")
# A row of one of sources.md's tables: "| S-ID | title | address |".
ROW = re.compile(r"^\| (?P<id>S-[A-Z0-9-]+) \| (?P<title>[^|]+) \| (?P<address>[^|]+) \|$")
RESERVED_HEADING = "## Reserved for the certificate check"


def _documented() -> tuple[dict[str, str], dict[str, str]]:
    """The ids of sources.md's two tables, each with its address: (used, reserved)."""
    used: dict[str, str] = {}
    reserved: dict[str, str] = {}
    table = used
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if line == RESERVED_HEADING:
            table = reserved
        row = ROW.match(line)
        if row:
            assert row["id"] not in used, f"{row['id']} is listed twice"
            assert row["id"] not in reserved, f"{row['id']} is listed twice"
            table[row["id"]] = row["address"].strip()
    return used, reserved


def _cited() -> dict[str, set[str]]:
    """Every id in the package's source text, with the files that cite it."""
    cited: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for source_id in SOURCE_ID.findall(path.read_text(encoding="utf-8")):
            cited.setdefault(source_id, set()).add(path.relative_to(PACKAGE).as_posix())
    return cited


def test_the_scan_finds_the_package_and_its_citations() -> None:
    # Guards the two tests below against passing on nothing: the KB is cited from the flags.
    assert "S-KB" in _cited()
    used, reserved = _documented()
    assert len(used) >= 20
    assert reserved


def test_every_cited_id_is_documented_as_used() -> None:
    used, _ = _documented()
    undocumented = {i: files for i, files in _cited().items() if i not in used}
    assert not undocumented, (
        "source ids cited in the package but not in the first table of docs/sources.md"
        f" (move reserved ones up): {undocumented}"
    )


def test_every_documented_id_is_cited() -> None:
    used, _ = _documented()
    assert not set(used) - set(_cited()), (
        "ids in docs/sources.md's first table that the package no longer cites:"
        " remove them, or move them to the reserved table with a reason"
    )


def test_every_source_has_an_address() -> None:
    used, reserved = _documented()
    for source_id, address in {**used, **reserved}.items():
        # A few sources are public copies the notes could not pin down; the page says so.
        assert address.startswith("http") or "did not resolve" in address, source_id
