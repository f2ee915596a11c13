"""What every test run shares: hypothesis profiles, the release switch, and where proxycert is from."""

from __future__ import annotations

import os
import sys
import sysconfig
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import proxycert

# "default" is what `make test` and `make test-all` run.  Its deadline is longer than
# hypothesis's 200 ms because `make test-all` runs two interpreters at once on a two-core
# machine, and a timing that flakes fails the run; the benchmarks, not the deadline, guard speed.
settings.register_profile("default", deadline=timedelta(seconds=2), print_blob=True)
# "fuzz" is what `make fuzz` runs: many more examples, no deadline, the same properties.
settings.register_profile(
    "fuzz",
    max_examples=5_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# "ci" is what CI runs (it sets CI=true): the default profile with a fixed seed, so that a
# landing is never decided by the luck of one draw.  New inputs are explored by every developer
# run of `make test` and by `make fuzz`; what they find becomes an explicit @example.
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True)
# An unknown name raises here, so a typo cannot quietly run the default profile.
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "default")
)

# `make test-all` sets this: the suite must then run against an installed wheel, not src/.
_EXPECT_INSTALLED = "PROXYCERT_EXPECT_INSTALLED"
# `make dist` and `make test-all` set this to run the tests marked `release`.
_RELEASE_TESTS = "PROXYCERT_RELEASE_TESTS"


def pytest_report_header() -> str:
    return f"proxycert {proxycert.__version__} from {Path(proxycert.__file__).parent}"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get(_EXPECT_INSTALLED) == "1":
        _check_installed()


def _check_installed() -> None:
    """Stop the run unless proxycert is imported from this environment's site-packages."""
    package = Path(proxycert.__file__).resolve().parent
    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    if package.parent != site_packages:
        raise pytest.UsageError(
            f"{_EXPECT_INSTALLED}=1 but proxycert was imported from {package},"
            f" not from {site_packages}"
        )
    # Nothing earlier on sys.path may hold another copy (a src/ directory, an editable hook).
    shadows = [
        entry
        for entry in sys.path
        if (Path(entry or ".") / "proxycert").is_dir()
        and Path(entry or ".").resolve() != site_packages
    ]
    if shadows:
        raise pytest.UsageError(
            f"{_EXPECT_INSTALLED}=1 but sys.path also holds proxycert in {shadows}"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(_RELEASE_TESTS) == "1":
        return
    skip = pytest.mark.skip(
        reason=f"release test: builds and installs the package; set {_RELEASE_TESTS}=1"
        " (make dist and make test-all do)"
    )
    for item in items:
        if item.get_closest_marker("release") is not None:
            item.add_marker(skip)
