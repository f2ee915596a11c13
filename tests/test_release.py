"""The release: an sdist and a wheel that twine accepts, and a wheel that installs and runs alone.

These tests build the package (``python -m build``: the sdist, then the wheel from the sdist,
which also proves the sdist complete), check both with ``twine check --strict``, look inside
them, and install the wheel into a fresh virtual environment, from which ``proxycert --version``
and ``proxycert decode 10`` must run.  They take some seconds and need the ``release``
dependency group, so they run only when ``PROXYCERT_RELEASE_TESTS=1``: ``make dist`` sets it (on
the dists it has just built, through ``PROXYCERT_DIST``) and so does ``make test-all`` (tox's
``release`` environment), which CI runs.
"""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

import proxycert

pytestmark = pytest.mark.release

ROOT = Path(__file__).resolve().parents[1]
VERSION = proxycert.__version__
SDIST = f"proxycert-{VERSION}.tar.gz"
WHEEL = f"proxycert-{VERSION}-py3-none-any.whl"
RUNTIME_DEPENDENCIES = {"attrs", "typing-extensions"}
# What a fresh venv holds besides proxycert and its dependencies, on one Python or another.
INSTALLER_PACKAGES = {"pip", "setuptools", "wheel"}


def run(command: Sequence[str | Path], cwd: Path | None = None) -> str:
    """Run *command*; its stdout, or a failure that shows all it printed."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} exited with {result.returncode}\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    return result.stdout


def _files(folder: str) -> list[Path]:
    """The files under *folder* of the checkout that git would keep (no caches)."""
    return [p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def _modules() -> set[str]:
    """The package's modules, subpackages included, relative to src/proxycert."""
    package = ROOT / "src" / "proxycert"
    return {p.relative_to(package).as_posix() for p in _files("src/proxycert") if p.suffix == ".py"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the sdist and wheel under test: PROXYCERT_DIST's, or built here."""
    given = os.environ.get("PROXYCERT_DIST")
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT])
    return out


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripts folder of a fresh venv in which only the wheel has been installed."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", venv])
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / "python"
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", dist / WHEEL])
    return scripts


def test_one_sdist_and_one_wheel_named_after_the_single_version(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir()) == sorted([SDIST, WHEEL])
    # The version is written in one place, and the build reads it from there.
    source = (ROOT / "src" / "proxycert" / "__init__.py").read_text(encoding="utf-8")
    assert re.findall(r'^__version__ = "([^"]+)"$', source, re.MULTILINE) == [VERSION]
    assert not re.search(r"^version\s*=", (ROOT / "pyproject.toml").read_text(), re.MULTILINE)


def test_twine_check_passes(dist: Path) -> None:
    output = run([sys.executable, "-m", "twine", "check", "--strict", dist / SDIST, dist / WHEEL])
    assert output.count("PASSED") == 2


def test_the_wheel_holds_the_package_and_nothing_else(dist: Path) -> None:
    with zipfile.ZipFile(dist / WHEEL) as wheel:
        names = set(wheel.namelist())
        info = f"proxycert-{VERSION}.dist-info"
        metadata = email.message_from_bytes(wheel.read(f"{info}/METADATA"))
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert {f"proxycert/{module}" for module in _modules()} <= names
    assert "proxycert/py.typed" in names
    assert "proxycert/cli/__init__.py" in names
    assert f"{info}/licenses/LICENSE" in names
    assert {name.split("/")[0] for name in names} == {"proxycert", info}
    assert metadata["Name"] == "proxycert"
    assert metadata["Version"] == VERSION
    assert metadata["Requires-Python"] == ">=3.9"
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])
    assert "Changelog" in " ".join(metadata.get_all("Project-URL", []))
    # The test, lint and release requirements are dependency groups, which are not published.
    assert not {"test", "lint", "release"} & set(metadata.get_all("Provides-Extra", []))
    # Only attrs and typing-extensions are needed at run time; everything else is an extra.
    required = [r for r in metadata.get_all("Requires-Dist", []) if "extra ==" not in r]
    assert {re.split(r"[<>=!~;\s\[]", r)[0].lower() for r in required} == RUNTIME_DEPENDENCIES
    assert re.search(r"^proxycert = proxycert\.cli:main$", entry_points, re.MULTILINE)


def test_the_sdist_holds_sources_tests_and_documents(dist: Path) -> None:
    with tarfile.open(dist / SDIST) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    expected = {"pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "src/proxycert/py.typed"}
    expected |= {f"src/proxycert/{module}" for module in _modules()}
    # The tests run from the sdist too, with the files they read.
    expected |= {f"tests/{p.relative_to(ROOT / 'tests').as_posix()}" for p in _files("tests")}
    expected |= {"docs/sources.md", "tox.ini"}
    assert expected <= names
    assert not {n for n in names if n.startswith((".venv", ".git/", "build/", "fuzz/corpus"))}


def test_the_installed_wheel_runs(installed: Path, tmp_path: Path) -> None:
    # From an empty folder, so that nothing of the checkout can be imported instead.
    version = run([installed / "proxycert", "--version"], cwd=tmp_path)
    assert VERSION in version
    decoded = run([installed / "proxycert", "decode", "10"], cwd=tmp_path)
    assert "FLAG_CERT_CN_INVALID" in decoded
    assert VERSION in run([installed / "python", "-m", "proxycert", "--version"], cwd=tmp_path)
    where = run(
        [installed / "python", "-c", "import proxycert; print(proxycert.__file__)"], cwd=tmp_path
    )
    assert "site-packages" in where
    assert not Path(where.strip()).is_relative_to(ROOT / "src")


def test_without_the_cert_extra_the_package_imports_and_cert_says_how_to_install_it(
    installed: Path, tmp_path: Path
) -> None:
    # The wheel alone brings no cryptography: the real absence, not a simulated one.
    advice = 'pip install "proxycert[cert]"'
    probe = (
        "import sys, proxycert\n"
        "assert 'cryptography' not in sys.modules\n"
        "try:\n    import proxycert.cert\nexcept ImportError as exc:\n    print(exc)\n"
    )
    assert advice in run([installed / "python", "-c", probe], cwd=tmp_path)
    (tmp_path / "proxy.pem").write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [str(installed / "proxycert"), "cert", "proxy.pem"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (3, "")
    assert advice in result.stderr
    assert "Traceback" not in result.stderr


def test_the_wheel_brings_only_its_two_dependencies(installed: Path, tmp_path: Path) -> None:
    listing = run(
        [
            installed / "python",
            "-c",
            "import importlib.metadata as m, json;"
            " print(json.dumps(sorted(d.metadata['Name'] for d in m.distributions())))",
        ],
        cwd=tmp_path,
    )
    names = {re.sub(r"[-_.]+", "-", name).lower() for name in json.loads(listing)}
    assert names - INSTALLER_PACKAGES == {"proxycert"} | RUNTIME_DEPENDENCIES
