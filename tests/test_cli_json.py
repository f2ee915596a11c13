"""The JSON of every command, checked against the schema that docs/json.md publishes.

The validator below reads the part of JSON Schema that docs/json.md uses; a keyword it does not
know fails the test, so the schema cannot silently say more than is checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.cli_fakes import run

JSON_DOC = Path(__file__).parent.parent / "docs" / "json.md"
HEADER = "There is a problem with the proxy server's security certificate"
TAIL = "Outlook is unable to connect to this server."
TEXT = (
    f"{HEADER}, mail.contoso.com. The name on the security certificate is invalid or does not"
    f" match the name of the site. {TAIL} (118)\n"
    f"{HEADER}. The name on the security certificate is invalid or does not match the name of"
    " the target site outlook.office365.com. Outlook is unable to connect to the proxy server"
    " (Error Code 0)\n"
    f"{HEADER}, %s. {TAIL} (%s)\n"
)


def schema() -> dict[str, Any]:
    text = JSON_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 1
    document: dict[str, Any] = json.loads(blocks[0])
    return document


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


# Which JSON values each keyword applies to, as JSON Schema says: the others pass it.
_APPLIES_TO: dict[str, tuple[type, ...]] = {
    "required": (dict,),
    "properties": (dict,),
    "additionalProperties": (dict,),
    "items": (list,),
    "minItems": (list,),
    "maxItems": (list,),
    "minimum": (int,),
    "maximum": (int,),
    "pattern": (str,),
}


def errors(value: Any, rule: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """Where *value* breaks *rule*: an empty list when it holds."""
    found: list[str] = []
    for keyword, expected in rule.items():
        kinds = _APPLIES_TO.get(keyword)
        if kinds is not None and (not isinstance(value, kinds) or isinstance(value, bool)):
            continue
        if keyword == "$ref":
            found += errors(value, root["$defs"][expected[len("#/$defs/") :]], root, where)
        elif keyword == "type":
            types = [expected] if isinstance(expected, str) else expected
            # JSON has no bool among its integers.
            if not any(
                isinstance(value, _TYPES[name])
                and not (name == "integer" and isinstance(value, bool))
                for name in types
            ):
                found.append(f"{where}: {value!r} is not {expected}")
        elif keyword == "enum":
            if not any(value == option and type(value) is type(option) for option in expected):
                found.append(f"{where}: {value!r} not in {expected}")
        elif keyword == "oneOf":
            if sum(not errors(value, option, root, where) for option in expected) != 1:
                found.append(f"{where}: {value!r} matches not exactly one of {expected}")
        elif keyword == "required":
            found += [f"{where}: no {key!r}" for key in expected if key not in value]
        elif keyword == "properties":
            for key, item in value.items():
                if key in expected:
                    found += errors(item, expected[key], root, f"{where}.{key}")
        elif keyword == "additionalProperties":
            assert expected is False
            found += [
                f"{where}: unexpected {key!r}" for key in value if key not in rule["properties"]
            ]
        elif keyword == "items":
            for number, item in enumerate(value):
                found += errors(item, expected, root, f"{where}[{number}]")
        elif keyword == "minItems":
            found += [f"{where}: fewer than {expected} items"] if len(value) < expected else []
        elif keyword == "maxItems":
            found += [f"{where}: more than {expected} items"] if len(value) > expected else []
        elif keyword == "minimum":
            found += [f"{where}: {value!r} < {expected}"] if value < expected else []
        elif keyword == "maximum":
            found += [f"{where}: {value!r} > {expected}"] if value > expected else []
        elif keyword == "pattern":
            found += [] if re.search(expected, value) else [f"{where}: {value!r} !~ {expected}"]
        else:
            raise AssertionError(f"the test's validator does not know {keyword!r}")
    return found


def check(value: object, shape: str) -> None:
    root = schema()
    assert errors(value, root["$defs"][shape], root) == []


def test_the_validator_finds_what_breaks_the_schema() -> None:
    root = schema()
    rule = root["$defs"]["decoded_code"]
    _, out, _ = run("decode", "--json", "10")
    good = json.loads(out)[0]
    assert errors(good, rule, root) == []
    assert errors({**good, "extra": 1}, rule, root) == ["$: unexpected 'extra'"]
    assert errors({**good, "code": True}, rule, root) == ["$.code: True is not integer"]
    assert errors({**good, "code_hex": "0x10"}, rule, root) == [
        "$.code_hex: '0x10' !~ ^0x[0-9A-F]{8}$"
    ]
    assert errors({**good, "base": 8}, rule, root) == ["$.base: 8 not in [10, 16]"]
    del good["flags"]
    assert errors(good, rule, root) == ["$: no 'flags'"]
    message = root["$defs"]["message"]
    assert errors({"code": -1}, {"properties": message["properties"]}, root) == [
        "$.code: -1 matches not exactly one of [{'$ref': '#/$defs/uint32'}, {'type': 'null'}]"
    ]
    with pytest.raises(AssertionError, match="does not know 'const'"):
        errors(1, {"const": 1}, root)


@pytest.mark.parametrize(
    "argv",
    [
        ("10",),
        ("80000118", "0", "zz"),
        ("--from", "trust", "0x8020"),
        ("--from", "hresult", "(0x800B0109)"),
        ("--from", "openssl", "39"),
        ("zz",),
    ],
)
def test_decode(argv: tuple[str, ...]) -> None:
    _, out, _ = run("decode", "--json", *argv)
    check(json.loads(out), "decode")


@pytest.mark.parametrize("argv", [(), ("--all",)])
@pytest.mark.parametrize("text", [TEXT, "nothing here"])
def test_parse(argv: tuple[str, ...], text: str) -> None:
    _, out, _ = run("parse", "--json", *argv, stdin=text.encode())
    check(json.loads(out), "parse")


def test_scan_lines(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(TEXT, encoding="utf-8")
    _, out, _ = run("scan", "--json", str(tmp_path))
    lines = out.splitlines()
    assert len(lines) == 3
    for line in lines:
        check(json.loads(line), "scan_line")


def test_scan_summary(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_text(TEXT + f"{HEADER}, a.example. {TAIL} (80000100)\n", "utf-8")
    _, out, _ = run("scan", "--summary", "--json", str(tmp_path), str(tmp_path / "missing"))
    summary = json.loads(out)
    check(summary, "scan_summary")
    assert summary["errors"]
    assert summary["messages_with_unknown_bits"]


def test_flags() -> None:
    _, out, _ = run("flags", "--json")
    check(json.loads(out), "flags")


MESSAGE_10 = f"{HEADER}, mail.contoso.com. {TAIL} (10)"


@pytest.mark.parametrize(
    "argv",
    [
        ("--proxy", "mail.contoso.com"),
        ("--message", MESSAGE_10, "--principal", "msstd:mail.contoso.com"),
        ("--message", MESSAGE_10, "--principal", "fullsic:CN=mail"),
        ("--proxy", "https://10.0.0.1:443/rpc", "--principal", "msstd:other.example"),
        ("--trust", "none"),
    ],
)
@pytest.mark.parametrize("chain", ["good", "expired", "leaf only"])
def test_cert(tmp_path: Path, argv: tuple[str, ...], chain: str) -> None:
    from tests import certs as c

    leaf = c.good()[0]
    if chain == "expired":
        leaf = c.make(
            "webmail.fabrikam.com", c.intermediate(), dns=["webmail.fabrikam.com"],
            key_name="leaf", not_after=c.AT - c.YEAR / 2, not_before=c.AT - c.YEAR,
        )[0]  # fmt: skip
    bundle = c.pem(leaf) if chain == "leaf only" else c.pem(leaf, c.intermediate()[0])
    (tmp_path / "chain.pem").write_bytes(bundle)
    (tmp_path / "root.pem").write_bytes(c.pem(c.root()[0]))
    trust = () if "--trust" in argv else ("--trust", str(tmp_path / "root.pem"))
    at = ("--at", c.AT.isoformat())
    _, out, _ = run("cert", str(tmp_path / "chain.pem"), *argv, *trust, *at, "--json")
    check(json.loads(out), "cert")
