"""proxycert's modules import each other without a cycle, counting imports inside functions.

A cycle works only while every import in it is lazy or ordered just so; the next edit breaks it.
The walk reads every ``import`` statement in the source, wherever it stands.
"""

from __future__ import annotations

import ast
import graphlib
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import proxycert

PACKAGE = Path(proxycert.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = ["proxycert", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(name: str, path: Path) -> set[str]:
    """The package's modules that *name* imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            # "from . import _crossref" imports a module; "from . import decode" a name.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found & set(MODULES)


GRAPH = {name: _imported(name, path) - {name} for name, path in MODULES.items()}


def test_the_walk_sees_the_imports() -> None:
    # The walk would pass vacuously if it resolved nothing: check what it knows to be there.
    assert "proxycert._flags" in GRAPH["proxycert._crossref"]
    assert "proxycert._crossref_tables" in GRAPH["proxycert._flags"]  # inside a function
    assert "proxycert._profile" in GRAPH["proxycert"]


def test_no_import_cycle() -> None:
    # A module's own package is left out: it is always initialised before the module runs.
    graph = {
        name: {m for m in imported if not name.startswith(m + ".")}
        for name, imported in GRAPH.items()
    }
    # CycleError names the modules of the cycle.
    tuple(graphlib.TopologicalSorter(graph).static_order())


def _fresh(code: str) -> str:
    """What *code* prints, run in a fresh interpreter (this one has loaded everything)."""
    done = subprocess.run(  # noqa: S603 - this interpreter, this test's own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_lazy_names_are_listed_where_they_are_defined() -> None:
    eager = {name for name in proxycert.__all__ if name in vars(proxycert)} - set(proxycert._LAZY)
    assert set(proxycert._LAZY) | eager | {"__version__"} == set(proxycert.__all__)
    for name, module in proxycert._LAZY.items():
        assert name in importlib.import_module(f"proxycert.{module}").__all__


@pytest.mark.parametrize(
    ("name", "modules"),
    [
        ("RelatedCode", "proxycert._crossref_tables"),
        # _profile's records are RelatedCodes; the lookups of _crossref stay unloaded.
        ("where_to_look", "proxycert._crossref_tables proxycert._profile"),
        ("from_hresult", "proxycert._crossref proxycert._crossref_tables"),
    ],
)
def test_a_lazy_name_loads_only_its_own_module(name: str, modules: str) -> None:
    loaded = _fresh(
        "import sys, proxycert\n"
        "before = set(sys.modules)\n"
        f"proxycert.{name}\n"
        "print(*sorted(m for m in set(sys.modules) - before if m.startswith('proxycert')))"
    )
    assert loaded == modules


def test_public_objects_name_proxycert_before_anyone_asks() -> None:
    # Imported from their own modules, never looked up through proxycert.
    names = _fresh(
        "from proxycert._crossref import from_hresult\n"
        "from proxycert._crossref_tables import RelatedCode\n"
        "from proxycert._profile import ProfileProperty\n"
        "print(from_hresult.__module__, RelatedCode.__module__, ProfileProperty.__module__)"
    )
    assert names == "proxycert proxycert proxycert"


def test_no_public_name_loads_typing_extensions_on_310_and_later() -> None:
    # Every public name is looked up, so that the lazily loaded modules count too.
    loaded = _fresh(
        "import sys, proxycert; [getattr(proxycert, name) for name in proxycert.__all__]; "
        "print('typing_extensions' in sys.modules)"
    )
    assert loaded == str(sys.version_info < (3, 10))
