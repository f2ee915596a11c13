"""Windows' name rules (KB 258858, the HTTPS policy's Punycode rule) and msstd: principals."""

from __future__ import annotations

import ipaddress

import pytest

from proxycert._cert_names import check_principal, match_name, normalize_proxy


@pytest.mark.parametrize(
    ("proxy", "host"),
    [
        ("mail.contoso.com", "mail.contoso.com"),
        ("MAIL.Contoso.COM.", "mail.contoso.com"),
        ("https://mail.contoso.com/rpc/rpcproxy.dll", "mail.contoso.com"),
        ("https://user@mail.contoso.com:443/rpc", "mail.contoso.com"),
        ("mail.contoso.com:443", "mail.contoso.com"),
        ("  mail.contoso.com  ", "mail.contoso.com"),
        ("bücher.contoso.com", "xn--bcher-kva.contoso.com"),
        ("192.0.2.10", ipaddress.ip_address("192.0.2.10")),
        ("[2001:db8::1]:443", ipaddress.ip_address("2001:db8::1")),
        ("2001:db8::1", ipaddress.ip_address("2001:db8::1")),
    ],
)
def test_normalize_proxy(proxy: str, host: object) -> None:
    assert normalize_proxy(proxy)[0] == host


def test_an_idn_says_which_idna_was_used() -> None:
    assert normalize_proxy("bücher.contoso.com")[1] == (
        "bücher.contoso.com was converted to Punycode with IDNA 2003; which IDNA version Windows"
        " applies here is unverified",
    )


def test_a_label_that_idna_refuses_is_compared_as_typed() -> None:
    label = "ü" * 70  # over IDNA's 63-octet label limit
    assert normalize_proxy(f"{label}.contoso.com")[0] == f"{label}.contoso.com"


@pytest.mark.parametrize("proxy", ["", "   ", "https://", "[]:443", "..."])
def test_no_host(proxy: str) -> None:
    with pytest.raises(ValueError, match="proxy must name a host"):
        normalize_proxy(proxy)


# A name with a space in it is no host: reading only its first word would predict a name
# mismatch, "certain", for a name nobody gave.
@pytest.mark.parametrize(
    "proxy", ["mail contoso.com", "mail.contoso.com (the proxy)", "https://mail\tcontoso.com/rpc"]
)
def test_a_name_with_white_space_inside_is_refused(proxy: str) -> None:
    with pytest.raises(ValueError, match="proxy must name a host"):
        normalize_proxy(proxy)


# KB 258858's accepted and rejected wildcards, and the one-label rule.
@pytest.mark.parametrize(
    ("pattern", "host", "matched"),
    [
        ("*.example.com", "www.example.com", True),
        ("w*.example.com", "www.example.com", True),
        ("ww*.example.com", "www.example.com", True),
        ("Www.Example.com", "www.example.com", True),
        ("*.abc.com", "www.example.abc.com", False),
        ("*.example.com", "example.com", False),
        ("*www.example.com", "www.example.com", False),
        ("*w.example.com", "www.example.com", False),
        ("w*w.example.com", "www.example.com", False),
        ("www.e*ample.com", "www.example.com", False),
        ("www.*.com", "www.example.com", False),
        ("a*.d*.example.com", "ab.de.example.com", False),
        ("*.*.com.au", "a.b.com.au", False),
        ("*.com", "example.com", False),
        ("*", "example", False),
        ("x*.example.com", "www.example.com", False),
        ("*.xn--bcher-kva.example", "a.xn--bcher-kva.example", True),
        ("*.bücher.example", "a.xn--bcher-kva.example", True),
    ],
)
def test_wildcards(pattern: str, host: str, matched: bool) -> None:
    result = match_name(host, dns_names=None, ip_addresses=(), common_names=(pattern,))
    assert result.matched is matched
    assert result.source == "subject CN"


def test_a_partial_wildcard_is_noted() -> None:
    result = match_name(
        "www.example.com", dns_names=("w*.example.com",), ip_addresses=(), common_names=()
    )
    assert result.matched
    assert result.notes == (
        "w*.example.com is a partial-label wildcard: Windows accepts it (KB 258858), browsers do not",
    )


def test_a_san_without_dns_names_hides_the_cn() -> None:
    result = match_name(
        "mail.contoso.com",
        dns_names=(),
        ip_addresses=("192.0.2.1",),
        common_names=("mail.contoso.com",),
    )
    assert not result.matched
    assert "so its CN is not compared" in result.notes[0]


def test_an_ip_address_against_the_cn_without_a_san() -> None:
    result = match_name("192.0.2.10", dns_names=None, ip_addresses=(), common_names=("192.0.2.10",))
    assert result.matched
    assert result.source == "subject CN"
    assert (
        result.notes[0]
        == "an IP address is compared with the CN as text; Windows' rule is unverified"
    )


def test_an_ipv6_address_against_the_san() -> None:
    result = match_name(
        "[2001:DB8::1]", dns_names=(), ip_addresses=("2001:db8::1",), common_names=()
    )
    assert result.matched
    assert result.source == "SAN iPAddress"


@pytest.mark.parametrize(
    ("principal", "emails", "cns", "dns", "expected", "matched", "cn_rule"),
    [
        ("msstd:mail.contoso.com", (), ("*.contoso.com",), ("*.contoso.com",), "msstd:*.contoso.com", False, False),
        ("msstd:*.contoso.com", (), ("*.contoso.com",), (), "msstd:*.contoso.com", True, True),
        ("msstd:autodiscover.contoso.com", (), ("mail.contoso.com",), ("autodiscover.contoso.com",), "msstd:mail.contoso.com", True, False),
        ("msstd:ex@contoso.com", ("ex@contoso.com",), ("mail.contoso.com",), (), "msstd:ex@contoso.com", True, True),
        ("msstd:mail.contoso.com", ("not-an-address",), ("mail.contoso.com",), (), "msstd:mail.contoso.com", True, True),
        ("msstd:CONTOSO\\\\mail", (), ("CONTOSO\\mail",), (), "msstd:CONTOSO\\\\mail", True, True),
        ("msstd:x", (), (), (), None, False, False),
    ],
)  # fmt: skip
def test_principals(
    principal: str, emails: tuple[str, ...], cns: tuple[str, ...], dns: tuple[str, ...],
    expected: str | None, matched: bool, cn_rule: bool,
) -> None:  # fmt: skip
    result = check_principal(principal, emails=emails, common_names=cns, dns_names=dns)
    assert (result.expected, result.matched, result.matched_cn_rule) == (expected, matched, cn_rule)


def test_principal_notes() -> None:
    result = check_principal(
        "msstd:*.contoso.com",
        emails=(),
        common_names=("a.contoso.com", "b"),
        dns_names=("*.contoso.com",),
    )
    assert result.notes == (
        "compared literally and case-insensitively; Windows' case rule is unverified",
        "'*' is compared as a literal character, never as a wildcard",
        "only a subjectAltName entry matches: accepted from Windows Vista on, not on Windows XP"
        " (secondary source)",
        "the certificate has several CNs; the first was taken",
    )


@pytest.mark.parametrize("principal", ["mail.contoso.com", "msstd:", "kerberos:x", ":x"])
def test_bad_principals(principal: str) -> None:
    with pytest.raises(ValueError, match="principal must read 'msstd:NAME' or 'fullsic:NAME'"):
        check_principal(principal, emails=(), common_names=(), dns_names=())
