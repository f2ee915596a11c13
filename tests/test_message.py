"""ErrorMessage: its derived facts, its JSON form, its repr and its rendering."""

from __future__ import annotations

import json
import pickle
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import dns_names, messages

from proxycert import (
    CertProblem,
    ErrorMessage,
    InvalidCodeError,
    MessageKind,
    Resolution,
    UnknownMessageKindError,
    parse,
)

K = MessageKind


def test_frozen_and_slotted() -> None:
    message = ErrorMessage(K.NAME_MISMATCH, "mail.contoso.com", code=0x10)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        message.code = 8  # type: ignore[misc]
    assert not hasattr(message, "__dict__")


def test_kind_accepts_a_number() -> None:
    assert ErrorMessage(3).kind is K.UNTRUSTED_CA


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"kind": 5}, UnknownMessageKindError, "unknown error message kind 5"),
        ({"kind": "1"}, TypeError, "kind must be a MessageKind or an int, not str"),
        ({"kind": 1, "code": -1}, InvalidCodeError, "expected an unsigned 32-bit value"),
        ({"kind": 1, "code": 1 << 32}, InvalidCodeError, "expected an unsigned 32-bit value"),
        # A code is an int: text has a base and a frame to read, which decode() knows.
        (
            {"kind": 1, "code": "10"},
            TypeError,
            r"^code must be an int, not str: read the text with decode\(\) first, as in"
            r" code=int\(decode\(text\)\)$",
        ),
        ({"kind": 1, "code": 1.5}, TypeError, "^code must be an int, not float$"),
        ({"kind": 1, "code": True}, TypeError, "^code must be an int, not bool$"),
        ({"kind": 1, "language": "fr"}, ValueError, "language must be one of 'en', 'ja', not 'fr'"),
    ],
)
def test_invalid_fields(kwargs: dict[str, object], error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        ErrorMessage(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "code", "resolutions"),
    [
        (1, None, (Resolution.EXAMINE_CERTIFICATE,)),
        (1, 0x10, (Resolution.EXAMINE_CERTIFICATE,)),
        (2, 0x18, (Resolution.EXAMINE_CERTIFICATE, Resolution.INSTALL_TRUSTED_ROOT)),
        (3, 0x8, (Resolution.INSTALL_TRUSTED_ROOT,)),
        (3, 0x28, (Resolution.INSTALL_TRUSTED_ROOT, Resolution.EXAMINE_CERTIFICATE)),
        (4, 0, (Resolution.DISABLE_ADD_INS,)),
        (4, 0x10, (Resolution.DISABLE_ADD_INS, Resolution.EXAMINE_CERTIFICATE)),
        (4, 0x80000000, (Resolution.DISABLE_ADD_INS,)),
    ],
)
def test_resolutions_put_the_kbs_first(
    kind: int, code: int | None, resolutions: tuple[Resolution, ...]
) -> None:
    message = ErrorMessage(kind, code=code)
    assert message.resolution is resolutions[0]
    assert message.resolutions == resolutions


def test_code_may_be_a_flag() -> None:
    # CertProblem is an int: its flags are a code.
    assert ErrorMessage(1, code=CertProblem.FLAG_INVALID_CA).code == 8


def test_problems() -> None:
    assert ErrorMessage(1).problems is None
    assert ErrorMessage(1, code=0x30).problems == CertProblem(0x30)


def test_to_dict_is_json_ready_and_stable() -> None:
    message = ErrorMessage(
        K.NAME_MISMATCH, "mail.contoso.com", code=0x118, code_text="118", span=(3, 99), notes=("n",)
    )
    data = message.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "kind": 2,
        "kind_name": "NAME_MISMATCH",
        "language": "en",
        "proxy_server": "mail.contoso.com",
        "target_site": None,
        "code": 0x118,
        "code_text": "118",
        "code_hex": "0x00000118",
        "flags": ["FLAG_INVALID_CA", "FLAG_CERT_CN_INVALID"],
        "unknown_bits": 0x100,
        "resolution": 1,
        "resolutions": [
            Resolution.EXAMINE_CERTIFICATE.to_dict(),
            Resolution.INSTALL_TRUSTED_ROOT.to_dict(),
        ],
        "notes": ["n"],
        "where_to_look": message.where_to_look,
        "span": [3, 99],
        "line": None,
        "column": None,
        "source": None,
    }


@pytest.mark.parametrize("kind", list(MessageKind))
def test_where_to_look_names_the_profile_property(kind: MessageKind) -> None:
    hint = ErrorMessage(kind).where_to_look
    assert ("001f6625" if kind is K.TARGET_SITE_MISMATCH else "001f6622") in hint


def test_to_dict_without_code() -> None:
    data = ErrorMessage(4).to_dict()
    assert (data["code"], data["code_hex"], data["flags"], data["unknown_bits"]) == (
        None,
        None,
        [],
        0,
    )
    assert data["span"] is None


def test_repr_reads_like_the_call() -> None:
    message = ErrorMessage(K.UNTRUSTED_CA, "mail.contoso.com", code=8, code_text="8")
    assert repr(message) == (
        "ErrorMessage(MessageKind.UNTRUSTED_CA, proxy_server='mail.contoso.com', code=8, code_text='8')"
    )
    assert repr(ErrorMessage(1)) == "ErrorMessage(MessageKind.CERTIFICATE_PROBLEM)"


def test_pickles() -> None:
    message = parse(ErrorMessage(2, "a.example", code=0x10).render())
    assert pickle.loads(pickle.dumps(message)) == message


@pytest.mark.parametrize(
    ("message", "text"),
    [
        (
            ErrorMessage(1, "mail.contoso.com", code=0x10),
            "There is a problem with the proxy server's security certificate, mail.contoso.com."
            " Outlook is unable to connect to this server. (10)",
        ),
        (
            ErrorMessage(1, code_text="0x00000010", code=0x10),
            "There is a problem with the proxy server's security certificate."
            " Outlook is unable to connect to this server. (0x00000010)",
        ),
        (
            ErrorMessage(4, "mail.contoso.com", "outlook.office365.com", code=0),
            "There is a problem with the proxy server's security certificate. The name on the"
            " security certificate is invalid or does not match the name of the target site"
            " outlook.office365.com. Outlook is unable to connect to the proxy server"
            " mail.contoso.com (Error Code 0)",
        ),
        (
            ErrorMessage(1, "mail.contoso.com", code=0x10, language="ja"),
            "プロキシ サーバーのセキュリティ証明書 mail.contoso.com に問題があります。"
            " Outlook はこのサーバーに接続できません。 (10)",
        ),
        (
            ErrorMessage(4, target_site="outlook.office365.com", code=0, language="ja"),
            "プロキシ サーバーのセキュリティ証明書に問題があります。 セキュリティ証明書の名前が無効であるか、"
            "ターゲット サイト outlook.office365.com の名前と一致しません。"
            " Outlook がプロキシ サーバーに接続できない (エラー コード 0)",
        ),
    ],
)
def test_render(message: ErrorMessage, text: str) -> None:
    assert message.render() == text


def test_render_of_the_kb_example_is_the_kb_text() -> None:
    message = ErrorMessage(4, target_site="outlook.office365.com", code=0)
    assert message.render() == K.TARGET_SITE_MISMATCH.template


FIELDS = ("kind", "proxy_server", "target_site", "code", "code_text", "language")


@given(messages())
def test_parse_of_render_gives_back_the_fields(message: ErrorMessage) -> None:
    found = parse(message.render())
    assert {f: getattr(found, f) for f in FIELDS} == {f: getattr(message, f) for f in FIELDS}
    assert found.span == (0, len(message.render()))


@given(
    st.sampled_from(MessageKind),
    st.sampled_from(["en", "ja"]),
    dns_names,
    st.none() | dns_names,
    st.none() | st.integers(min_value=0, max_value=0xFFFF_FFFF),
)
def test_every_dns_name_comes_back_whole(
    kind: MessageKind, language: str, proxy: str, target: str | None, code: int | None
) -> None:
    # Issue 12, finding 7: _srv.contoso.com, 1.example, xn--bcher-kva.example, a.b. (rooted).
    if kind is not MessageKind.TARGET_SITE_MISMATCH:
        target = None
    message = ErrorMessage(kind, proxy, target, code=code, language=language)
    found = parse(message.render())
    assert (found.kind, found.proxy_server, found.target_site, found.code) == (
        kind,
        proxy,
        target,
        code,
    )


@pytest.mark.parametrize(
    ("message", "proxy", "target"),
    [
        (ErrorMessage(4, "a.example", code=0x10, language="ja"), "a.example", None),
        (ErrorMessage(4, language="ja"), None, None),
        (
            ErrorMessage(4, "_srv.contoso.com", "b.example.", code=8),
            "_srv.contoso.com",
            "b.example.",
        ),
        (ErrorMessage(1, "_srv.contoso.com", language="ja"), "_srv.contoso.com", None),
        (ErrorMessage(2, "mail.contoso.com.", code=0x10), "mail.contoso.com.", None),
    ],
)
def test_round_trips_of_issue_12(
    message: ErrorMessage, proxy: str | None, target: str | None
) -> None:
    found = parse(message.render())
    assert (found.kind, found.proxy_server, found.target_site) == (message.kind, proxy, target)


@given(messages())
def test_scanned_messages_equal_messages_built_by_the_public_constructor(
    message: ErrorMessage,
) -> None:
    # The scanner builds messages without the constructor's converters and validators
    # (trusted_message); what it builds must be what the constructor would accept and build.
    found = parse(message.render())
    rebuilt = ErrorMessage(**{f.name: getattr(found, f.name) for f in attrs.fields(ErrorMessage)})
    assert rebuilt == found
    assert type(rebuilt.kind) is type(found.kind)


# ---- issue 12, finding 9: wrong types and out-of-range numbers fail at once, in short -------


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"proxy_server": 2**100000}, TypeError, "proxy_server must be a str or None, not int"),
        ({"target_site": b"a.b"}, TypeError, "target_site must be a str or None, not bytes"),
        ({"code_text": 10}, TypeError, "code_text must be a str or None, not int"),
        ({"notes": "a note"}, TypeError, "notes must be a tuple of str"),
        ({"notes": (1,)}, TypeError, "notes must be a tuple of str"),
        ({"span": (0, 2**100000)}, ValueError, "span must be a pair of offsets"),
        ({"span": (5, 2)}, ValueError, "span must be a pair of offsets"),
        ({"span": [0, 2]}, TypeError, "span must be a tuple of two ints or None, not list"),
        ({"line": 0}, ValueError, "line must be at least 1"),
        ({"column": 2**100000}, ValueError, "column must be at most"),
        ({"line": "1"}, TypeError, "line must be an int or None, not str"),
        ({"code": 2**100000}, InvalidCodeError, "expected an unsigned 32-bit value"),
        ({"language": 2**100000}, ValueError, "language must be one of 'en', 'ja', not <int of"),
    ],
)
def test_fields_of_the_wrong_type_or_range(
    kwargs: dict[str, object], error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=re.escape(text)) as info:
        ErrorMessage(1, **kwargs)  # type: ignore[arg-type]
    assert len(str(info.value)) < 200


def test_repr_of_a_valid_message_never_raises() -> None:
    message = ErrorMessage(1, "a" * 10_000, span=(0, 10**18), line=10**18, column=1)
    assert repr(message).startswith("ErrorMessage(MessageKind.CERTIFICATE_PROBLEM, proxy_server='")
