"""The Outlook profile's RPC-over-HTTP properties, their registry homes and where_to_look()."""

from __future__ import annotations

import json
import pickle

import attrs
import pytest

from proxycert import (
    GLOBAL_PROFILE_SECTION,
    PR_ROH_FLAGS,
    PR_ROH_PROXY_AUTH_SCHEME,
    PR_ROH_PROXY_PRINCIPAL_NAME,
    PR_ROH_PROXY_SERVER,
    PROFILE_REGISTRY_ROOTS,
    MessageKind,
    ProfileProperty,
    UnknownMessageKindError,
    where_to_look,
)

# codes.md §3: registry value name, tag, canonical name, MAPI name, MFCMAPI aliases, type, source.
PROPERTY_TABLE = [
    pytest.param(
        PR_ROH_PROXY_SERVER,
        "001f6622",
        0x6622001F,
        "PidTagRpcOverHttpProxyServer",
        "PR_ROH_PROXY_SERVER",
        ("PR_PROFILE_RPC_PROXY_SERVER",),
        "PT_UNICODE",
        "S-MAPI-6622",
        id="S-MAPI-6622",
    ),
    pytest.param(
        PR_ROH_FLAGS,
        "00036623",
        0x66230003,
        "PidTagRpcOverHttpFlags",
        "PR_ROH_FLAGS",
        ("PR_PROFILE_RPC_PROXY_SERVER_FLAGS",),
        "PT_LONG",
        "S-MAPI-6623",
        id="S-MAPI-6623",
    ),
    pytest.param(
        PR_ROH_PROXY_PRINCIPAL_NAME,
        "001f6625",
        0x6625001F,
        "PidTagRpcOverHttpProxyPrincipalName",
        "PR_ROH_PROXY_PRINCIPAL_NAME",
        (),
        "PT_UNICODE",
        "S-MAPI-6625",
        id="S-MAPI-6625",
    ),
    pytest.param(
        PR_ROH_PROXY_AUTH_SCHEME,
        "00036627",
        0x66270003,
        "PidTagRpcOverHttpProxyAuthScheme",
        "PR_ROH_PROXY_AUTH_SCHEME",
        ("PR_PROFILE_RPC_PROXY_SERVER_AUTH_PACKAGE",),
        "PT_LONG",
        "S-MAPI-6627",
        id="S-MAPI-6627",
    ),
]


@pytest.mark.parametrize(
    ("prop", "value_name", "tag", "canonical", "mapi", "aliases", "prop_type", "source"),
    PROPERTY_TABLE,
)
def test_property_row(
    *,
    prop: ProfileProperty,
    value_name: str,
    tag: int,
    canonical: str,
    mapi: str,
    aliases: tuple[str, ...],
    prop_type: str,
    source: str,
) -> None:
    assert prop.registry_value_name == value_name
    assert (prop.tag, prop.canonical_name, prop.mapi_name, prop.aliases) == (
        tag,
        canonical,
        mapi,
        aliases,
    )
    assert (prop.prop_type, prop.source) == (prop_type, source)
    # The type is the tag's low word: PT_UNICODE 0x001F, PT_LONG 0x0003.
    assert tag & 0xFFFF == {"PT_UNICODE": 0x001F, "PT_LONG": 0x0003}[prop_type]
    assert prop.meaning.startswith(("Contains ", "Represents "))


def test_the_kbs_property_is_the_proxy_server() -> None:
    # S-KB: the first %s is "the Outlook profile property 001f6622".
    assert PR_ROH_PROXY_SERVER.registry_value_name == "001f6622"
    assert "URL of the proxy server" in PR_ROH_PROXY_SERVER.meaning


# S-MAPI-6623: the PR_ROH_FLAGS bits; PRXF_IGNORE_SEC_WARNING is MFCMAPI's only.
@pytest.mark.parametrize(
    ("name", "value", "source"),
    [
        pytest.param("ROHFLAGS_USE_ROH", 0x1, "S-MAPI-6623", id="S-MAPI-6623-USE_ROH"),
        pytest.param("ROHFLAGS_SSL_ONLY", 0x2, "S-MAPI-6623", id="S-MAPI-6623-SSL_ONLY"),
        pytest.param("ROHFLAGS_MUTUAL_AUTH", 0x4, "S-MAPI-6623", id="S-MAPI-6623-MUTUAL_AUTH"),
        pytest.param(
            "ROHFLAGS_HTTP_FIRST_ON_FAST", 0x8, "S-MAPI-6623", id="S-MAPI-6623-HTTP_FIRST_ON_FAST"
        ),
        pytest.param(
            "PRXF_IGNORE_SEC_WARNING", 0x10, "S-MFCMAPI", id="S-MFCMAPI-PRXF_IGNORE_SEC_WARNING"
        ),
        pytest.param(
            "ROHFLAGS_HTTP_FIRST_ON_SLOW", 0x20, "S-MAPI-6623", id="S-MAPI-6623-HTTP_FIRST_ON_SLOW"
        ),
    ],
)
def test_roh_flags_bits(name: str, value: int, source: str) -> None:
    (record,) = [code for code in PR_ROH_FLAGS.values if code.name == name]
    assert (record.value, record.source, record.judgement) == (value, source, False)
    # Microsoft describes its bits; MFCMAPI's meaning is unverified, so it has no text.
    assert (record.text is None) == (source == "S-MFCMAPI")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("ROHAUTH_BASIC", 0x1, id="S-MAPI-6627-BASIC"),
        pytest.param("ROHAUTH_NTLM", 0x2, id="S-MAPI-6627-NTLM"),
    ],
)
def test_auth_scheme_values(name: str, value: int) -> None:
    (record,) = [code for code in PR_ROH_PROXY_AUTH_SCHEME.values if code.name == name]
    assert (record.value, record.source) == (value, "S-MAPI-6627")


def test_no_documented_values_for_the_string_properties() -> None:
    assert PR_ROH_PROXY_SERVER.values == PR_ROH_PROXY_PRINCIPAL_NAME.values == ()
    assert len(PR_ROH_FLAGS.values) == 6
    assert len(PR_ROH_PROXY_AUTH_SCHEME.values) == 2


@pytest.mark.parametrize(
    ("outlook", "key"),
    [
        pytest.param(
            "2010 (14.0), 2007 (12.0) and older",
            r"HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem"
            r"\Profiles\<profile>",
            id="secondary-2010",
        ),
        pytest.param(
            "2013 (15.0)",
            r"HKCU\Software\Microsoft\Office\15.0\Outlook\Profiles\<profile>",
            id="secondary-2013",
        ),
        pytest.param(
            "2016, 2019, 2021 and Microsoft 365 (16.0)",
            r"HKCU\Software\Microsoft\Office\16.0\Outlook\Profiles\<profile>",
            id="secondary-2016",
        ),
    ],
)
def test_registry_roots(outlook: str, key: str) -> None:
    (root,) = [root for root in PROFILE_REGISTRY_ROOTS if root.outlook == outlook]
    assert root.key == key
    assert root.status == "secondary sources only"
    assert root.sources
    assert all(source.startswith("https://") for source in root.sources)


def test_registry_roots_are_the_three_rows() -> None:
    assert len(PROFILE_REGISTRY_ROOTS) == 3


def test_global_profile_section_is_the_guid_bytes() -> None:
    # DERIVED from pbGlobalProfileSectionGuid (S-EDKMDB).
    guid = bytes([0x13, 0xDB, 0xB0, 0xC8, 0xAA, 0x05, 0x10, 0x1A])
    guid += bytes([0x9B, 0xB0, 0x00, 0xAA, 0x00, 0x2F, 0xC4, 0x5A])
    assert guid.hex() == GLOBAL_PROFILE_SECTION


def test_records_are_frozen_and_serialise() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        PR_ROH_FLAGS.tag = 0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(PR_ROH_FLAGS)) == PR_ROH_FLAGS
    data = PR_ROH_FLAGS.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert isinstance(data["aliases"], list)
    assert data["registry_value_name"] == "00036623"
    assert data["values"][0] == {
        "name": "ROHFLAGS_USE_ROH",
        "value": 1,
        "text": "Connect to the Exchange Server using RPC over HTTP.",
        "judgement": False,
        "source": "S-MAPI-6623",
    }
    root = PROFILE_REGISTRY_ROOTS[0].to_dict()
    assert json.loads(json.dumps(root)) == root
    assert isinstance(root["sources"], list)


# ---- where_to_look ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [1, 2, 3])
def test_messages_1_to_3_point_to_the_proxy_server_property(kind: int) -> None:
    hint = where_to_look(kind)
    assert hint.startswith(
        "The server name in this message is Outlook profile property 001f6622,"
        " PR_ROH_PROXY_SERVER: the Exchange RPC proxy server name (KB 923575)."
    )
    assert where_to_look(MessageKind(kind)) == hint


def test_message_3_expects_invalid_ca() -> None:
    assert where_to_look(3).endswith(
        "KB 923575 expects the code of this message to always be 0x00000008 (FLAG_INVALID_CA)."
    )


def test_message_4_points_to_the_principal_name() -> None:
    assert where_to_look(4) == (
        "The name check is the 'Only connect to proxy servers that have this principal name in"
        " their certificate' setting, the mutual authentication string such as msstd:<name>"
        " (KB 2710606). It is stored in profile property 001f6625, PR_ROH_PROXY_PRINCIPAL_NAME"
        " (derived from the property's name and description)."
    )


@pytest.mark.parametrize("kind", [0, 5, -1])
def test_where_to_look_unknown_kind(kind: int) -> None:
    with pytest.raises(UnknownMessageKindError) as info:
        where_to_look(kind)
    assert str(info.value) == f"unknown error message kind {kind}: expected 1, 2, 3 or 4"


@pytest.mark.parametrize("kind", [True, "1", 1.0, None])
def test_where_to_look_wrong_type(kind: object) -> None:
    with pytest.raises(TypeError) as info:
        where_to_look(kind)  # type: ignore[arg-type]
    assert str(info.value) == f"kind must be a MessageKind or an int, not {type(kind).__name__}"
