"""The exceptions contract of the whole public surface, enumerated rather than listed by hand.

Every public callable is found through ``proxycert.__all__``.  For each, the exceptions its
docstring documents (``:raises X:``) must be :class:`ProxyCertError` subclasses, or
``TypeError`` for arguments of the wrong type; the few others are listed below with the reason
they stay.  Then every public function is called with hostile arguments: whatever it raises
must be documented, must pickle, and must name the offending input without echoing an
enormous one whole.
"""

from __future__ import annotations

import builtins
import copy
import enum
import inspect
import io
import math
import pickle
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import proxycert
from proxycert import ProxyCertError

PUBLIC: dict[str, Any] = {
    name: getattr(proxycert, name)
    for name in proxycert.__all__
    if callable(getattr(proxycert, name))
}


def _category(obj: object) -> str:
    if isinstance(obj, type) and issubclass(obj, BaseException):
        return "exception"
    if isinstance(obj, type) and issubclass(obj, enum.Enum):
        return "enum"
    if isinstance(obj, type) and attrs.has(obj):
        return "record"
    if inspect.isfunction(obj):
        return "function"
    return "unknown"


FUNCTIONS = sorted(name for name, obj in PUBLIC.items() if _category(obj) == "function")
EXCEPTIONS = sorted(name for name, obj in PUBLIC.items() if _category(obj) == "exception")

# Documented exceptions that are neither ProxyCertError nor TypeError: the parameter each is
# about, and why it stays.  A new entry needs a reason a reviewer accepts; an entry that no
# docstring documents any more fails.
OTHER_EXCEPTIONS = {
    ("decode", "ValueError"): (
        "base",
        "an unsupported base is the caller's mistake, as in int(x, base=1)",
    ),
    ("scan_file", "LookupError"): ("encoding", "not a text encoding, as codecs.lookup says"),
    ("scan_file", "OSError"): ("file", "the operating system cannot open or read the file"),
    ("parse_file", "LookupError"): ("encoding", "not a text encoding, as codecs.lookup says"),
    ("parse_file", "OSError"): ("file", "the operating system cannot open or read the file"),
    ("ErrorMessage", "ValueError"): (
        "language",
        "a language proxycert has no table for (ErrorMessage's own language validator)",
    ),
}

_RAISES = re.compile(r"^\s*:raises\s+([\w.]+)\s*:", re.MULTILINE)


def _documented_owners() -> Iterator[tuple[str, object]]:
    """Every public callable, and every public method and property of a public class."""
    for name, obj in PUBLIC.items():
        yield name, obj
        if isinstance(obj, type) and _category(obj) != "exception":
            for member_name, member in vars(obj).items():
                if not member_name.startswith("_"):
                    yield f"{name}.{member_name}", member


def _raises(obj: object) -> list[str]:
    doc = inspect.getdoc(obj.fget if isinstance(obj, property) else obj) or ""
    return _RAISES.findall(doc)


DOCUMENTED = sorted({(owner, exc) for owner, obj in _documented_owners() for exc in _raises(obj)})


def _resolve(name: str) -> type[BaseException]:
    resolved = getattr(proxycert, name, None) or getattr(builtins, name, None)
    assert isinstance(resolved, type), f"{name} names no exception proxycert or builtins define"
    assert issubclass(resolved, BaseException), f"{name} is not an exception"
    return resolved


def _documented(owner: str) -> tuple[type[BaseException], ...]:
    return tuple(_resolve(exc) for name, exc in DOCUMENTED if name == owner)


def _documented_for_first_argument(owner: str) -> tuple[type[BaseException], ...]:
    """What *owner* may raise for a bad first argument: decode's ValueError is about base."""
    first = next(iter(inspect.signature(PUBLIC[owner]).parameters))
    return tuple(
        _resolve(exc)
        for name, exc in DOCUMENTED
        if name == owner and OTHER_EXCEPTIONS.get((name, exc), (first,))[0] == first
    )


# --- What the docstrings promise -----------------------------------------------------------


def test_every_public_callable_is_of_a_known_category() -> None:
    assert {
        name: _category(obj) for name, obj in PUBLIC.items() if _category(obj) == "unknown"
    } == {}
    # The surface this file checks is the surface proxycert has: not an empty list by mistake.
    assert {"decode", "parse", "scan", "scan_file", "resolution_for"} <= set(FUNCTIONS)
    assert {"ProxyCertError", "InvalidCodeError", "MessageNotFoundError"} <= set(EXCEPTIONS)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_public_function_documents_what_it_raises(name: str) -> None:
    assert "TypeError" in [exc for owner, exc in DOCUMENTED if owner == name], (
        f"{name} does not document the TypeError a wrong argument type raises"
    )
    assert any(issubclass(exc, ProxyCertError) for exc in _documented(name)) or name in (
        # These take any text and find what they find; only the argument's type can be wrong.
        "scan",
        "scan_file",
    ), f"{name} documents no ProxyCertError"


@pytest.mark.parametrize(("owner", "exc"), DOCUMENTED, ids=[f"{o}-{e}" for o, e in DOCUMENTED])
def test_documented_exceptions_are_proxycert_errors_or_type_errors(owner: str, exc: str) -> None:
    resolved = _resolve(exc)
    if (owner, exc) in OTHER_EXCEPTIONS:
        return
    assert issubclass(resolved, ProxyCertError) or resolved is TypeError, (
        f"{owner} documents {exc}, which is neither a ProxyCertError nor TypeError"
    )


@pytest.mark.parametrize(("owner", "exc"), sorted(OTHER_EXCEPTIONS))
def test_every_listed_exception_is_still_documented(owner: str, exc: str) -> None:
    assert (owner, exc) in DOCUMENTED
    parameter = OTHER_EXCEPTIONS[owner, exc][0]
    assert parameter in inspect.signature(PUBLIC[owner]).parameters


# --- Every exception class -----------------------------------------------------------------


def _all_error_classes() -> list[type[ProxyCertError]]:
    found: list[type[ProxyCertError]] = []
    pending: list[type[ProxyCertError]] = [ProxyCertError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(
        {c for c in found if c.__module__.startswith("proxycert")}, key=lambda c: c.__name__
    )


ERROR_CLASSES = _all_error_classes()

# An input with quotes, a backslash, a control character and non-ASCII text, so that a message
# built without repr() shows.
NASTY_INPUT = "0x\u00d7Z'\"\\\x00\u2019"


def _instantiate(cls: type[ProxyCertError], given: object) -> ProxyCertError:
    """An instance with *given* as the offending input (the first parameter)."""
    if cls is ProxyCertError:
        return cls(f"bad input {given!r}")
    # The required parameters only: an optional one changes how the input is shown.
    parameters = [
        name
        for name, parameter in inspect.signature(cls).parameters.items()
        if parameter.default is parameter.empty
    ]
    values: dict[str, object] = {name: f"<{name}>" for name in parameters}
    values[parameters[0]] = given
    return cls(**values)


def test_every_error_class_is_public_and_a_value_error() -> None:
    assert {cls.__name__ for cls in ERROR_CLASSES} == set(EXCEPTIONS)
    for cls in ERROR_CLASSES:
        assert issubclass(cls, ValueError)
        assert cls.__module__ == "proxycert"
        assert cls.__name__.endswith("Error")


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("given", [NASTY_INPUT, 0x1_0000_0000, -7, None], ids=repr)
def test_every_error_class_pickles_and_names_its_input(
    cls: type[ProxyCertError], given: object
) -> None:
    error = _instantiate(cls, given)
    assert repr(given) in str(error)
    clones = [_round_trip(error, p) for p in range(pickle.HIGHEST_PROTOCOL + 1)]
    for clone in [*clones, copy.copy(error), copy.deepcopy(error)]:
        assert type(clone) is cls
        assert str(clone) == str(error)
        assert clone.args == error.args
        assert vars(clone) == vars(error)


@pytest.mark.parametrize(
    "cls",
    # The base class takes a finished message; whoever raises it builds that message.
    [cls for cls in ERROR_CLASSES if cls is not ProxyCertError],
    ids=lambda c: c.__name__,
)
def test_no_error_class_echoes_an_enormous_input(cls: type[ProxyCertError]) -> None:
    given = "7" * 1_000_000
    error = _instantiate(cls, given)
    assert len(str(error)) < 500
    assert "[1000000 characters]" in str(error)


# --- Every public function, called with hostile arguments ------------------------------------

HOSTILE: list[tuple[str, object]] = [
    ("None", None),
    ("bool", True),
    ("float", 1.5),
    ("nan", math.nan),
    ("bytes", b"10"),
    ("bytearray", bytearray(b"10")),
    ("empty", ""),
    ("whitespace", " \t\r\n"),
    ("junk", "zz"),
    ("nul", "10\x00"),
    ("lone_surrogate", "\udcff"),
    ("arabic_indic_digit", "\u0663"),
    ("fullwidth_digits", "\uff11\uff10"),
    ("placeholder", "%s"),
    ("long_zero_padded_hex", "0x" + "0" * 10_000 + "1"),
    ("minus_one", -1),
    ("below_int32", -(2**31) - 1),
    ("above_uint32", 2**32),
    ("int_of_5000_digits", 10**5000),
    ("object", object()),
    ("list", [16]),
    ("text_file", io.StringIO("x")),
    ("exception", ValueError("boom")),
]

# Functions, and the classes whose constructors document what they raise.
CALLED = sorted(
    [*FUNCTIONS, *(n for n, o in PUBLIC.items() if _category(o) == "record" and _raises(o))]
)


def _cases() -> Iterator[Any]:
    for name in CALLED:
        for label, value in HOSTILE:
            yield pytest.param(name, value, id=f"{name}-{label}")


def _round_trip(value: Any, protocol: int = pickle.DEFAULT_PROTOCOL) -> Any:
    return pickle.loads(pickle.dumps(value, protocol))


def _raised(name: str, argument: object) -> BaseException | None:
    """What ``name(argument)`` raises of what it documents for its first argument, or None.

    Anything else escapes and fails the calling test, with its traceback.
    """
    try:
        result = PUBLIC[name](argument)
        # scan and scan_file return iterators; what they raise on the way counts too.
        if isinstance(result, Iterator):
            list(result)
    except _documented_for_first_argument(name) as error:
        return error
    return None


@pytest.mark.parametrize(("name", "value"), list(_cases()))
def test_hostile_arguments_raise_only_documented_exceptions(
    name: str, value: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # scan_file takes a str as a path: an empty directory makes every such path a missing file.
    monkeypatch.chdir(tmp_path)
    error = _raised(name, value)
    if error is not None:
        _check_error(error, value)


def _check_error(error: BaseException, value: object) -> None:
    # Messages are proxycert's own for these two; an OSError's is the operating system's.
    if isinstance(error, ProxyCertError):
        # An HRESULT given as an int is shown in hexadecimal, as HRESULTs are written.
        shown = getattr(error, "shown", None)
        assert (proxycert._errors.short_repr(value) if shown is None else shown) in str(error)
        assert len(str(error)) < 2_000
    elif isinstance(error, TypeError):
        assert type(value).__name__ in str(error)
        assert len(str(error)) < 2_000
    clone = _round_trip(error)
    assert (type(clone), str(clone), clone.args) == (type(error), str(error), error.args)


# --- A 100 MB input ----------------------------------------------------------------------------

HUGE = 100_000_000


@pytest.fixture(scope="module")
def huge_digits() -> str:
    # Digits go furthest: decode's pattern matches them all before the length check refuses.
    return "1" * HUGE


@pytest.mark.parametrize("base", [16, 10])
def test_decode_does_not_echo_100_mb(huge_digits: str, base: int) -> None:
    with pytest.raises(proxycert.InvalidCodeError) as info:
        proxycert.decode(huge_digits, base=base)
    assert info.value.code is huge_digits
    assert len(str(info.value)) < 500
    assert f"[{HUGE} characters]" in str(info.value)


def test_parse_does_not_echo_100_mb(huge_digits: str) -> None:
    with pytest.raises(proxycert.MessageNotFoundError) as info:
        proxycert.parse(huge_digits)
    # The error keeps the text, as documented; only its message is cut short.
    assert info.value.text is huge_digits
    assert len(str(info.value)) < 500
    assert f"[{HUGE} characters]" in str(info.value)


@pytest.mark.parametrize(
    "name",
    # A str given to scan_file or parse_file is a path: the OSError that the OS gives for a
    # path of 100 MB names it, as open()'s does; that is the standard library's message.
    [name for name in CALLED if name not in ("scan_file", "parse_file")],
)
def test_no_public_function_echoes_100_mb(huge_digits: str, name: str) -> None:
    error = _raised(name, huge_digits)
    assert error is None or len(str(error)) < 500
