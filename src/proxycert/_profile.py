"""Where the names in the messages live: the Outlook profile's RPC-over-HTTP properties.

KB 923575 says the first ``%s`` of messages 1 to 3 is "the Outlook profile property 001f6622",
the Exchange RPC proxy server name.  That is ``PR_ROH_PROXY_SERVER``; three related properties
hold the rest of the profile's RPC-over-HTTP settings, among them the principal name behind
message 4's name check.  The properties and their meanings are Microsoft's (the MAPI reference,
sources ``S-MAPI-6622`` ... ``S-MAPI-6627``).  How they are stored in the registry comes from
secondary sources only, and Microsoft calls editing them there unsupported (KB 266352).

>>> from proxycert import PR_ROH_PROXY_SERVER
>>> PR_ROH_PROXY_SERVER.registry_value_name, PR_ROH_PROXY_SERVER.mapi_name
('001f6622', 'PR_ROH_PROXY_SERVER')
"""

from __future__ import annotations

from typing import Any

import attrs

from ._crossref_tables import RelatedCode
from ._kb import MessageKind, to_kind
from ._public import public

__all__ = [
    "GLOBAL_PROFILE_SECTION",
    "PROFILE_REGISTRY_ROOTS",
    "PR_ROH_FLAGS",
    "PR_ROH_PROXY_AUTH_SCHEME",
    "PR_ROH_PROXY_PRINCIPAL_NAME",
    "PR_ROH_PROXY_SERVER",
    "ProfileProperty",
    "ProfileRegistryRoot",
    "where_to_look",
]


@public
@attrs.frozen
class ProfileProperty:
    """A MAPI profile property, with the names Microsoft, MFCMAPI and the registry give it.

    :ivar tag: the property tag, ``PROP_TAG(type, id)``: ``0x6622001F``.
    :ivar mapi_name: the ``PR_*`` name Microsoft gives as the associated property.
    :ivar canonical_name: Microsoft's canonical ``PidTag*`` name.
    :ivar prop_type: the MAPI property type, ``"PT_UNICODE"`` or ``"PT_LONG"``.
    :ivar meaning: Microsoft's description, word for word.
    :ivar source: the id of the MAPI reference page (``"S-MAPI-6622"``).
    :ivar aliases: other names MFCMAPI lists for the same tag (source ``S-MFCMAPI``).
    :ivar values: the values or bits Microsoft documents for the property; a bit that only
        MFCMAPI names has ``text=None``.

    >>> PR_ROH_FLAGS.values[0]
    RelatedCode(name='ROHFLAGS_USE_ROH', value=1, text='Connect to the Exchange Server using RPC over HTTP.', judgement=False, source='S-MAPI-6623')
    """

    tag: int
    mapi_name: str
    canonical_name: str
    prop_type: str
    meaning: str
    source: str
    aliases: tuple[str, ...] = ()
    values: tuple[RelatedCode, ...] = ()

    @property
    def registry_value_name(self) -> str:
        """The name of the registry value that holds the property: type, then id, 8 hex digits.

        This is the reverse of the tag's order, which is why KB 923575 writes ``001f6622``.
        The convention comes from a secondary source (the gromox wiki); Microsoft does not
        document it.

        >>> PR_ROH_PROXY_PRINCIPAL_NAME.registry_value_name
        '001f6625'
        """
        return f"{self.tag & 0xFFFF:04x}{self.tag >> 16:04x}"

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready ``dict``, with :attr:`registry_value_name` added.

        >>> PR_ROH_PROXY_AUTH_SCHEME.to_dict()["registry_value_name"]
        '00036627'
        """
        return {
            "tag": self.tag,
            "registry_value_name": self.registry_value_name,
            "mapi_name": self.mapi_name,
            "canonical_name": self.canonical_name,
            "prop_type": self.prop_type,
            "meaning": self.meaning,
            "source": self.source,
            "aliases": list(self.aliases),
            "values": [value.to_dict() for value in self.values],
        }


@public
@attrs.frozen
class ProfileRegistryRoot:
    r"""The registry key under which an Outlook version keeps its profiles, one subkey each.

    Every root comes from secondary sources only: Microsoft documents none of them (its
    KB 266352 calls the values undocumented and editing them unsupported).

    :ivar outlook: the Outlook versions, with Office's version number.
    :ivar key: the key, ``<profile>`` standing for the profile's name.
    :ivar sources: where it was read, as addresses.
    :ivar status: ``"secondary sources only"``, so that the record says so wherever it goes.

    >>> print(PROFILE_REGISTRY_ROOTS[-1].key)
    HKCU\Software\Microsoft\Office\16.0\Outlook\Profiles\<profile>
    """

    outlook: str
    key: str
    sources: tuple[str, ...]
    status: str = "secondary sources only"

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready ``dict``, keyed by field name.

        >>> PROFILE_REGISTRY_ROOTS[0].to_dict()["status"]
        'secondary sources only'
        """
        return {
            "outlook": self.outlook,
            "key": self.key,
            "sources": list(self.sources),
            "status": self.status,
        }


_SO_OUTLOOKSPY = (
    "https://stackoverflow.com/questions/13502664/which-registry-keys-determine-the-outlook-profile"
    "/13642954"
)

PR_ROH_PROXY_SERVER = ProfileProperty(
    tag=0x6622_001F,
    mapi_name="PR_ROH_PROXY_SERVER",
    canonical_name="PidTagRpcOverHttpProxyServer",
    prop_type="PT_UNICODE",
    meaning=(
        "Contains the URL of the proxy server that is used to connect Microsoft Outlook to"
        " Microsoft Exchange Server without the HTTP protocol or the Hypertext Transfer Protocol"
        " Secure (HTTPS) protocol that comes before the URL."
    ),
    source="S-MAPI-6622",
    aliases=("PR_PROFILE_RPC_PROXY_SERVER",),
)
"""Profile property ``001f6622``: the RPC proxy server name that messages 1 to 3 show."""

PR_ROH_FLAGS = ProfileProperty(
    tag=0x6623_0003,
    mapi_name="PR_ROH_FLAGS",
    canonical_name="PidTagRpcOverHttpFlags",
    prop_type="PT_LONG",
    meaning=(
        "Contains the settings in a profile used by Microsoft Office Outlook to connect to"
        " Microsoft Exchange Server by using a remote procedure call (RPC) over Hypertext"
        " Transfer Protocol (HTTP)."
    ),
    source="S-MAPI-6623",
    aliases=("PR_PROFILE_RPC_PROXY_SERVER_FLAGS",),
    values=(
        RelatedCode(
            "ROHFLAGS_USE_ROH",
            0x1,
            "Connect to the Exchange Server using RPC over HTTP.",
            judgement=False,
            source="S-MAPI-6623",
        ),
        RelatedCode(
            "ROHFLAGS_SSL_ONLY",
            0x2,
            "Connect to the Exchange Server using Secure Socket Layer (SSL) only.",
            judgement=False,
            source="S-MAPI-6623",
        ),
        RelatedCode(
            "ROHFLAGS_MUTUAL_AUTH",
            0x4,
            "Mutually authenticate the session when connecting by using SSL.",
            judgement=False,
            source="S-MAPI-6623",
        ),
        RelatedCode(
            "ROHFLAGS_HTTP_FIRST_ON_FAST",
            0x8,
            "On fast networks, connect by using HTTP first. Then, connect by using TCP/IP.",
            judgement=False,
            source="S-MAPI-6623",
        ),
        # Only MFCMAPI names this bit; Microsoft's page does not list it, so its meaning is
        # unknown.
        RelatedCode("PRXF_IGNORE_SEC_WARNING", 0x10, None, judgement=False, source="S-MFCMAPI"),
        RelatedCode(
            "ROHFLAGS_HTTP_FIRST_ON_SLOW",
            0x20,
            "On slow networks, connect by using HTTP first. Then, connect by using TCP/IP.",
            judgement=False,
            source="S-MAPI-6623",
        ),
    ),
)
"""Profile property ``00036623``: the RPC-over-HTTP settings, a bitmask (Global Profile Section)."""

PR_ROH_PROXY_PRINCIPAL_NAME = ProfileProperty(
    tag=0x6625_001F,
    mapi_name="PR_ROH_PROXY_PRINCIPAL_NAME",
    canonical_name="PidTagRpcOverHttpProxyPrincipalName",
    prop_type="PT_UNICODE",
    meaning=(
        "Contains the principal name of the proxy server that is used by Microsoft Outlook to"
        " connect to Microsoft Exchange Server by using a remote procedure call (RPC) over"
        " Hypertext Transfer Protocol (HTTP)."
    ),
    source="S-MAPI-6625",
)
"""Profile property ``001f6625``: the proxy's principal name, such as ``msstd:<name>``.

That this property stores the "Only connect to proxy servers that have this principal name in
their certificate" setting is derived from its name and description, not stated by Microsoft.
"""

PR_ROH_PROXY_AUTH_SCHEME = ProfileProperty(
    tag=0x6627_0003,
    mapi_name="PR_ROH_PROXY_AUTH_SCHEME",
    canonical_name="PidTagRpcOverHttpProxyAuthScheme",
    prop_type="PT_LONG",
    meaning="Represents the authentication protocol to be used for this profile.",
    source="S-MAPI-6627",
    aliases=("PR_PROFILE_RPC_PROXY_SERVER_AUTH_PACKAGE",),
    values=(
        RelatedCode(
            "ROHAUTH_BASIC", 0x1, "Basic authentication", judgement=False, source="S-MAPI-6627"
        ),
        RelatedCode(
            "ROHAUTH_NTLM", 0x2, "NTLM authentication", judgement=False, source="S-MAPI-6627"
        ),
    ),
)
"""Profile property ``00036627``: the proxy authentication scheme (Basic or NTLM)."""

PROFILE_REGISTRY_ROOTS: tuple[ProfileRegistryRoot, ...] = (
    ProfileRegistryRoot(
        outlook="2010 (14.0), 2007 (12.0) and older",
        key=r"HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem"
        r"\Profiles\<profile>",
        sources=(_SO_OUTLOOKSPY, "https://www.itprotoday.com/windows-78/inside-mapi-profiles"),
    ),
    ProfileRegistryRoot(
        outlook="2013 (15.0)",
        key=r"HKCU\Software\Microsoft\Office\15.0\Outlook\Profiles\<profile>",
        sources=(_SO_OUTLOOKSPY, "https://mskb.pkisolutions.com/kb/2850989"),
    ),
    ProfileRegistryRoot(
        outlook="2016, 2019, 2021 and Microsoft 365 (16.0)",
        key=r"HKCU\Software\Microsoft\Office\16.0\Outlook\Profiles\<profile>",
        sources=(
            _SO_OUTLOOKSPY,
            "https://mskb.pkisolutions.com/kb/2850989",
            "https://github.com/grommunio/gromox/wiki/Windows",
        ),
    ),
)
"""Where each Outlook version keeps its profiles in the registry (secondary sources only)."""

GLOBAL_PROFILE_SECTION = "13dbb0c8aa05101a9bb000aa002fc45a"
"""The subkey of a profile that holds its Global Profile Section, where ``PR_ROH_FLAGS`` is.

Derived from the bytes of ``pbGlobalProfileSectionGuid`` in Microsoft's EDKMDB.H, written in
lower-case hexadecimal as profile subkeys are named.  A secondary source adds that since
Outlook 2007 the RPC-over-HTTP properties can also sit in each Exchange account's own section.
"""

_PROXY_SERVER_HINT = (
    "The server name in this message is Outlook profile property 001f6622,"
    " PR_ROH_PROXY_SERVER: the Exchange RPC proxy server name (KB 923575)."
)
_HINTS = {
    MessageKind.CERTIFICATE_PROBLEM: _PROXY_SERVER_HINT
    + " The number in parentheses is the sum of the certificate problem flags.",
    MessageKind.NAME_MISMATCH: _PROXY_SERVER_HINT
    + " The number in parentheses is the sum of the certificate problem flags.",
    MessageKind.UNTRUSTED_CA: _PROXY_SERVER_HINT
    + " KB 923575 expects the code of this message to always be 0x00000008 (FLAG_INVALID_CA).",
    MessageKind.TARGET_SITE_MISMATCH: (
        "The name check is the 'Only connect to proxy servers that have this principal name in"
        " their certificate' setting, the mutual authentication string such as msstd:<name>"
        " (KB 2710606). It is stored in profile property 001f6625, PR_ROH_PROXY_PRINCIPAL_NAME"
        " (derived from the property's name and description)."
    ),
}


@public
def where_to_look(kind: MessageKind | int) -> str:
    """A short, factual hint on where the name in an error message comes from.

    :param kind: a :class:`MessageKind` or its number, 1 to 4.
    :returns: one to three sentences.
    :raises UnknownMessageKindError: *kind* is not 1, 2, 3 or 4.
    :raises TypeError: *kind* is not an ``int`` (a ``bool`` is refused too).

    >>> where_to_look(1).split(":")[0]
    'The server name in this message is Outlook profile property 001f6622, PR_ROH_PROXY_SERVER'
    """
    return _HINTS[to_kind(kind)]
