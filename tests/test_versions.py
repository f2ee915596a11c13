"""How CertProblem behaves on each supported Python: what differs, and what proxycert keeps the same.

``enum.IntFlag`` was rewritten in CPython 3.11: iterating over a combined value, ``len()``,
``str()``, ``repr()``, ``.name``, ``~`` and the constructor's handling of negative numbers all
changed, and 3.12 changed ``in`` on the class (CertProblem makes ``~`` and the constructor the
same everywhere).  The tests below pin each behaviour per version,
so that a new Python release that changes one again fails here first.  The portable interface
(:attr:`CertProblem.flags`, :attr:`~CertProblem.names`, :attr:`~CertProblem.unknown_bits` and
the other properties) is checked against one table on every version: `make test-all` runs this
file on CPython 3.9 to 3.13, so passing everywhere means identical everywhere.
"""

from __future__ import annotations

import copy
import pickle
import sys
import warnings
from typing import Any

import pytest

from proxycert import CertProblem, Resolution, decode

F = CertProblem
CA, CN, DATE, SCHANNEL = (
    F.FLAG_INVALID_CA,
    F.FLAG_CERT_CN_INVALID,
    F.FLAG_CERT_DATE_INVALID,
    F.FLAG_SECURITY_CHANNEL_ERROR,
)

# The rewritten enum module (bpo-44559 and gh-91967 onward) shipped in CPython 3.11.
NEW_ENUM = sys.version_info >= (3, 11)
# CPython 3.12 made `value in EnumClass` answer instead of raising TypeError (gh-88123).
CLASS_CONTAINS_VALUES = sys.version_info >= (3, 12)

ALL_NAMES = (
    "FLAG_CERT_REV_FAILED",
    "FLAG_INVALID_CERT",
    "FLAG_CERT_REVOKED",
    "FLAG_INVALID_CA",
    "FLAG_CERT_CN_INVALID",
    "FLAG_CERT_DATE_INVALID",
    "FLAG_CERT_WRONG_USAGE",
    "FLAG_SECURITY_CHANNEL_ERROR",
)

# The portable interface, value by value: (value, names, unknown_bits, winhttp_name's parts,
# resolution numbers).  These must hold on every Python; nothing here may branch on the version.
PORTABLE = [
    # Zero: no flag at all.
    (0x0000_0000, (), 0, ("0",), ()),
    # One flag.
    (0x0000_0010, ("FLAG_CERT_CN_INVALID",), 0, ("FLAG_CERT_CN_INVALID",), (1,)),
    (0x8000_0000, ("FLAG_SECURITY_CHANNEL_ERROR",), 0, ("FLAG_SECURITY_CHANNEL_ERROR",), ()),
    # Two flags, whose order differs between versions in str() and repr().
    (0x0000_0018, ("FLAG_INVALID_CA", "FLAG_CERT_CN_INVALID"), 0,
     ("FLAG_INVALID_CA", "FLAG_CERT_CN_INVALID"), (1, 2)),
    # The highest flag with two low ones.
    (0x8000_0018, ("FLAG_INVALID_CA", "FLAG_CERT_CN_INVALID", "FLAG_SECURITY_CHANNEL_ERROR"), 0,
     ("FLAG_INVALID_CA", "FLAG_CERT_CN_INVALID", "FLAG_SECURITY_CHANNEL_ERROR"), (1, 2)),
    # A flag and an unknown bit: 3.11+ iterates over one member but len() counts two bits.
    (0x0000_0108, ("FLAG_INVALID_CA",), 0x100, ("FLAG_INVALID_CA", "0x00000100"), (2,)),
    # Only an unknown bit.
    (0x0000_0100, (), 0x100, ("0x00000100",), ()),
    # Every bit of 32.
    (0xFFFF_FFFF, ALL_NAMES, 0x7FFF_FF80, (*ALL_NAMES, "0x7FFFFF80"), (1, 2)),
]  # fmt: skip


@pytest.mark.parametrize(("value", "names", "unknown", "winhttp", "resolutions"), PORTABLE)
def test_the_portable_interface_is_the_same_on_every_python(
    value: int,
    names: tuple[str, ...],
    unknown: int,
    winhttp: tuple[str, ...],
    resolutions: tuple[int, ...],
) -> None:
    problems = CertProblem(value)
    assert problems.names == names
    assert problems.flags == tuple(CertProblem[name] for name in names)
    assert all(type(flag) is CertProblem and flag.is_single for flag in problems.flags)
    assert problems.unknown_bits == unknown
    assert type(problems.unknown_bits) is int
    assert problems.is_single is (len(names) == 1 and not unknown)
    expected_winhttp = [p if p[0] in "0" else "WINHTTP_CALLBACK_STATUS_" + p for p in winhttp]
    assert problems.winhttp_name == " | ".join(expected_winhttp)
    assert problems.resolutions == tuple(Resolution(n) for n in resolutions)
    # One sentence (or two) per flag, then one for unknown bits.
    sentences = [CertProblem[name].description for name in names]
    if unknown:
        sentences.append(f"Bits 0x{unknown:08X} are not named by KB 923575.")
    assert problems.description == (" ".join(sentences) or "No certificate problem flag is set.")
    # What int offers is the same everywhere too.
    assert int(problems) == value
    assert format(problems) == str(value)
    assert f"{problems:#010x}" == f"{value:#010x}"
    assert "%d" % problems == str(value)  # noqa: UP031 - the %-operator is what is tested
    assert hash(problems) == hash(value)


@pytest.mark.parametrize("value", [row[0] for row in PORTABLE])
def test_values_survive_pickle_and_copy_on_every_python(value: int) -> None:
    problems = CertProblem(value)
    for clone in (
        # The bytes are this test's own.
        *(pickle.loads(pickle.dumps(problems, p)) for p in range(pickle.HIGHEST_PROTOCOL + 1)),
        copy.copy(problems),
        copy.deepcopy(problems),
    ):
        assert type(clone) is CertProblem
        assert clone == problems
        assert clone.names == problems.names
        assert clone.unknown_bits == problems.unknown_bits


@pytest.mark.parametrize(
    ("code", "base"), [(-1, 16), ("-1", 10), ("FFFFFFFF", 16), (0xFFFF_FFFF, 16)]
)
def test_decode_reads_a_negative_code_the_same_everywhere(code: int | str, base: int) -> None:
    # The constructor does not (see test_constructor_with_a_negative_value below).
    problems = decode(code, base=base)
    assert problems.value == 0xFFFF_FFFF
    assert problems.names == ALL_NAMES
    assert problems.unknown_bits == 0x7FFF_FF80


# --- Behaviour that differs: pinned per version ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "members"),
    [
        (0x00, []),
        (0x10, [CN]),
        (0x18, [CA, CN]),
        (0x108, [CA]),  # unknown bits are not members: iteration skips them
        (0x8000_0018, [CA, CN, SCHANNEL]),
    ],
)
def test_iterating_over_a_value(value: int, members: list[CertProblem]) -> None:
    problems = CertProblem(value)
    if NEW_ENUM:
        assert list(problems) == members
    else:
        with pytest.raises(TypeError, match="not iterable"):
            iter(problems)
    # The portable spelling, everywhere:
    assert list(problems.flags) == members


@pytest.mark.parametrize(
    ("value", "length"),
    [(0x00, 0), (0x10, 1), (0x18, 2), (0x108, 2), (0x100, 1), (0xFFFF_FFFF, 32)],
)
def test_len_of_a_value(value: int, length: int) -> None:
    problems = CertProblem(value)
    if NEW_ENUM:
        # len() counts set bits, known or not, so it can disagree with iteration (0x108).
        assert len(problems) == length
    else:
        with pytest.raises(TypeError, match="has no len"):
            len(problems)


# (value, str() and repr() before 3.11, str() and repr() from 3.11)
STR_REPR = [
    (0x00, "CertProblem.0", "<CertProblem.0: 0>", "0", "<CertProblem: 0>"),
    (
        0x10,
        "CertProblem.FLAG_CERT_CN_INVALID",
        "<CertProblem.FLAG_CERT_CN_INVALID: 16>",
        "16",
        "<CertProblem.FLAG_CERT_CN_INVALID: 16>",
    ),
    # Before 3.11 a combined value lists its flags from the highest; from 3.11, from the lowest.
    (
        0x18,
        "CertProblem.FLAG_CERT_CN_INVALID|FLAG_INVALID_CA",
        "<CertProblem.FLAG_CERT_CN_INVALID|FLAG_INVALID_CA: 24>",
        "24",
        "<CertProblem.FLAG_INVALID_CA|FLAG_CERT_CN_INVALID: 24>",
    ),
    (
        0x8000_0018,
        "CertProblem.FLAG_SECURITY_CHANNEL_ERROR|FLAG_CERT_CN_INVALID|FLAG_INVALID_CA",
        "<CertProblem.FLAG_SECURITY_CHANNEL_ERROR|FLAG_CERT_CN_INVALID|FLAG_INVALID_CA: 2147483672>",
        "2147483672",
        "<CertProblem.FLAG_INVALID_CA|FLAG_CERT_CN_INVALID|FLAG_SECURITY_CHANNEL_ERROR: 2147483672>",
    ),
    # Unknown bits print in decimal, first before 3.11 and last from 3.11.
    (
        0x108,
        "CertProblem.256|FLAG_INVALID_CA",
        "<CertProblem.256|FLAG_INVALID_CA: 264>",
        "264",
        "<CertProblem.FLAG_INVALID_CA|256: 264>",
    ),
    (0x100, "CertProblem.256", "<CertProblem.256: 256>", "256", "<CertProblem: 256>"),
]


@pytest.mark.parametrize(("value", "old_str", "old_repr", "new_str", "new_repr"), STR_REPR)
def test_str_and_repr(value: int, old_str: str, old_repr: str, new_str: str, new_repr: str) -> None:
    problems = CertProblem(value)
    if NEW_ENUM:
        # From 3.11, str() of an IntFlag is the number, as format() always was.
        assert (str(problems), repr(problems)) == (new_str, new_repr)
        assert "%s" % problems == new_str  # noqa: UP031 - the %-operator is what is tested
    else:
        assert (str(problems), repr(problems)) == (old_str, old_repr)
        assert "%s" % problems == old_str  # noqa: UP031 - the %-operator is what is tested


@pytest.mark.parametrize(
    ("value", "new_name"),
    [
        (0x00, None),
        (0x10, "FLAG_CERT_CN_INVALID"),
        (0x18, "FLAG_INVALID_CA|FLAG_CERT_CN_INVALID"),
        (0x108, "FLAG_INVALID_CA|256"),
    ],
)
def test_name_of_a_value(value: int, new_name: str | None) -> None:
    problems = CertProblem(value)
    if NEW_ENUM or problems.is_single:
        assert problems.name == new_name
    else:
        # Before 3.11 a combined value, or zero, has no name at all.
        assert problems.name is None


@pytest.mark.parametrize(
    ("value", "inverted"),
    [(0x00, 0xFFFF_FFFF), (0x10, 0xFFFF_FFEF), (0x8000_0018, 0x7FFF_FFE7), (0xFFFF_FFFF, 0x0)],
)
def test_invert_is_the_same_everywhere(value: int, inverted: int) -> None:
    # IntFlag's own ~ gives a negative number before 3.11; CertProblem flips the 32 bits on
    # every Python, as 3.11 and later do (issue 12, finding 9: values stay unsigned 32-bit).
    result = ~CertProblem(value)
    assert type(result) is CertProblem
    assert result.value == inverted == decode(value ^ 0xFFFF_FFFF).value


@pytest.mark.parametrize(("value", "unsigned"), [(-1, 0xFFFF_FFFF), (-0x11, 0xFFFF_FFEF)])
def test_constructor_with_a_negative_value_is_the_same_everywhere(
    value: int, unsigned: int
) -> None:
    # IntFlag keeps -1 before 3.11 and wraps it from 3.11; CertProblem reads it as decode()
    # does on every Python.
    assert CertProblem(value).value == decode(value).value == unsigned


def _class_contains(value: Any) -> bool | type[BaseException]:
    """``value in CertProblem``, or the type of what it raises."""
    with warnings.catch_warnings():
        # 3.10 and 3.11 warn before raising TypeError; only the outcome is tested here.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return value in CertProblem
        except TypeError:
            return TypeError


@pytest.mark.parametrize(("value", "expected"), [(8, True), ("FLAG_INVALID_CA", False)])
def test_in_on_the_class(value: object, expected: bool) -> None:
    assert _class_contains(value) == (expected if CLASS_CONTAINS_VALUES else TypeError)
    # Member containment, and `in` on a value, are the same everywhere.
    assert CA in CertProblem
    assert CA in CertProblem(0x18)
    assert CN not in CertProblem(0x108)


def test_in_on_the_class_with_a_combined_value_depends_on_history() -> None:
    # From 3.12, `value in CertProblem` looks the value up among the values made so far, so a
    # combined value is "in" the class only once something has called CertProblem(value): the
    # answer depends on what ran before.  Use decode() or CertProblem(value).flags instead.
    value = 0x8000_0006
    CertProblem(value)
    assert _class_contains(value) == (True if CLASS_CONTAINS_VALUES else TypeError)


def test_iterating_over_the_class_is_the_same_everywhere() -> None:
    assert [flag.name for flag in CertProblem] == list(ALL_NAMES)
    assert len(CertProblem) == 8
