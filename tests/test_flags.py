"""CertProblem's facts and decode(): every form a code is written in, and every way to get it wrong."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proxycert import CertProblem, InvalidCodeError, ProxyCertError, Resolution, decode

F = CertProblem

# The KB's table (S-KB "More information"), name by name and value by value.
KB_TABLE = [
    ("FLAG_CERT_REV_FAILED", 0x00000001),
    ("FLAG_INVALID_CERT", 0x00000002),
    ("FLAG_CERT_REVOKED", 0x00000004),
    ("FLAG_INVALID_CA", 0x00000008),
    ("FLAG_CERT_CN_INVALID", 0x00000010),
    ("FLAG_CERT_DATE_INVALID", 0x00000020),
    ("FLAG_CERT_WRONG_USAGE", 0x00000040),
    ("FLAG_SECURITY_CHANNEL_ERROR", 0x80000000),
]


@pytest.mark.parametrize(("name", "value"), KB_TABLE)
def test_members_are_the_kb_table(name: str, value: int) -> None:
    flag = CertProblem[name]
    assert int(flag) == value
    assert flag.flags == (flag,)
    assert flag.names == (name,)
    assert flag.is_single
    assert flag.unknown_bits == 0
    assert flag.winhttp_name == "WINHTTP_CALLBACK_STATUS_" + name


def test_no_member_beyond_the_kb_table() -> None:
    assert [(f.name, f.value) for f in F.__members__.values()] == KB_TABLE


@pytest.mark.parametrize("flag", list(F.__members__.values()))
def test_every_flag_has_a_one_line_description(flag: CertProblem) -> None:
    assert flag.description
    assert "\n" not in flag.description
    assert flag.description.endswith(".")


def test_descriptions_are_microsofts_words() -> None:
    # codes.md §1, S-CB; WRONG_USAGE from S-WHE.
    assert F.FLAG_INVALID_CERT.description == "SSL certificate is invalid."
    assert F.FLAG_CERT_DATE_INVALID.description.endswith("The certificate is expired.")
    assert "CERT_E_WRONG_USAGE" in F.FLAG_CERT_WRONG_USAGE.description


@pytest.mark.parametrize(
    ("value", "flags", "unknown"),
    [
        (0, (), 0),
        (0x30, (F.FLAG_CERT_CN_INVALID, F.FLAG_CERT_DATE_INVALID), 0),
        (0x80000018, (F.FLAG_INVALID_CA, F.FLAG_CERT_CN_INVALID, F.FLAG_SECURITY_CHANNEL_ERROR), 0),
        (0x7F, tuple(f for f in F.__members__.values() if f.value < 0x80), 0),
        (0x180, (), 0x180),
        (0xFFFFFFFF, tuple(F.__members__.values()), 0x7FFFFF80),
    ],
)
def test_combined_values(value: int, flags: tuple[CertProblem, ...], unknown: int) -> None:
    problems = F(value)
    assert problems.flags == flags
    assert problems.unknown_bits == unknown
    assert problems.is_single is (len(flags) == 1 and not unknown)


def test_combined_description_and_winhttp_name() -> None:
    problems = F(0x118)
    assert problems.description == (
        F.FLAG_INVALID_CA.description
        + " "
        + F.FLAG_CERT_CN_INVALID.description
        + " Bits 0x00000100 are not named by KB 923575."
    )
    assert problems.winhttp_name == (
        "WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA | "
        "WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID | 0x00000100"
    )
    assert F(0).winhttp_name == "0"
    assert F(0).description == "No certificate problem flag is set."


@pytest.mark.parametrize(
    ("value", "resolutions"),
    [
        (0, ()),
        (0x8, (Resolution.INSTALL_TRUSTED_ROOT,)),
        (0x10, (Resolution.EXAMINE_CERTIFICATE,)),
        (0x7F, (Resolution.EXAMINE_CERTIFICATE, Resolution.INSTALL_TRUSTED_ROOT)),
        (0x80000000, ()),
        (0x100, ()),
    ],
)
def test_flag_resolutions(value: int, resolutions: tuple[Resolution, ...]) -> None:
    assert F(value).resolutions == resolutions


# ---- decode ------------------------------------------------------------------------------------

VALID = [
    # Outlook prints bare hexadecimal: (Error code 10) is a name mismatch, 0x10.
    ("10", {}, 0x10),
    ("8", {}, 0x8),
    ("3A", {}, 0x3A),
    ("3a", {}, 0x3A),
    ("0x00000030", {}, 0x30),
    ("0X30", {}, 0x30),
    ("0×8", {}, 0x8),  # a blog's typography turned 0x into 0×
    ("80000000", {}, 0x80000000),
    ("  80000010\n", {}, 0x80000010),
    ("000000000010", {}, 0x10),  # zero padding beyond 8 digits is still 32 bits
    ("0", {}, 0),
    ("FFFFFFFF", {}, 0xFFFFFFFF),
    # Decimal only when asked, unsigned or signed 32-bit.
    ("10", {"base": 10}, 0xA),
    ("2147483664", {"base": 10}, 0x80000010),
    ("-2147483632", {"base": 10}, 0x80000010),
    ("+16", {"base": 10}, 0x10),
    ("4294967295", {"base": 10}, 0xFFFFFFFF),
    ("-2147483648", {"base": 10}, 0x80000000),
    # A code that says its base is read in it: 0x means hexadecimal and a sign decimal, in any
    # base, as everywhere else codes are read.
    ("0x10", {"base": 10}, 0x10),
    ("-2147483632", {}, 0x80000010),
    # The code as it stands in Outlook's message, frame and all, in any case.
    ("(10)", {}, 0x10),
    ("( 10 )", {}, 0x10),
    ("(Error Code 30)", {}, 0x30),
    ("(error code 0x30)", {}, 0x30),
    ("Error code 30", {}, 0x30),
    ("ERROR CODE: 8", {}, 0x8),
    ("（１０）", {}, 0x10),  # full-width parentheses and digits, from a Japanese dialog
    ("(Error Code 16)", {"base": 10}, 0x10),
    # Integers are the value itself; negative ones are two's complement.
    (0x10, {}, 0x10),
    (-2147483632, {}, 0x80000010),
    (-1, {}, 0xFFFFFFFF),
    (0xFFFFFFFF, {}, 0xFFFFFFFF),
    (F.FLAG_INVALID_CA, {}, 0x8),
]


@pytest.mark.parametrize(("code", "kwargs", "expected"), VALID)
def test_decode_valid(code: int | str, kwargs: dict[str, int], expected: int) -> None:
    result = decode(code, **kwargs)  # type: ignore[arg-type]
    assert type(result) is CertProblem
    assert result == expected


INVALID = [
    ("", {}, "expected a number, got nothing"),
    ("   ", {}, "expected a number, got nothing"),
    ("0xZZ", {}, "expected hexadecimal digits"),
    ("0x", {}, "expected hexadecimal digits"),
    ("-0x10", {}, "expected decimal digits"),
    ("1_0", {}, "expected hexadecimal digits"),
    ("١٠", {}, "expected hexadecimal digits"),  # Arabic-Indic digits that int() would take
    ("(10", {}, "expected hexadecimal digits"),  # a frame is whole or absent
    ("10)", {}, "expected hexadecimal digits"),
    ("()", {}, "expected a number, got nothing"),
    ("(Error Code)", {}, "expected a number, got nothing"),
    ("Error 10", {}, "expected hexadecimal digits"),
    ("((10))", {}, "expected hexadecimal digits"),
    ("100000000", {}, "expected at most 8 hexadecimal digits (32 bits)"),
    ("0x" + "F" * 1000, {}, "expected at most 8 hexadecimal digits (32 bits)"),
    ("1A", {"base": 10}, "expected decimal digits"),
    ("4294967296", {"base": 10}, "expected a 32-bit value"),
    ("-2147483649", {"base": 10}, "expected a 32-bit value"),
    ("9" * 100, {"base": 10}, "expected a 32-bit value"),
    (0x1_0000_0000, {}, "expected a 32-bit value"),
    (-2147483649, {}, "expected a 32-bit value"),
    ("180", {"strict": True}, "bits 0x00000180 are not named by KB 923575"),
]


@pytest.mark.parametrize(("code", "kwargs", "reason"), INVALID)
def test_decode_invalid(code: int | str, kwargs: dict[str, int], reason: str) -> None:
    with pytest.raises(InvalidCodeError) as info:
        decode(code, **kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, ProxyCertError)
    assert isinstance(info.value, ValueError)
    assert info.value.code == code
    assert reason in info.value.reason
    assert str(info.value).startswith("invalid certificate problem code ")
    if isinstance(code, str) and len(code) < 50:
        assert repr(code) in str(info.value)


@pytest.mark.parametrize(
    "code", [None, 1.0, True, False, b"10", bytearray(b"10"), [0x10], object()]
)
def test_decode_wrong_type(code: object) -> None:
    with pytest.raises(TypeError, match="code must be an int or a str"):
        decode(code)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("base", "error"), [(8, ValueError), (2, ValueError), ("16", TypeError), (True, TypeError)]
)
def test_decode_bad_base(base: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="base must be"):
        decode("10", base=base)  # type: ignore[arg-type]


def test_invalid_code_error_pickles() -> None:
    with pytest.raises(InvalidCodeError) as info:
        decode("0xZZ")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is InvalidCodeError
    assert str(copy) == str(info.value)
    assert (copy.code, copy.reason) == ("0xZZ", "expected hexadecimal digits")


def test_long_input_is_not_echoed_whole() -> None:
    code = "Z" * 1_000_000
    with pytest.raises(InvalidCodeError) as info:
        decode(code)
    assert len(str(info.value)) < 300
    assert "[1000000 characters]" in str(info.value)


def test_members_pickle() -> None:
    for value in (F.FLAG_INVALID_CA, F(0x30), F(0x180)):
        assert pickle.loads(pickle.dumps(value)) == value


# ---- properties: every 32-bit value in every textual form ---------------------------------------

u32 = st.integers(min_value=0, max_value=0xFFFFFFFF)


@given(u32)
def test_every_value_in_every_form(value: int) -> None:
    signed = value - (1 << 32) if value >= 0x80000000 else value
    forms = [
        (f"{value:x}", {}),
        (f"{value:X}", {}),
        (f"0x{value:08X}", {}),
        (f"0X{value:08x}", {}),
        (f"  {value:08x}\t", {}),
        (str(value), {"base": 10}),
        (str(signed), {"base": 10}),
        (value, {}),
        (signed, {}),
    ]
    for code, kwargs in forms:
        assert decode(code, **kwargs) == value  # type: ignore[arg-type]


@given(u32)
def test_flags_and_unknown_bits_partition_the_value(value: int) -> None:
    problems = CertProblem(value)
    assert sum(f.value for f in problems.flags) | problems.unknown_bits == value
    assert sum(f.value for f in problems.flags) & problems.unknown_bits == 0
    assert list(problems.flags) == sorted(problems.flags, key=int)


@given(st.text(max_size=40), st.sampled_from([10, 16]))
def test_any_text_decodes_or_raises_invalid_code(text: str, base: int) -> None:
    try:
        result = decode(text, base=base)
    except InvalidCodeError:
        return
    assert 0 <= result <= 0xFFFFFFFF


@given(st.integers())
def test_any_int_decodes_or_raises_invalid_code(value: int) -> None:
    try:
        result = decode(value)
    except InvalidCodeError:
        assert not -(1 << 31) <= value <= 0xFFFFFFFF
        return
    assert result == value & 0xFFFFFFFF


# ---- issue 12, finding 9: numbers stay in range, and errors stay short -----------------------


@pytest.mark.parametrize(
    "value",
    [1 << 32, 2**100000, -(1 << 31) - 1, -(2**100000)],
    ids=["2**32", "2**100000", "-2**31-1", "-2**100000"],
)
def test_constructor_refuses_values_outside_32_bits(value: int) -> None:
    # CertProblem(value) reads an int as decode(value) does: unsigned or signed 32-bit.
    with pytest.raises(InvalidCodeError, match="expected a 32-bit value") as info:
        CertProblem(value)
    assert len(str(info.value)) < 200


@pytest.mark.parametrize(("value", "unsigned"), [(-1, 0xFFFF_FFFF), (-0x11, 0xFFFF_FFEF)])
def test_constructor_reads_a_negative_value_as_decode_does(value: int, unsigned: int) -> None:
    assert CertProblem(value).value == decode(value).value == unsigned
    assert CertProblem(value).unknown_bits == unsigned & ~0x8000_007F


@given(st.integers())
def test_constructor_and_decode_agree_on_any_int(value: int) -> None:
    try:
        expected = decode(value)
    except InvalidCodeError:
        with pytest.raises(InvalidCodeError):
            CertProblem(value)
        return
    assert CertProblem(value) == expected
    assert 0 <= CertProblem(value).value <= 0xFFFF_FFFF


def test_error_of_a_per_flag_property_is_short() -> None:
    with pytest.raises(ProxyCertError) as info:
        _ = CertProblem(0xFFFF_FFFF).winhttp_error
    assert len(str(info.value)) < 200


@pytest.mark.parametrize("base", [2**100000, -(2**100000)], ids=["2**100000", "-2**100000"])
def test_decode_refuses_a_huge_base_in_a_short_message(base: int) -> None:
    with pytest.raises(ValueError, match="base must be 10 or 16") as info:
        decode("10", base=base)
    assert len(str(info.value)) < 200
