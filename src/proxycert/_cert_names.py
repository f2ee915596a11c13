"""Windows' rules for the proxy name and the ``msstd:`` principal (cert-check.md §3 and §4).

Pure text work on names already read from a certificate, so it needs no ``cryptography``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from typing import Union

from ._cert_model import NameMatch, PrincipalMatch
from ._errors import short_repr

__all__ = ["check_principal", "match_name", "normalize_proxy"]

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]

# A URL's scheme, as in "https://mail.contoso.com/rpc/rpcproxy.dll".
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}://")
_IDNA_NOTE = (
    "{host} was converted to Punycode with IDNA 2003; which IDNA version Windows applies here"
    " is unverified"
)


def normalize_proxy(proxy: str) -> tuple[str | IPAddress, tuple[str, ...]]:
    """The host that Windows compares: no scheme, path, user, port, brackets or final dot.

    A Unicode name becomes Punycode, as ``SSL_EXTRA_CERT_CHAIN_POLICY_PARA`` describes
    (S-HTTPSPOL).
    """
    text = _SCHEME.sub("", proxy.strip(), count=1)
    text = re.split(r"[/?#]", text, maxsplit=1)[0].rpartition("@")[2]
    if text.startswith("["):
        host = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        host = text.partition(":")[0]
    else:
        host = text
    host = host.rstrip(".")
    if not host or any(char.isspace() for char in host):
        raise ValueError(
            f"proxy must name a host, such as 'mail.contoso.com', not {short_repr(proxy)}"
        )
    try:
        return ipaddress.ip_address(host), ()
    except ValueError:
        pass
    ascii_host = _to_ascii(host)
    notes = () if host.isascii() else (_IDNA_NOTE.format(host=host),)
    return ascii_host, notes


def _to_ascii(name: str) -> str:
    """*name* in lower case, each Unicode label as Punycode (left as it is if it has none)."""
    labels = []
    for label in name.lower().split("."):
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(label.encode("idna").decode("ascii"))
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


def _wildcard_matches(pattern: str, host: str) -> bool:
    """KB 258858 (S-KB258858): one ``*``, ending the left-most label, two labels or more after it."""
    pattern_labels = pattern.split(".")
    host_labels = host.split(".")
    first, rest = pattern_labels[0], pattern_labels[1:]
    if (
        pattern.count("*") != 1
        or not first.endswith("*")
        or len(rest) < 2
        or len(host_labels) != len(pattern_labels)
    ):
        return False
    return (
        host_labels[1:] == rest and host_labels[0].startswith(first[:-1]) and host_labels[0] != ""
    )


def _name_matches(pattern: str, host: str) -> bool:
    pattern = _to_ascii(pattern.rstrip("."))
    return pattern == host if "*" not in pattern else _wildcard_matches(pattern, host)


def match_name(
    proxy: str,
    *,
    dns_names: Sequence[str] | None,
    ip_addresses: Sequence[str],
    common_names: Sequence[str],
) -> NameMatch:
    """Whether *proxy* matches the certificate's names by Windows' rules.

    A SAN's DNS names, when there is a SAN, else the CNs; any one matching is enough (Wine's
    crypt32, S-WINE-CHAIN: Microsoft documents no more than "the DNS name or common name").

    :param dns_names: the SAN's dNSNames, or ``None`` when the certificate has no SAN.
    """
    host, notes = normalize_proxy(proxy)
    if isinstance(host, str):
        if dns_names is not None:
            source, names = "SAN dNSName", tuple(dns_names)
            if not names:
                notes += (
                    "the certificate has a subjectAltName without DNS names, so its CN is not"
                    " compared (Wine's model; native Windows is unverified)",
                )
        else:
            source, names = "subject CN", tuple(common_names)
        matched_by = next((name for name in names if _name_matches(name, host)), None)
        if matched_by is not None and "*" in matched_by and not matched_by.startswith("*."):
            notes += (
                f"{matched_by} is a partial-label wildcard: Windows accepts it (KB 258858),"
                " browsers do not",
            )
        return NameMatch(str(host), matched_by is not None, matched_by, source, names, notes)
    if dns_names is not None:
        source, names = "SAN iPAddress", tuple(ip_addresses)
        matched_by = next((n for n in names if ipaddress.ip_address(n) == host), None)
    else:
        source, names = "subject CN", tuple(common_names)
        matched_by = next((n for n in names if n.strip() == str(host)), None)
        notes += ("an IP address is compared with the CN as text; Windows' rule is unverified",)
    notes += ("how Windows matches an IP address is unverified",)
    return NameMatch(str(host), matched_by is not None, matched_by, source, names, notes)


def check_principal(
    principal: str,
    *,
    emails: Sequence[str],
    common_names: Sequence[str],
    dns_names: Sequence[str],
) -> PrincipalMatch:
    """The ``msstd:`` check of RPC over HTTP, by the CN rule and by the Vista+ SAN rule."""
    scheme, colon, name = principal.partition(":")
    if colon and scheme.lower() == "fullsic":
        return PrincipalMatch(
            principal,
            None,
            matched=False,
            matched_cn_rule=False,
            evaluated=False,
            notes=("a fullsic: principal names the whole issuer chain; it is not evaluated",),
        )
    if not colon or scheme.lower() != "msstd" or not name:
        raise ValueError(
            f"principal must read 'msstd:NAME' or 'fullsic:NAME', such as"
            f" 'msstd:mail.contoso.com', not {short_repr(principal)}"
        )
    # "Principal Names" (S-RPC-PN): the e-mail name when it has an "@", otherwise the common
    # name; internal backslashes are doubled.  The comparison is literal (S-EX07-HELP: a
    # *.contoso.com certificate needs msstd:*.contoso.com); SAN names count from Windows Vista
    # on (S-BOESSEN, a secondary source).
    expected_name = next((e for e in emails if "@" in e), None) or next(iter(common_names), None)
    expected = None if expected_name is None else "msstd:" + expected_name.replace("\\", "\\\\")
    folded = principal.casefold()
    cn_rule = expected is not None and folded == expected.casefold()
    san_rule = any(folded == "msstd:" + d.casefold() for d in dns_names)
    notes = ["compared literally and case-insensitively; Windows' case rule is unverified"]
    if "*" in name:
        notes.append("'*' is compared as a literal character, never as a wildcard")
    if san_rule and not cn_rule:
        notes.append(
            "only a subjectAltName entry matches: accepted from Windows Vista on, not on"
            " Windows XP (secondary source)"
        )
    if len(common_names) > 1:
        notes.append("the certificate has several CNs; the first was taken")
    return PrincipalMatch(
        principal,
        expected,
        matched=cn_rule or san_rule,
        matched_cn_rule=cn_rule,
        evaluated=True,
        notes=tuple(notes),
    )
