"""The pure rendering of ``proxycert cert``: human lines, the JSON object, the exit status."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import attrs
import pytest

from proxycert import CertProblem
from proxycert._cert_model import (
    Certainty,
    CertCheck,
    CertInfo,
    ChainEnd,
    Comparison,
    Finding,
    NameMatch,
    NotChecked,
    PrincipalMatch,
    compare,
)
from proxycert._cert_render import exit_status, human_lines, json_object

DAY = datetime(2026, 5, 29, tzinfo=timezone.utc)
LEAF = CertInfo(
    "CN=webmail.fabrikam.com", "CN=Contoso CA", ("webmail.fabrikam.com",), ("webmail.fabrikam.com",),
    ("192.0.2.1",), (), DAY, DAY, ("serverAuth",), False, None, "AB" * 20, "CD" * 32,
    "ECDSA with SHA256", "1234",
)  # fmt: skip
ROOT = attrs.evolve(
    LEAF, subject="CN=Root", dns_names=None, eku=None, in_trust_store=True, self_signed=True
)
EXPIRED = Finding(
    CertProblem.FLAG_CERT_DATE_INVALID, "expired", Certainty.CERTAIN,
    "the certificate expired on 2026-05-29 00:00 UTC (Valid to)", 0, 0x1,
)  # fmt: skip
MISMATCH = Finding(
    CertProblem.FLAG_CERT_CN_INVALID, "name-mismatch", Certainty.CERTAIN,
    "mail.contoso.com is not among the certificate's names (SAN dNSName: webmail.fabrikam.com)", 0,
)  # fmt: skip
NOTE = Finding(None, "principal-mismatch", Certainty.CERTAIN, "msstd:x does not match", 0)
NAME = NameMatch("mail.contoso.com", False, None, "SAN dNSName", ("webmail.fabrikam.com",))
CHECK = CertCheck(
    CertProblem(0x30), CertProblem(0), (EXPIRED, MISMATCH), (LEAF, ROOT), ChainEnd.TRUSTED, NAME,
    None, compare(CertProblem(0x30), CertProblem(0), 0x10), tuple(NotChecked), "file:roots.pem (1 certificate)",
    datetime(2026, 11, 27, 12, tzinfo=timezone.utc),
)  # fmt: skip


def test_the_human_lines() -> None:
    assert human_lines(CHECK, label="proxy.pem", width=100) == [
        "proxy.pem: mail.contoso.com: predicted 0x00000030 = FLAG_CERT_CN_INVALID + FLAG_CERT_DATE_INVALID",
        "  0x20    the certificate expired on 2026-05-29 00:00 UTC (Valid to) [certain]",
        "  0x10    mail.contoso.com is not among the certificate's names (SAN dNSName: webmail.fabrikam.com)",
        "          [certain]",
        "name: mail.contoso.com does not match (SAN dNSName)",
        "chain (trusted; trust store file:roots.pem (1 certificate)):",
        "  0  CN=webmail.fabrikam.com",
        "     SAN: webmail.fabrikam.com, 192.0.2.1; valid 2026-05-29 00:00 to 2026-05-29 00:00 UTC;",
        "     thumbprint ABABABABABABABABABABABABABABABABABABABAB; EKU: serverAuth",
        "  1  CN=Root (trust store)",
        "     valid 2026-05-29 00:00 to 2026-05-29 00:00 UTC; thumbprint",
        "     ABABABABABABABABABABABABABABABABABABABAB",
        "message says 0x00000010: consistent with the prediction",
        "  0x20 not shown: Outlook may show fewer bits than are wrong",
        "not checked offline:",
        "  - revocation (0x1, 0x4) needs the CRL or OCSP answer the client got; proxycert fetches nothing",
        "  - the TLS channel (0x80000000) is a handshake failure, not a property of the certificate",
        "  - the client's own root and intermediate stores (group policy, automatic root update, the",
        "    Disallowed store) may differ from the store used here",
    ]


@pytest.mark.parametrize("width", [10, 40, 60, 80, 132])
def test_lines_fit_the_terminal(width: int) -> None:
    for line in human_lines(CHECK, width=width):
        # Only unbreakable words (a thumbprint) may run past the width.
        assert len(line) <= max(width, 40) or " " not in line.strip()


def test_no_proxy_a_self_signed_cn_only_leaf_and_an_unverified_finding() -> None:
    leaf = attrs.evolve(LEAF, dns_names=None, ip_addresses=(), eku=None, self_signed=True)
    unverified = Finding(
        CertProblem.FLAG_CERT_WRONG_USAGE,
        "usage-unverified",
        Certainty.UNVERIFIED,
        "anyEKU",
        0,
        0x10,
    )
    check = attrs.evolve(
        CHECK,
        flags=CertProblem(0),
        findings=(unverified, NOTE),
        chain=(leaf,),
        name=None,
        comparison=None,
    )
    lines = human_lines(check)
    assert lines[0] == "(no proxy name given): predicted 0x00000000 = no problem"
    assert lines[1] == "  (0x40)  anyEKU [unverified]"
    assert lines[2] == "  --      msstd:x does not match [certain]"
    assert lines[4] == "  0  CN=webmail.fabrikam.com (self-signed)"
    assert lines[5].startswith("     CN: webmail.fabrikam.com; valid")
    assert exit_status(check) == 0


@pytest.mark.parametrize(
    ("principal", "line", "status"),
    [
        (PrincipalMatch("fullsic:x", None, matched=False, matched_cn_rule=False, evaluated=False), "principal: fullsic:x not evaluated", 0),
        (PrincipalMatch("msstd:a", "msstd:a", matched=True, matched_cn_rule=True), "principal: msstd:a matches", 0),
        (PrincipalMatch("msstd:b", "msstd:a", matched=True, matched_cn_rule=False), "principal: msstd:b matches on Windows Vista and later only", 0),
        (PrincipalMatch("msstd:c", "msstd:a", matched=False, matched_cn_rule=False), "principal: msstd:c does not match (expected msstd:a)", 1),
        (PrincipalMatch("msstd:c", None, matched=False, matched_cn_rule=False, notes=("n",)), "principal: msstd:c does not match (expected no principal)", 1),
    ],
)  # fmt: skip
def test_principals(principal: PrincipalMatch, line: str, status: int) -> None:
    matched = NameMatch(
        "mail.contoso.com", True, "*.contoso.com", "SAN dNSName", ("*.contoso.com",), ("a note",)
    )
    check = attrs.evolve(
        CHECK, flags=CertProblem(0), findings=(), name=matched, principal=principal, comparison=None
    )
    lines = human_lines(check)
    assert "name: mail.contoso.com matches *.contoso.com (SAN dNSName)" in lines
    assert "  note: a note" in lines
    assert line in lines
    assert exit_status(check) == status


def test_a_message_that_disagrees() -> None:
    check = attrs.evolve(
        CHECK,
        flags=CertProblem(0),
        findings=(),
        comparison=compare(CertProblem(0), CertProblem(0), 0x8),
    )
    assert "message says 0x00000008: NOT consistent with the prediction" in human_lines(check)
    assert exit_status(check) == 1


def test_exit_status_for_predicted_problems() -> None:
    assert exit_status(CHECK) == 1
    assert exit_status(attrs.evolve(CHECK, flags=CertProblem(0), comparison=None)) == 0


def test_the_json_object() -> None:
    data = json.loads(json.dumps(json_object(CHECK)))
    assert data["flags"] == 0x30
    assert data["exit_status"] == 1
    assert data["comparison"]["consistent"] is True
    assert data["trust_source"] == "file:roots.pem (1 certificate)"
    assert set(data) == {
        "flags", "flags_hex", "flag_names", "possible", "findings", "chain", "chain_end", "name",
        "principal", "comparison", "not_checked", "trust_source", "checked_at", "exit_status",
    }  # fmt: skip


def test_comparison_type() -> None:
    assert isinstance(CHECK.comparison, Comparison)
