"""README's "How the code is organised" names every module of the package, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import proxycert

README = Path(__file__).resolve().parents[1] / "README.md"
PACKAGE = Path(proxycert.__file__).resolve().parent
# A row of the section's table: "| `cli/_args.py` | ... |".
ROW = re.compile(r"^\| `(?P<module>[\w/]+\.py)` \|", re.MULTILINE)


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### How the code is organised")
    end = text.index("\n#", start + 1)
    return text[start:end]


def test_readme_lists_every_module_once() -> None:
    listed = [row["module"] for row in ROW.finditer(_section())]
    assert len(listed) == len(set(listed)), "a module is listed twice"
    on_disk = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__main__.py" and path.relative_to(PACKAGE).as_posix() != "__init__.py"
    }
    assert set(listed) == on_disk
