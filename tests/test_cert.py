"""proxycert.cert: every row of cert-check.md §6a, combined cases, msstd, compare and JSON.

The PKI is made here (tests/certs.py); each row is checked at :data:`certs.AT` against a trust
store holding only the test root, unless the row says otherwise.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import ExtendedKeyUsageOID, ObjectIdentifier
from tests import certs as c
from tests.certs import (
    AT,
    PROXY,
    YEAR,
    refuse_sockets,  # noqa: F401 - autouse: no socket in any check
)

import proxycert
from proxycert import CertProblem, MessageKind
from proxycert.cert import (
    Certainty,
    CertCheck,
    CertificateLoadError,
    ChainEnd,
    NotChecked,
    check_certificate,
)

EXPIRED: dict[str, Any] = {"not_before": AT - 2 * YEAR, "not_after": AT - YEAR / 2}
NOT_YET: dict[str, Any] = {"not_before": AT + YEAR / 2, "not_after": AT + 2 * YEAR}
CLIENT_AUTH = (ExtendedKeyUsageOID.CLIENT_AUTH,)


def root_pem() -> bytes:
    return c.pem(c.root()[0])


def leaf(cn: str | None = PROXY, **options: Any) -> x509.Certificate:
    options.setdefault("dns", [cn] if cn is not None else None)
    return c.make(cn, c.intermediate(), key_name="leaf", **options)[0]


def with_chain(cert: x509.Certificate) -> bytes:
    return c.pem(cert, c.intermediate()[0])


def self_signed(**options: Any) -> x509.Certificate:
    options.setdefault("dns", ["EXCH01", "exch01.contoso.local"])
    return c.make("EXCH01", key_name="exch01", **options)[0]


def other_root_chain() -> bytes:
    other_root = c.make("Fabrikam Root", ca=True, eku=None, key_name="fabrikam-root")
    other_ca = c.make("Contoso Test Issuing CA", other_root, ca=True, eku=None, key_name="other-ca")
    cert = c.make(PROXY, other_ca, dns=[PROXY], key_name="leaf")[0]
    return c.pem(cert, other_ca[0], other_root[0])


# (id, source factory, proxy, expected flags): cert-check.md §6a, rows 1 to 31.
ROWS: list[tuple[str, Callable[[], bytes], str, int]] = [
    ("01-good.pem", lambda: with_chain(c.good()[0]), PROXY, 0),
    ("02-good.p7b", lambda: c.p7b(c.good()[0], c.intermediate()[0]), PROXY, 0),
    ("03-good.cer", lambda: c.der(c.good()[0]), PROXY, 0x8),
    ("04-good.pfx", lambda: c.pfx(*c.good(), [c.intermediate()[0]], None), PROXY, 0),
    ("05-full_chain.p7b", lambda: c.p7b(c.root()[0], c.intermediate()[0], c.good()[0]), PROXY, 0),
    ("06-expired", lambda: with_chain(leaf(**EXPIRED)), PROXY, 0x20),
    ("07-notyetvalid", lambda: with_chain(leaf(**NOT_YET)), PROXY, 0x20),
    ("08-mismatch", lambda: with_chain(leaf("webmail.fabrikam.com")), PROXY, 0x10),
    (
        "09-expired_mismatch",
        lambda: with_chain(leaf("webmail.fabrikam.com", **EXPIRED)),
        PROXY,
        0x30,
    ),
    ("10-selfsigned.cer", lambda: c.der(self_signed(dns=[PROXY])), PROXY, 0x8),
    ("11-selfsigned_expired_mismatch", lambda: c.der(self_signed(**EXPIRED)), PROXY, 0x38),
    ("12-wrong_eku", lambda: with_chain(leaf(eku=CLIENT_AUTH)), PROXY, 0x40),
    ("13-wrong_eku_expired", lambda: with_chain(leaf(eku=CLIENT_AUTH, **EXPIRED)), PROXY, 0x60),
    ("14-no_eku", lambda: with_chain(leaf(eku=None)), PROXY, 0),
    ("15-missing_intermediate", lambda: c.pem(c.good()[0]), PROXY, 0x8),
    ("16-untrusted_root_chain", other_root_chain, PROXY, 0x8),
    (
        "17-expired_intermediate",
        lambda: c.pem(
            c.make(
                PROXY, (ca := c.make("Old CA", c.root(), ca=True, eku=None, **EXPIRED)), dns=[PROXY]
            )[0],
            ca[0],
        ),
        PROXY,
        0x20,
    ),
    (
        "18-intermediate_not_ca",
        lambda: c.pem(
            c.make(PROXY, (ca := c.make("Not A CA", c.root(), ca=False, eku=None)), dns=[PROXY])[0],
            ca[0],
        ),
        PROXY,
        0x2,
    ),
    ("19-bad_signature", lambda: with_chain(c.tampered(c.good()[0])), PROXY, 0x2),
    (
        "20-bad_signature_aki",
        lambda: with_chain(
            c.make(PROXY, (c.intermediate()[0], c.key("rogue")), dns=[PROXY], key_name="leaf")[0]
        ),
        PROXY,
        0x8,
    ),
    ("21-wildcard", lambda: with_chain(leaf("*.contoso.com")), PROXY, 0),
    ("22-wildcard-two-labels", lambda: with_chain(leaf("*.contoso.com")), "a.b.contoso.com", 0x10),
    ("23-wildcard-apex", lambda: with_chain(leaf("*.contoso.com")), "contoso.com", 0x10),
    ("24-partial_wildcard", lambda: with_chain(leaf("m*.contoso.com")), PROXY, 0),
    ("25-cn_only", lambda: with_chain(leaf(dns=None)), PROXY, 0),
    ("26-san_wins_over_cn", lambda: with_chain(leaf(PROXY, dns=["owa.contoso.com"])), PROXY, 0x10),
    ("27-ip_san", lambda: with_chain(leaf("proxy", dns=[], ips=["192.0.2.10"])), "192.0.2.10", 0),
    (
        "28-ip_san-other",
        lambda: with_chain(leaf("proxy", dns=[], ips=["192.0.2.10"])),
        "192.0.2.11",
        0x10,
    ),
    ("29-idn", lambda: with_chain(leaf("xn--bcher-kva.contoso.com")), "bücher.contoso.com", 0),
    ("30-case-and-dot", lambda: with_chain(c.good()[0]), "MAIL.Contoso.COM.", 0),
    (
        "31-sha1-private-pki",
        lambda: with_chain(c.sha1_signed(c.good()[0], c.intermediate()[1])),
        PROXY,
        0,
    ),
]


@pytest.mark.parametrize(
    ("source", "proxy", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_results_table(source: Callable[[], bytes], proxy: str, expected: int) -> None:
    check = check_certificate(source(), proxy, trust=root_pem(), at=AT)
    assert int(check.flags) == expected, [f.message for f in check.findings]
    assert int(check.flags) == sum(
        {int(f.flag) for f in check.findings if f.flag and f.certainty is not Certainty.UNVERIFIED}
    )


def test_expired_and_mismatched_quotes_the_facts() -> None:
    check = check_certificate(
        with_chain(leaf("webmail.fabrikam.com", **EXPIRED)), PROXY, trust=root_pem(), at=AT
    )
    assert [f.message for f in check.findings] == [
        "the certificate expired on 2026-05-29 00:00 UTC (Valid to)",
        "mail.contoso.com is not among the certificate's names (SAN dNSName: webmail.fabrikam.com)",
    ]
    assert [f.certainty for f in check.findings] == [Certainty.CERTAIN, Certainty.CERTAIN]
    assert [f.cert_trust for f in check.findings] == [0x1, 0]


def test_the_flags_are_the_trust_status_mapped_by_the_one_table() -> None:
    check = check_certificate(c.der(self_signed(**EXPIRED)), PROXY, trust=root_pem(), at=AT)
    status = 0
    for finding in check.findings:
        status |= finding.cert_trust
    assert status == 0x21
    assert (
        check.flags == proxycert.from_cert_trust_status(status) | CertProblem.FLAG_CERT_CN_INVALID
    )


def test_a_lone_certificate_gives_a_likely_missing_issuer_with_its_aia() -> None:
    check = check_certificate(c.der(c.good()[0]), PROXY, trust=root_pem(), at=AT)
    (finding,) = check.findings
    assert finding.reason == "missing-issuer"
    assert finding.certainty is Certainty.LIKELY
    assert "http://pki.contoso.test/ca.crt" in finding.message
    assert check.chain_end is ChainEnd.PARTIAL
    assert check.chain[0].ca_issuers_urls == ("http://pki.contoso.test/ca.crt",)
    assert check.chain[0].ocsp_urls == ("http://ocsp.contoso.test",)
    assert check.chain[0].crl_urls == ("http://crl.contoso.test/ca.crl",)


def test_a_supplied_chain_missing_its_intermediate_is_certain() -> None:
    unrelated = c.make("unrelated.contoso.com", c.root(), dns=["x"], key_name="u")[0]
    check = check_certificate(c.pem(c.good()[0], unrelated), PROXY, trust=root_pem(), at=AT)
    assert [(f.reason, f.certainty) for f in check.findings] == [
        ("missing-issuer", Certainty.CERTAIN)
    ]


def test_the_chain_is_leaf_first_whatever_the_order() -> None:
    check = check_certificate(
        c.pem(c.root()[0], c.intermediate()[0], c.good()[0]), PROXY, trust=root_pem(), at=AT
    )
    assert [info.common_names[0] for info in check.chain] == [
        PROXY,
        "Contoso Test Issuing CA",
        "Contoso Test Root",
    ]
    assert [info.in_trust_store for info in check.chain] == [False, False, True]
    sha1 = hashes.SHA1()  # noqa: S303 - Windows' thumbprint is SHA-1
    assert check.chain[0].thumbprint_sha1 == c.good()[0].fingerprint(sha1).hex().upper()
    assert check.chain[0].eku == ("serverAuth",)
    assert check.chain[1].is_ca
    assert check.chain[1].path_length == 0
    assert check.chain[2].self_signed
    assert check.chain[0].signature_algorithm == "ECDSA with SHA256"


def test_untrusted_root_is_likely_against_the_system_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(c.pem(c.make("Some Public Root", ca=True, eku=None, key_name="pub")[0]))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    check = check_certificate(c.der(self_signed(dns=[PROXY])), PROXY, at=AT)
    assert check.trust_source == f"system:{bundle} (1 certificate)"
    assert [(f.reason, f.certainty) for f in check.findings] == [
        ("untrusted-root", Certainty.LIKELY)
    ]


def test_trust_none_and_given_certificates() -> None:
    assert check_certificate(with_chain(c.good()[0]), PROXY, trust="none", at=AT).flags == 0x8
    check = check_certificate([c.good()[0], c.intermediate()[0]], PROXY, trust=[c.root()[0]], at=AT)
    assert check.flags == 0
    assert check.trust_source == "given:certificates (1 certificate)"


def test_an_expired_root_in_the_store_is_likely() -> None:
    old_root = c.make("Old Root", ca=True, eku=None, key_name="old-root", **EXPIRED)
    cert = c.make(PROXY, old_root, dns=[PROXY], key_name="leaf")[0]
    check = check_certificate(c.pem(cert), PROXY, trust=c.pem(old_root[0]), at=AT)
    assert [(f.reason, f.certainty, f.certificate) for f in check.findings] == [
        ("expired", Certainty.LIKELY, 1)
    ]
    assert check.flags == 0x20


def test_path_length_and_missing_basic_constraints() -> None:
    tight = c.make("Tight CA", c.root(), ca=True, path_length=0, eku=None, key_name="tight")
    below = c.make("Below CA", tight, ca=True, eku=None, key_name="below")
    cert = c.make(PROXY, below, dns=[PROXY], key_name="leaf")[0]
    check = check_certificate(c.pem(cert, below[0], tight[0]), PROXY, trust=root_pem(), at=AT)
    assert [f.reason for f in check.findings] == ["path-length"]
    assert check.flags == 0x2
    bare = c.make("Bare CA", c.root(), ca=None, eku=None, key_name="bare", key_cert_sign=False)
    cert = c.make(PROXY, bare, dns=[PROXY], key_name="leaf")[0]
    check = check_certificate(c.pem(cert, bare[0]), PROXY, trust=root_pem(), at=AT)
    assert [(f.reason, f.certainty) for f in check.findings] == [
        ("no-basic-constraints", Certainty.UNVERIFIED),
        ("no-key-cert-sign", Certainty.UNVERIFIED),
    ]
    assert check.flags == 0
    assert check.possible == 0x2


def test_eku_rules() -> None:
    any_eku = (ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,)
    check = check_certificate(with_chain(leaf(eku=any_eku)), PROXY, trust=root_pem(), at=AT)
    assert [(f.reason, f.certainty) for f in check.findings] == [
        ("usage-unverified", Certainty.UNVERIFIED)
    ]
    assert check.flags == 0
    assert check.possible == 0x40
    for ca_eku, findings in [(CLIENT_AUTH, ["usage-unverified"]), (any_eku, [])]:
        ca = c.make("EKU CA", c.root(), ca=True, eku=ca_eku, key_name="eku-ca")
        cert = c.make(PROXY, ca, dns=[PROXY], key_name="leaf")[0]
        check = check_certificate(c.pem(cert, ca[0]), PROXY, trust=root_pem(), at=AT)
        assert [f.reason for f in check.findings] == findings


def test_unknown_critical_extension_is_likely_invalid() -> None:
    odd = x509.UnrecognizedExtension(ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x05\x00")
    check = check_certificate(
        with_chain(leaf(extensions=[(odd, True)])), PROXY, trust=root_pem(), at=AT
    )
    assert [(f.reason, f.certainty) for f in check.findings] == [
        ("critical-extension", Certainty.LIKELY)
    ]
    assert check.flags == 0x2


def test_a_tampered_self_signed_root_fails_its_own_signature() -> None:
    check = check_certificate(
        c.der(c.tampered(self_signed(dns=[PROXY]))), PROXY, trust=root_pem(), at=AT
    )
    assert sorted(f.reason for f in check.findings) == ["bad-signature", "untrusted-root"]
    assert check.flags == 0xA


@pytest.mark.parametrize("kind", ["rsa", "ed25519", "pss"])
def test_other_signature_algorithms(kind: str) -> None:
    ca = c.make(
        "Algo CA",
        c.root(),
        ca=True,
        eku=None,
        key_name=f"algo-{kind}",
        key_kind="ec" if kind != "ed25519" else kind,
    )
    if kind in ("rsa", "pss"):
        ca = c.make("Algo CA", c.root(), ca=True, eku=None, key_name="algo-rsa", key_kind="rsa")
    cert = c.make(PROXY, ca, dns=[PROXY], key_name="leaf", pss=kind == "pss")[0]
    assert check_certificate(c.pem(cert, ca[0]), PROXY, trust=root_pem(), at=AT).flags == 0
    assert (
        check_certificate(c.pem(c.tampered(cert), ca[0]), PROXY, trust=root_pem(), at=AT).flags
        == 0x2
    )


def test_a_key_that_cannot_have_made_the_signature_is_a_bad_signature() -> None:
    # An RSA CA's name and key identifier on a certificate an EC key signed.
    rsa_ca = c.make("Mixed CA", c.root(), ca=True, eku=None, key_name="mixed", key_kind="rsa")
    ec_ca = c.make("Mixed CA", c.root(), ca=True, eku=None, key_name="mixed-ec")
    cert = c.make(PROXY, (ec_ca[0], ec_ca[1]), dns=[PROXY], key_name="leaf", aki=False)[0]
    assert check_certificate(c.pem(cert, rsa_ca[0]), PROXY, trust=root_pem(), at=AT).flags == 0x2
    cert = c.make(PROXY, (rsa_ca[0], rsa_ca[1]), dns=[PROXY], key_name="leaf", aki=False)[0]
    assert check_certificate(c.pem(cert, ec_ca[0]), PROXY, trust=root_pem(), at=AT).flags == 0x2


def test_the_best_of_several_paths_is_chosen() -> None:
    # The same CA name twice: an expired copy and a good one, both with no key identifier.
    stale = c.make(
        "Contoso Test Issuing CA", c.root(), ca=True, eku=None, key_name="leaf-ca", **EXPIRED
    )
    fresh = c.make(
        "Contoso Test Issuing CA", c.root(), ca=True, eku=None, key_name="leaf-ca", serial=2
    )
    cert = c.make(PROXY, fresh, dns=[PROXY], key_name="leaf", aki=False)[0]
    check = check_certificate(c.pem(cert, stale[0], fresh[0]), PROXY, trust=root_pem(), at=AT)
    assert check.flags == 0
    assert check.chain[1].serial == "2"


# --- msstd: principals (cert-check.md §4 and §6b) ------------------------------------------


def wildcard_leaf() -> x509.Certificate:
    return leaf("*.contoso.com")


@pytest.mark.parametrize(
    ("cert", "principal", "matched", "cn_rule"),
    [
        (wildcard_leaf, "msstd:mail.contoso.com", False, False),
        (wildcard_leaf, "msstd:*.contoso.com", True, True),
        (lambda: c.good()[0], "msstd:autodiscover.contoso.com", True, False),
        (lambda: c.good()[0], "MSSTD:Mail.Contoso.com", True, True),
        (lambda: leaf(PROXY, emails=["proxy@contoso.com"]), "msstd:proxy@contoso.com", True, True),
    ],
)
def test_msstd(
    cert: Callable[[], x509.Certificate], principal: str, matched: bool, cn_rule: bool
) -> None:
    check = check_certificate(
        with_chain(cert()), PROXY, principal=principal, trust=root_pem(), at=AT
    )
    assert check.principal is not None
    assert (check.principal.matched, check.principal.matched_cn_rule) == (matched, cn_rule)
    assert ("principal-mismatch" in [f.reason for f in check.findings]) is not matched
    # msstd is not a WinHTTP flag: it never changes the bits.
    assert check.flags == 0


def test_msstd_mismatch_explains_message_4() -> None:
    check = check_certificate(
        with_chain(wildcard_leaf()),
        PROXY,
        principal="msstd:mail.contoso.com",
        trust=root_pem(),
        at=AT,
    )
    finding = check.findings[-1]
    assert finding.flag is None
    assert finding.message == (
        "msstd:mail.contoso.com does not match the certificate (it generates"
        " msstd:*.contoso.com); Outlook shows message 4, Error Code 0"
    )


def test_fullsic_is_not_evaluated() -> None:
    check = check_certificate(
        with_chain(c.good()[0]), PROXY, principal="fullsic:CN=x", trust=root_pem(), at=AT
    )
    assert check.principal is not None
    assert not check.principal.evaluated
    assert check.findings == ()


# --- The message: the proxy name and the code to compare --------------------------------------

MESSAGE_10 = (
    "There is a problem with the proxy server's security certificate, mail.contoso.com."
    " The name on the security certificate is invalid or does not match the name of the target"
    " site. Outlook is unable to connect to this server. (10)"
)


def test_the_message_names_the_proxy_and_is_compared() -> None:
    check = check_certificate(
        with_chain(leaf("webmail.fabrikam.com", **EXPIRED)),
        message=MESSAGE_10,
        trust=root_pem(),
        at=AT,
    )
    assert check.name is not None
    assert check.name.host == PROXY
    assert check.comparison is not None
    assert check.comparison.consistent
    assert check.comparison.confirmed == 0x10
    assert check.comparison.unreported == 0x20
    assert check.comparison.explanations == (
        "0x20 not shown: Outlook may show fewer bits than are wrong",
    )


def test_an_unexplained_bit_makes_the_message_inconsistent() -> None:
    check = check_certificate(with_chain(c.good()[0]), PROXY, trust=root_pem(), at=AT)
    comparison = check.compare(proxycert.ErrorMessage(MessageKind.UNTRUSTED_CA, PROXY, code=0x8))
    assert not comparison.consistent
    assert comparison.explanations == (
        "0x8 not predicted: the client lacks the root or an intermediate, or the server sends"
        " another chain",
    )
    assert check.compare(0x100).explanations == (
        "0x100 not predicted: a bit KB 923575 does not name",
    )


def test_a_possible_bit_is_named_in_the_explanation() -> None:
    any_eku = (ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,)
    check = check_certificate(with_chain(leaf(eku=any_eku)), PROXY, trust=root_pem(), at=AT)
    assert (
        check.compare(0x40)
        .explanations[0]
        .startswith("0x40 not predicted: an unverified finding may explain it;")
    )


def test_compare_refuses() -> None:
    check = check_certificate(with_chain(c.good()[0]), PROXY, trust=root_pem(), at=AT)
    with pytest.raises(TypeError, match="code must be an int or an ErrorMessage, not bool"):
        check.compare(True)
    with pytest.raises(ValueError, match="the message carries no code"):
        check.compare(proxycert.ErrorMessage(MessageKind.NAME_MISMATCH))
    with pytest.raises(proxycert.InvalidCodeError):
        check.compare(-(2**40))


def test_no_proxy_no_name_check() -> None:
    check = check_certificate(with_chain(c.good()[0]), trust=root_pem(), at=AT)
    assert check.name is None
    assert check.comparison is None
    message_without_code = MESSAGE_10.replace(" (10)", "")
    check = check_certificate(
        with_chain(c.good()[0]), message=message_without_code, trust=root_pem(), at=AT
    )
    assert check.comparison is None
    assert check.name is not None


# --- The result ---------------------------------------------------------------------------------


def test_not_checked_is_always_listed() -> None:
    check = check_certificate(with_chain(c.good()[0]), PROXY, trust=root_pem(), at=AT)
    assert check.not_checked == tuple(NotChecked)
    assert [int(item.flags) for item in check.not_checked] == [0x5, 0x80000000, 0]


def test_to_dict_is_json() -> None:
    check = check_certificate(
        with_chain(leaf("webmail.fabrikam.com", **EXPIRED)),
        message=MESSAGE_10,
        principal="msstd:x",
        trust=root_pem(),
        at=AT,
    )
    data = json.loads(json.dumps(check.to_dict()))
    assert data["flags"] == 0x30
    assert data["flag_names"] == ["FLAG_CERT_CN_INVALID", "FLAG_CERT_DATE_INVALID"]
    assert data["chain"][0]["not_after"] == "2026-05-29T00:00:00Z"
    assert data["chain_end"] == "trusted"
    assert data["name"]["matched"] is False
    assert data["principal"]["matched"] is False
    assert data["comparison"]["consistent"] is True
    assert [item["what"] for item in data["not_checked"]] == [
        "revocation",
        "TLS channel",
        "the client's own stores",
    ]
    assert data["trust_source"] == "bytes:given (1 certificate)"
    assert data["checked_at"] == "2026-11-27T12:00:00Z"
    assert data["findings"][0]["flag_name"] == "FLAG_CERT_DATE_INVALID"


def test_results_pickle_and_name_their_public_module() -> None:
    check = check_certificate(with_chain(c.good()[0]), PROXY, trust=root_pem(), at=AT)
    assert pickle.loads(pickle.dumps(check)) == check
    assert type(check).__module__ == "proxycert.cert"
    assert repr(Certainty.CERTAIN) == "<Certainty.CERTAIN: 'certain'>"


def test_at_is_converted_to_utc_and_defaults_to_now() -> None:
    east = timezone(timedelta(hours=9))
    check = check_certificate(
        with_chain(c.good()[0]), PROXY, trust=root_pem(), at=AT.astimezone(east)
    )
    assert check.checked_at == AT
    assert check.checked_at.tzinfo == timezone.utc
    before = datetime.now(timezone.utc)
    assert check_certificate(with_chain(c.good()[0]), PROXY, trust=root_pem()).checked_at >= before


@pytest.mark.parametrize(
    ("arguments", "error", "match"),
    [
        ({"at": datetime(2026, 1, 1)}, ValueError, "at must be an aware datetime"),
        ({"at": "2026-01-01"}, TypeError, "at must be a datetime, not str"),
        ({"proxy": b"mail"}, TypeError, "proxy must be a str, not bytes"),
        ({"proxy": "https:///rpc"}, ValueError, "proxy must name a host"),
        ({"principal": 7}, TypeError, "principal must be a str, not int"),
        ({"principal": "mail.contoso.com"}, ValueError, "principal must read 'msstd:NAME'"),
        ({"password": "secret"}, TypeError, "password must be bytes, not str"),
        ({"message": 10}, TypeError, "message must be text or an ErrorMessage, not int"),
        ({"message": "nothing here"}, proxycert.MessageNotFoundError, "no proxy certificate error"),
        ({"trust": 5}, TypeError, "trust must be 'system', 'none', a path"),
        ({"trust": [b"x"]}, TypeError, "trust must be 'system', 'none', a path"),
        ({"intermediates": "ca.pem"}, TypeError, "intermediates must be a sequence of files"),
        ({"intermediates": b"-----BEGIN"}, TypeError, "not one bytes: wrap it in a list"),
    ],
)
def test_bad_arguments(arguments: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        check_certificate(with_chain(c.good()[0]), **{"proxy": PROXY, **arguments})


@pytest.mark.parametrize("source", [7, None, [b"x"], []], ids=repr)
def test_bad_sources(source: Any) -> None:
    with pytest.raises(TypeError, match=r"source must|a sequence source"):
        check_certificate(source, PROXY)


def test_the_error_is_exported_from_both_modules() -> None:
    assert CertificateLoadError is proxycert.CertificateLoadError
    assert issubclass(CertificateLoadError, proxycert.ProxyCertError)


def test_check_type() -> None:
    assert isinstance(
        check_certificate(with_chain(c.good()[0]), PROXY, trust=root_pem(), at=AT), CertCheck
    )


def test_a_dsa_issuer() -> None:
    ca = c.make("DSA CA", c.root(), ca=True, eku=None, key_name="dsa-ca", key_kind="dsa")
    cert = c.make(PROXY, ca, dns=[PROXY], key_name="leaf")[0]
    assert check_certificate(c.pem(cert, ca[0]), PROXY, trust=root_pem(), at=AT).flags == 0
    assert (
        check_certificate(c.pem(c.tampered(cert), ca[0]), PROXY, trust=root_pem(), at=AT).flags
        == 0x2
    )


@pytest.mark.parametrize(
    ("issuer_kind", "signer_kind"),
    [
        ("x25519", "ec"),  # a key that cannot sign: no way to check
        ("dsa", "ed25519"),  # a DSA key asked to check an Ed25519 signature: the library refuses
    ],
)
def test_a_signature_that_cannot_be_checked_is_unverified(
    issuer_kind: str, signer_kind: str
) -> None:
    ca = c.make(
        "Odd CA", c.root(), ca=True, eku=None, key_name=f"odd-{issuer_kind}", key_kind=issuer_kind
    )
    signer = c.key(f"signer-{signer_kind}", signer_kind)
    cert = c.make(PROXY, (ca[0], signer), dns=[PROXY], key_name="leaf", aki=False)[0]
    check = check_certificate(c.pem(cert, ca[0]), PROXY, trust=root_pem(), at=AT)
    assert [(f.reason, f.certainty) for f in check.findings] == [
        ("signature-unchecked", Certainty.UNVERIFIED)
    ]
    assert check.flags == 0
    assert check.possible == 0x2


def test_the_leaf_is_found_behind_a_non_ca_issuer() -> None:
    ca = c.make("Not A CA", c.root(), ca=False, eku=None)
    cert = c.make(PROXY, ca, dns=[PROXY])[0]
    check = check_certificate(c.pem(ca[0], cert), PROXY, trust=root_pem(), at=AT)
    assert check.chain[0].common_names == (PROXY,)
    assert check.flags == 0x2


def test_only_cas_given_takes_the_first() -> None:
    check = check_certificate(c.pem(c.intermediate()[0], c.root()[0]), trust=root_pem(), at=AT)
    assert check.chain[0].common_names == ("Contoso Test Issuing CA",)


def test_many_alternative_paths_are_bounded() -> None:
    # Six copies of each of two CA levels, none with key identifiers: 36 paths, 32 explored.
    level2 = [
        c.make("Level 2", c.root(), ca=True, eku=None, key_name="level2", serial=n, aki=False)[0]
        for n in range(1, 7)
    ]
    level1 = [
        c.make(
            "Level 1",
            (level2[0], c.key("level2")),
            ca=True,
            eku=None,
            key_name="level1",
            serial=n,
            aki=False,
        )[0]
        for n in range(1, 7)
    ]
    cert = c.make(PROXY, (level1[0], c.key("level1")), dns=[PROXY], key_name="leaf", aki=False)[0]
    check = check_certificate(c.pem(cert, *level1, *level2), PROXY, trust=root_pem(), at=AT)
    assert check.flags == 0, [f.message for f in check.findings]
    assert len(check.chain) == 4


# --- The contract: hostile arguments raise only what the docstring documents ----------------

HOSTILE: list[object] = [
    "7" * 1_000_000,
    None,
    True,
    1.5,
    b"10",
    bytearray(b"10"),
    "",
    " \t\r\n",
    "\x00",
    2**70,
    [],
    ["x"],
    object(),
]


@pytest.mark.parametrize(
    "parameter",
    ["source", "proxy", "principal", "trust", "at", "message", "password", "intermediates"],
)
@pytest.mark.parametrize("value", HOSTILE, ids=repr)
def test_hostile_arguments_raise_only_documented_exceptions(parameter: str, value: object) -> None:
    arguments: dict[str, Any] = {
        "source": with_chain(c.good()[0]),
        "proxy": PROXY,
        "trust": root_pem(),
        "at": AT,
    }
    arguments[parameter] = value
    message = ""
    try:
        check_certificate(**arguments)
    except (TypeError, ValueError) as error:  # ProxyCertError is a ValueError
        message = str(error)
    # One short line, whatever the input: no echo of a huge value.
    assert len(message) < 500
    assert "\n" not in message


def test_a_valid_signature_outranks_a_trusted_root() -> None:
    # Two roots named alike: the store's has another key; the supplied one signed the leaf.
    # Wine's chain quality puts valid signatures first, so the untrusted path wins.
    stored = c.make("X CA", ca=True, eku=None, key_name="x-other")[0]
    supplied = c.make("X CA", ca=True, eku=None, key_name="x-ca", serial=2)
    cert = c.make(PROXY, supplied, dns=[PROXY], key_name="leaf", aki=False)[0]
    check = check_certificate(c.pem(cert, supplied[0]), PROXY, trust=c.pem(stored), at=AT)
    assert check.chain_end is ChainEnd.UNTRUSTED_ROOT
    assert check.flags == 0x8
