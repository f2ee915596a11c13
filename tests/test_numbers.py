"""The one reader of 32-bit codes, and that every entry point reads the same spellings with it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import u32

from proxycert import InvalidCodeError, decode, from_hresult, parse
from proxycert._numbers import RANGE, base_as_written, read_uint32, read_written_code, unframe

FULL_WIDTH = str.maketrans(
    "0123456789ABCDEFabcdefxX", "０１２３４５６７８９ＡＢＣＤＥＦａｂｃｄｅｆｘＸ"
)

# Spellings of 0x80072F06 (HRESULT_FROM_WIN32(12038)) that every entry point reads.
HEX_SPELLINGS = [
    pytest.param("80072F06", id="bare"),
    pytest.param("80072f06", id="lower-case"),
    pytest.param("0x80072F06", id="0x"),
    pytest.param("0X80072F06", id="0X"),
    pytest.param("0\N{MULTIPLICATION SIGN}80072F06", id="typographic-0x"),
    pytest.param("  0x80072F06\n", id="white-space"),
    pytest.param("0x0000000080072F06", id="zero-padded"),
    pytest.param("０ｘ８００７２Ｆ０６", id="full-width"),
]


@pytest.mark.parametrize("text", HEX_SPELLINGS)
def test_every_entry_point_reads_the_same_hex_spellings(text: str) -> None:
    assert read_uint32(text) == 0x80072F06
    assert int(decode(text)) == 0x80072F06
    assert int(from_hresult(text)) == 0x10
    message = parse(
        "There is a problem with the proxy server's security certificate."
        f" Outlook is unable to connect to this server. ({text.strip()})"
    )
    assert message.code == 0x80072F06


@pytest.mark.parametrize(
    ("code", "base", "value"),
    [
        pytest.param(-1, 16, 0xFFFFFFFF, id="int-signed"),
        pytest.param(0xFFFFFFFF, 16, 0xFFFFFFFF, id="int-max"),
        pytest.param("-2147483632", 10, 0x80000010, id="signed-decimal"),
        pytest.param("+16", 10, 16, id="plus-sign"),
        pytest.param("4294967295", 10, 0xFFFFFFFF, id="decimal-max"),
        pytest.param("０１６", 10, 16, id="full-width-decimal"),
        # A code that says its base is read in it, whatever base the caller reads by default.
        pytest.param("-10", 16, 0xFFFFFFF6, id="sign-means-decimal"),
        pytest.param("0x10", 10, 0x10, id="0x-means-hex"),
    ],
)
def test_reads(code: int | str, base: int, value: int) -> None:
    assert read_uint32(code, base) == value


@pytest.mark.parametrize(
    ("code", "base", "reason"),
    [
        pytest.param("", 16, "expected a number, got nothing", id="empty"),
        pytest.param(" \t", 10, "expected a number, got nothing", id="blank"),
        pytest.param("0x", 16, "expected hexadecimal digits", id="prefix-only"),
        pytest.param("-0x10", 16, "expected decimal digits", id="signed-hex"),
        pytest.param("8007_2F06", 16, "expected hexadecimal digits", id="underscore"),
        pytest.param("٨٠", 16, "expected hexadecimal digits", id="arabic-indic"),
        pytest.param("1" * 9, 16, "expected at most 8 hexadecimal digits (32 bits)", id="9-hex"),
        pytest.param("42949672950", 10, RANGE, id="11-decimal-digits"),
        pytest.param("4294967296", 10, RANGE, id="decimal-too-big"),
        pytest.param(1 << 32, 16, RANGE, id="int-too-big"),
        pytest.param(-(1 << 31) - 1, 16, RANGE, id="int-too-small"),
    ],
)
def test_refuses(code: int | str, base: int, reason: str) -> None:
    with pytest.raises(InvalidCodeError) as info:
        read_uint32(code, base)
    assert (info.value.code, info.value.reason) == (code, reason)


@pytest.mark.parametrize(
    ("text", "base"),
    [
        pytest.param("0x10", 16, id="0x"),
        pytest.param(" 0X10", 16, id="0X"),
        pytest.param("0\N{MULTIPLICATION SIGN}10", 16, id="typographic-0x"),
        pytest.param("０ｘ１０", 16, id="full-width-0x"),
        pytest.param("-10", 10, id="minus"),
        pytest.param("+10", 10, id="plus"),
        pytest.param("10", 7, id="default"),
        pytest.param("", 7, id="empty"),
    ],
)
def test_base_as_written(text: str, base: int) -> None:
    assert base_as_written(text, 7) == base


@given(u32, st.sampled_from(["{:x}", "{:X}", "0x{:08X}", "0\N{MULTIPLICATION SIGN}{:x}"]))
def test_hex_round_trip(value: int, spelling: str) -> None:
    text = spelling.format(value)
    assert read_uint32(text) == value
    assert read_uint32(text.translate(FULL_WIDTH)) == value


@given(u32)
def test_decimal_round_trip(value: int) -> None:
    assert read_uint32(str(value), 10) == value
    signed = value - (1 << 32) if value >> 31 else value
    assert read_uint32(str(signed), 10) == value
    assert read_uint32(signed) == value


@given(st.text(max_size=40), st.sampled_from([10, 16]))
def test_any_text_is_a_value_or_an_invalid_code_error(text: str, base: int) -> None:
    try:
        value = read_uint32(text, base)
    except InvalidCodeError:
        return
    assert 0 <= value <= 0xFFFFFFFF


# --- the code as it stands in a message: "(10)", "(Error Code 30)" ---------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("(10)", "10", id="parentheses"),
        pytest.param("( 10 )", "10", id="spaced"),
        pytest.param("(Error Code 30)", "30", id="error-code"),
        pytest.param("Error code 30", "30", id="words-only"),
        pytest.param("error  code:\t0x30", "0x30", id="colon-and-tab"),
        pytest.param("（Ｅｒｒｏｒ Ｃｏｄｅ ３０）", "30", id="full-width"),
        pytest.param("(10", "(10", id="half-open"),
        pytest.param("Error 10", "Error 10", id="not-the-words"),
        pytest.param(" 8 ", "8", id="no-frame"),
    ],
)
def test_unframe(text: str, code: str) -> None:
    assert unframe(text) == code


@given(u32, st.sampled_from(["({:X})", "( {:x} )", "(Error Code {:X})", "ERROR CODE {:x}"]))
def test_framed_round_trip(value: int, frame: str) -> None:
    assert read_written_code(frame.format(value), 16) == value
    assert int(decode(frame.format(value))) == value


def test_a_framed_code_that_cannot_be_read_is_named_as_written() -> None:
    with pytest.raises(InvalidCodeError) as info:
        read_written_code("(Error Code zz)", 16)
    assert (info.value.code, info.value.reason) == (
        "(Error Code zz)",
        "expected hexadecimal digits",
    )


def test_unframe_is_linear_on_white_space() -> None:
    # The words' pattern is anchored: a megabyte of blanks after "error" is one pass.
    assert unframe("(error" + " " * 1_000_000 + "x)") == "error" + " " * 1_000_000 + "x"
