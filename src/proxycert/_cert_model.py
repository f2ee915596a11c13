"""The results of a certificate check: plain, frozen records that need no ``cryptography``.

:mod:`proxycert.cert` makes them public; rendering works on them without the extra.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._flags import CertProblem, decode

if TYPE_CHECKING:
    from ._message import ErrorMessage

_T = TypeVar("_T")


def _in_cert(obj: _T) -> _T:
    """Say that *obj* is imported from ``proxycert.cert``, in tracebacks, reprs and pickles."""
    obj.__module__ = "proxycert.cert"
    return obj


__all__ = [
    "CertCheck",
    "CertInfo",
    "Certainty",
    "ChainEnd",
    "Comparison",
    "Finding",
    "NameMatch",
    "NotChecked",
    "PrincipalMatch",
    "compare",
]


@_in_cert
class Certainty(enum.Enum):
    """How sure a finding is, when the inputs are right.

    ``CERTAIN`` and ``LIKELY`` findings make the predicted flags; ``UNVERIFIED`` ones only the
    possible flags, since no source says what Windows does there.

    >>> Certainty.LIKELY.value
    'likely'
    """

    CERTAIN = "certain"
    LIKELY = "likely"
    UNVERIFIED = "unverified"


@_in_cert
class ChainEnd(enum.Enum):
    """Where the chain built from the leaf ends.

    >>> ChainEnd.PARTIAL.value
    'partial'
    """

    TRUSTED = "trusted"
    UNTRUSTED_ROOT = "untrusted root"
    PARTIAL = "partial"


@_in_cert
class NotChecked(enum.Enum):
    """What an offline check cannot know; every result lists these.

    >>> NotChecked.REVOCATION.flags.names
    ('FLAG_CERT_REV_FAILED', 'FLAG_CERT_REVOKED')
    """

    REVOCATION = "revocation"
    CHANNEL = "TLS channel"
    CLIENT_STORE = "the client's own stores"

    @property
    def flags(self) -> CertProblem:
        """The flags this unknown could set, never predicted.

        >>> hex(NotChecked.CHANNEL.flags)
        '0x80000000'
        """
        return CertProblem(_NOT_CHECKED[self][0])

    @property
    def description(self) -> str:
        """Why it cannot be known offline.

        >>> NotChecked.REVOCATION.description.split(";")[0]
        'revocation (0x1, 0x4) needs the CRL or OCSP answer the client got'
        """
        return _NOT_CHECKED[self][1]


_NOT_CHECKED: dict[NotChecked, tuple[int, str]] = {
    NotChecked.REVOCATION: (
        0x5,
        "revocation (0x1, 0x4) needs the CRL or OCSP answer the client got; proxycert fetches"
        " nothing",
    ),
    NotChecked.CHANNEL: (
        0x8000_0000,
        "the TLS channel (0x80000000) is a handshake failure, not a property of the certificate",
    ),
    NotChecked.CLIENT_STORE: (
        0,
        "the client's own root and intermediate stores (group policy, automatic root update,"
        " the Disallowed store) may differ from the store used here",
    ),
}


@_in_cert
@attrs.frozen
class Finding:
    """One problem found in the certificate or chain, with the facts behind it.

    :ivar flag: the KB flag it sets, or ``None`` when it sets none (an unverified rule, or a
        note).
    :ivar reason: a stable word for what was found, such as ``"expired"``.
    :ivar certainty: how sure it is.
    :ivar message: a sentence that quotes the certificate's facts.
    :ivar certificate: the index in :attr:`CertCheck.chain` it is about (0 is the leaf), or
        ``None``.
    :ivar cert_trust: the CryptoAPI ``CERT_TRUST_*`` error bit it stands for, or ``0``.

    >>> Finding(CertProblem(0x20), "expired", Certainty.CERTAIN, "it expired", 0, 0x1).flag.name
    'FLAG_CERT_DATE_INVALID'
    """

    flag: CertProblem | None
    reason: str
    certainty: Certainty
    message: str
    certificate: int | None = None
    cert_trust: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready ``dict``.

        >>> Finding(None, "note", Certainty.UNVERIFIED, "text").to_dict()["flag"] is None
        True
        """
        return {
            "flag": None if self.flag is None else int(self.flag),
            "flag_name": None if self.flag is None else self.flag.names[0],
            "reason": self.reason,
            "certainty": self.certainty.value,
            "message": self.message,
            "certificate": self.certificate,
            "cert_trust": self.cert_trust,
        }


def _isoformat(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


@_in_cert
@attrs.frozen
class CertInfo:
    """What KB 923575's resolution 1 tells the user to read in a certificate, and more.

    :ivar dns_names: the SAN's DNS names, or ``None`` when the certificate has no SAN.
    :ivar eku: the extended key usages (``"serverAuth"`` or a dotted OID), or ``None`` when
        the certificate has no EKU extension (any use).
    :ivar thumbprint_sha1: the SHA-1 fingerprint in upper-case hexadecimal, as Windows'
        ``Thumbprint`` shows it.
    :ivar in_trust_store: whether this certificate came from the trust store.

    >>> from datetime import datetime, timezone
    >>> day = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> CertInfo("CN=a", "CN=b", ("a",), None, (), (), day, day, None, False, None,
    ...          "00", "00", "ecdsa-with-SHA256", "01").to_dict()["not_after"]
    '2026-01-01T00:00:00Z'
    """

    subject: str
    issuer: str
    common_names: tuple[str, ...]
    dns_names: tuple[str, ...] | None
    ip_addresses: tuple[str, ...]
    emails: tuple[str, ...]
    not_before: datetime
    not_after: datetime
    eku: tuple[str, ...] | None
    is_ca: bool
    path_length: int | None
    thumbprint_sha1: str
    sha256: str
    signature_algorithm: str
    serial: str
    ca_issuers_urls: tuple[str, ...] = ()
    ocsp_urls: tuple[str, ...] = ()
    crl_urls: tuple[str, ...] = ()
    self_signed: bool = False
    in_trust_store: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The facts as a JSON-ready ``dict``, dates in ISO 8601 UTC.

        >>> from datetime import datetime, timezone
        >>> day = datetime(2026, 1, 1, tzinfo=timezone.utc)
        >>> sorted(CertInfo("CN=a", "CN=b", ("a",), None, (), (), day, day, None, False,
        ...                 None, "00", "00", "x", "01").to_dict())[:3]
        ['ca_issuers_urls', 'common_names', 'crl_urls']
        """
        fields = attrs.asdict(self, recurse=False)
        fields["not_before"] = _isoformat(self.not_before)
        fields["not_after"] = _isoformat(self.not_after)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}


@_in_cert
@attrs.frozen
class NameMatch:
    """The proxy name compared with the certificate's names by Windows' rules.

    :ivar host: the name compared: no scheme, port or path, lower case, Punycode.
    :ivar matched: whether a name matched.
    :ivar matched_by: the certificate name that matched, or ``None``.
    :ivar source: ``"SAN dNSName"``, ``"SAN iPAddress"`` or ``"subject CN"``.
    :ivar names_checked: the certificate names compared.
    :ivar notes: what is uncertain about the comparison.

    >>> NameMatch("mail.contoso.com", True, "*.contoso.com", "SAN dNSName", ("*.contoso.com",)).matched
    True
    """

    host: str
    matched: bool
    matched_by: str | None
    source: str
    names_checked: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The comparison as a JSON-ready ``dict``.

        >>> NameMatch("a.b.c", False, None, "subject CN", ("x.b.c",)).to_dict()["names_checked"]
        ['x.b.c']
        """
        return {
            "host": self.host,
            "matched": self.matched,
            "matched_by": self.matched_by,
            "source": self.source,
            "names_checked": list(self.names_checked),
            "notes": list(self.notes),
        }


@_in_cert
@attrs.frozen
class PrincipalMatch:
    """The ``msstd:`` principal compared with the certificate (an RPC check, not a flag).

    A mismatch shows as KB message 4, "(Error Code 0)".

    :ivar principal: the principal as given.
    :ivar expected: the principal the certificate generates (``msstd:`` + e-mail name or CN),
        or ``None``.
    :ivar matched: the Windows Vista and later rule: the generated principal or a SAN entry.
    :ivar matched_cn_rule: the Windows XP rule: the generated principal only.
    :ivar evaluated: ``False`` for a ``fullsic:`` principal, which is not checked.
    :ivar notes: what is uncertain about the comparison.

    >>> PrincipalMatch("msstd:a", "msstd:a", matched=True, matched_cn_rule=True).matched
    True
    """

    principal: str
    expected: str | None
    matched: bool
    matched_cn_rule: bool
    evaluated: bool = True
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The comparison as a JSON-ready ``dict``.

        >>> PrincipalMatch("msstd:a", None, matched=False, matched_cn_rule=False).to_dict()["expected"]
        """
        fields = attrs.asdict(self, recurse=False)
        fields["notes"] = list(self.notes)
        return fields


# cert-check.md §8 item 11: why a bit in Outlook's message may be missing from the prediction.
_UNEXPLAINED = {
    0x1: "revocation could not be checked by the client (CRL or OCSP unreachable);"
    " proxycert cannot check revocation offline",
    0x2: "the server may send another certificate, or a Windows policy (algorithms, store"
    " properties) rejects this one",
    0x4: "the certificate may have been revoked; proxycert cannot check revocation offline",
    0x8: "the client lacks the root or an intermediate, or the server sends another chain",
    0x10: "Outlook connected to another name, or the server sends another certificate"
    " (SNI, load balancer)",
    0x20: "the client's clock may be wrong, the error may be from another time, or the server"
    " sends another certificate",
    0x40: "the client's store may restrict the certificate's purposes, or a CA's EKU does",
    0x8000_0000: "a TLS protocol or cipher failure, not the certificate",
}
_UNREPORTED = "Outlook may show fewer bits than are wrong"


@_in_cert
@attrs.frozen
class Comparison:
    """The code in Outlook's message compared with the predicted flags.

    :ivar observed: the message's flags.
    :ivar predicted: the predicted flags.
    :ivar confirmed: bits in both.
    :ivar unexplained: bits in the message, not predicted.
    :ivar unreported: bits predicted, not in the message.
    :ivar consistent: whether the message's bits are a subset of the prediction: Outlook may
        show fewer bits than are wrong, never more.
    :ivar explanations: one sentence for each unexplained or unreported bit.

    >>> from proxycert import CertProblem
    >>> comparison = Comparison(CertProblem(0x10), CertProblem(0x30), CertProblem(0x10),
    ...                         CertProblem(0), CertProblem(0x20), consistent=True)
    >>> comparison.unreported.names
    ('FLAG_CERT_DATE_INVALID',)
    """

    observed: CertProblem
    predicted: CertProblem
    confirmed: CertProblem
    unexplained: CertProblem
    unreported: CertProblem
    consistent: bool
    explanations: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The comparison as a JSON-ready ``dict``; flags as ``int``.

        >>> from proxycert import CertProblem
        >>> Comparison(CertProblem(0x18), CertProblem(0x10), CertProblem(0x10), CertProblem(8),
        ...            CertProblem(0), consistent=False).to_dict()["unexplained"]
        8
        """
        fields: dict[str, Any] = {
            name: int(getattr(self, name))
            for name in ("observed", "predicted", "confirmed", "unexplained", "unreported")
        }
        fields["consistent"] = self.consistent
        fields["explanations"] = list(self.explanations)
        return fields


def compare(predicted: CertProblem, possible: CertProblem, code: int | ErrorMessage) -> Comparison:
    """Compare a message's *code* (or an :class:`ErrorMessage`) with the predicted flags.

    :param possible: flags that unverified findings could add; they explain, never confirm.
    :raises TypeError: *code* is neither an ``int`` nor an :class:`ErrorMessage`.
    :raises InvalidCodeError: *code* is not a 32-bit value.
    :raises ValueError: the message carries no code.

    >>> compare(CertProblem(0x8), CertProblem(0), 0x20).explanations[0][:38]
    "0x20 not predicted: the client's clock"
    """
    from ._message import ErrorMessage

    if isinstance(code, ErrorMessage):
        if code.code is None:
            raise ValueError("the message carries no code to compare")
        value = code.code
    elif isinstance(code, int) and not isinstance(code, bool):
        value = code
    else:
        raise TypeError(f"code must be an int or an ErrorMessage, not {type(code).__name__}")
    observed = decode(value)
    # Plain ints: "~" on an IntFlag differs between Pythons.
    unexplained = CertProblem(int(observed) & ~int(predicted))
    unreported = CertProblem(int(predicted) & ~int(observed))
    explanations = []
    for bit in _bits(unexplained):
        reason = _UNEXPLAINED.get(bit, "a bit KB 923575 does not name")
        if bit & int(possible):
            reason = "an unverified finding may explain it; " + reason
        explanations.append(f"0x{bit:X} not predicted: {reason}")
    explanations.extend(f"0x{bit:X} not shown: {_UNREPORTED}" for bit in _bits(unreported))
    return Comparison(
        observed,
        predicted,
        CertProblem(int(observed) & int(predicted)),
        unexplained,
        unreported,
        consistent=not unexplained,
        explanations=tuple(explanations),
    )


def _bits(value: int) -> list[int]:
    return [1 << i for i in range(32) if value >> i & 1]


@_in_cert
@attrs.frozen
class CertCheck:
    """Which KB 923575 flags WinHTTP would set for a certificate, and why.

    Build one with :func:`proxycert.cert.check_certificate`.

    :ivar flags: the predicted flags: those of certain and likely findings.
    :ivar possible: flags that only unverified findings point to; not predicted.
    :ivar findings: each problem found, with its certainty.
    :ivar chain: the chain as built, leaf first.
    :ivar chain_end: where the chain ends.
    :ivar name: the proxy-name comparison, or ``None`` when no proxy name was given.
    :ivar principal: the ``msstd:`` comparison, or ``None`` when no principal was given.
    :ivar comparison: the message's code compared with :attr:`flags`, or ``None`` when there
        was no message with a code.
    :ivar not_checked: what an offline check cannot know; always all of :class:`NotChecked`.
    :ivar trust_source: which trust store was used, such as ``"file:roots.pem (1)"``.
    :ivar checked_at: the time the dates were checked at (UTC).

    >>> from datetime import datetime, timezone
    >>> check = CertCheck(CertProblem(0x10), CertProblem(0), (), (), ChainEnd.TRUSTED, None,
    ...                   None, None, tuple(NotChecked), "none", datetime(2026, 1, 1,
    ...                   tzinfo=timezone.utc))
    >>> check.compare(0x30).unexplained.names
    ('FLAG_CERT_DATE_INVALID',)
    """

    flags: CertProblem
    possible: CertProblem
    findings: tuple[Finding, ...]
    chain: tuple[CertInfo, ...]
    chain_end: ChainEnd
    name: NameMatch | None
    principal: PrincipalMatch | None
    comparison: Comparison | None
    not_checked: tuple[NotChecked, ...]
    trust_source: str
    checked_at: datetime

    def compare(self, code: int | ErrorMessage) -> Comparison:
        """Compare a code from Outlook's message (an ``int`` or an :class:`ErrorMessage`).

        :raises TypeError: *code* is neither an ``int`` nor an :class:`ErrorMessage`.
        :raises InvalidCodeError: *code* is not a 32-bit value.
        :raises ValueError: the message carries no code.

        >>> from datetime import datetime, timezone
        >>> check = CertCheck(CertProblem(0x8), CertProblem(0), (), (), ChainEnd.PARTIAL,
        ...                   None, None, None, (), "none", datetime.now(timezone.utc))
        >>> check.compare(8).consistent
        True
        """
        return compare(self.flags, self.possible, code)

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready ``dict``; its keys are a stable interface.

        >>> from datetime import datetime, timezone
        >>> check = CertCheck(CertProblem(0x30), CertProblem(0), (), (), ChainEnd.TRUSTED,
        ...                   None, None, None, (), "none", datetime(2026, 1, 1,
        ...                   tzinfo=timezone.utc))
        >>> check.to_dict()["flags"], check.to_dict()["flags_hex"]
        (48, '0x00000030')
        """
        return {
            "flags": int(self.flags),
            "flags_hex": f"0x{int(self.flags):08X}",
            "flag_names": list(self.flags.names),
            "possible": int(self.possible),
            "findings": [finding.to_dict() for finding in self.findings],
            "chain": [info.to_dict() for info in self.chain],
            "chain_end": self.chain_end.value,
            "name": None if self.name is None else self.name.to_dict(),
            "principal": None if self.principal is None else self.principal.to_dict(),
            "comparison": None if self.comparison is None else self.comparison.to_dict(),
            "not_checked": [
                {"what": item.value, "flags": int(item.flags), "why": item.description}
                for item in self.not_checked
            ],
            "trust_source": self.trust_source,
            "checked_at": _isoformat(self.checked_at),
        }
