"""Check a certificate offline: which KB 923575 flags would Outlook show for it, and why.

Given the proxy's certificate (a file an administrator exported, or PEM text pasted in a
ticket) and the proxy name, :func:`check_certificate` predicts the flags WinHTTP would set,
explains each with the certificate's own facts, and compares the prediction with the code in
a pasted Outlook message.  Nothing is fetched: no AIA, CRL or OCSP.

This module needs the ``cert`` extra: ``pip install "proxycert[cert]"``.

>>> from proxycert.cert import check_certificate
>>> check_certificate(b"not a certificate", "mail.contoso.com")
Traceback (most recent call last):
...
proxycert.CertificateLoadError: cannot load certificates from b'not a certificate': expected a certificate in PEM, DER, PKCS#7 or PKCS#12 form
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timezone

import attrs

try:
    from cryptography import x509
except ImportError as error:  # pragma: no cover - the test runs it in a fresh interpreter
    raise ImportError(
        'proxycert.cert needs the "cert" extra: pip install "proxycert[cert]"',
        name=__name__,
    ) from error

from ._cert_chain import build_chain, pick_leaf
from ._cert_load import Parsed, load_certificates, parse_all, thumbprints
from ._cert_model import (
    Certainty,
    CertCheck,
    CertInfo,
    ChainEnd,
    Comparison,
    Finding,
    NameMatch,
    NotChecked,
    PrincipalMatch,
    _in_cert,
)
from ._cert_names import check_principal, match_name
from ._cert_trust import load_trust
from ._errors import CertificateLoadError
from ._flags import CertProblem
from ._message import ErrorMessage
from ._scan import parse

__all__ = [
    "CertCheck",
    "CertInfo",
    "Certainty",
    "CertificateLoadError",
    "ChainEnd",
    "Comparison",
    "Finding",
    "NameMatch",
    "NotChecked",
    "PrincipalMatch",
    "check_certificate",
]


def _info(cert: Parsed, *, in_store: bool) -> CertInfo:
    sha1, sha256 = thumbprints(cert)
    return CertInfo(
        subject=cert.subject,
        issuer=cert.issuer,
        common_names=cert.common_names,
        dns_names=cert.dns_names,
        ip_addresses=cert.ip_addresses,
        emails=cert.emails,
        not_before=cert.not_before,
        not_after=cert.not_after,
        eku=cert.eku,
        is_ca=bool(cert.is_ca),
        path_length=cert.path_length,
        thumbprint_sha1=sha1,
        sha256=sha256,
        signature_algorithm=cert.signature_algorithm,
        serial=f"{cert.serial:X}",
        ca_issuers_urls=cert.ca_issuers_urls,
        ocsp_urls=cert.ocsp_urls,
        crl_urls=cert.crl_urls,
        self_signed=cert.self_issued,
        in_trust_store=in_store,
    )


def _certificates(source: object, password: bytes | None) -> list[Parsed]:
    if isinstance(source, Sequence) and not isinstance(source, (str, bytes, bytearray)):
        if not source or not all(isinstance(c, x509.Certificate) for c in source):
            raise TypeError("a sequence source must hold cryptography x509.Certificate objects")
        return parse_all(list(source), "certificates")
    return load_certificates(source, password)  # type: ignore[arg-type]


def _message(message: str | ErrorMessage | None) -> ErrorMessage | None:
    if message is None or isinstance(message, ErrorMessage):
        return message
    if isinstance(message, str):
        return parse(message)
    raise TypeError(f"message must be text or an ErrorMessage, not {type(message).__name__}")


def _name_match(proxy: str, leaf: Parsed, findings: list[Finding]) -> NameMatch:
    """The proxy name against the leaf; a mismatch is added to *findings*."""
    name = match_name(
        proxy,
        dns_names=leaf.dns_names,
        ip_addresses=leaf.ip_addresses,
        common_names=leaf.common_names,
    )
    if not name.matched:
        names = ", ".join(name.names_checked) or "none"
        findings.append(
            Finding(
                CertProblem.FLAG_CERT_CN_INVALID,
                "name-mismatch",
                # A rule that only Wine's model or nothing documents makes it likely.
                Certainty.LIKELY if name.notes else Certainty.CERTAIN,
                f"{name.host} is not among the certificate's names ({name.source}: {names})",
                0,
            )
        )
    return name


def _principal_match(principal: str, leaf: Parsed, findings: list[Finding]) -> PrincipalMatch:
    """The ``msstd:`` principal against the leaf; a mismatch is added to *findings*."""
    match = check_principal(
        principal,
        emails=leaf.emails,
        common_names=leaf.common_names,
        dns_names=leaf.dns_names or (),
    )
    if match.evaluated and not match.matched:
        findings.append(
            Finding(
                None,
                "principal-mismatch",
                Certainty.CERTAIN,
                f"{principal} does not match the certificate (it generates"
                f" {match.expected or 'no principal'}); Outlook shows message 4, Error Code 0",
                0,
            )
        )
    return match


def _flag_of(bit: int) -> CertProblem:
    # One table serves the trust-status decoder and this check; policy findings with no
    # CERT_TRUST bit stand for FLAG_INVALID_CERT, as the policy's other errors do (S-WHE).
    from . import from_cert_trust_status

    return from_cert_trust_status(bit) if bit else CertProblem.FLAG_INVALID_CERT


@_in_cert
def check_certificate(
    source: bytes | str | os.PathLike[str] | Sequence[x509.Certificate],
    proxy: str | None = None,
    *,
    principal: str | None = None,
    trust: str | bytes | os.PathLike[str] | Sequence[x509.Certificate] = "system",
    at: datetime | None = None,
    message: str | ErrorMessage | None = None,
    password: bytes | None = None,
    intermediates: Sequence[bytes | str | os.PathLike[str]] = (),
) -> CertCheck:
    """Predict the KB 923575 flags for a certificate and proxy name, and explain each.

    :param source: the certificate and any chain: the content of a PEM, DER, PKCS#7 (``.p7b``)
        or PKCS#12 (``.pfx``) file as ``bytes``; text holding PEM blocks (``openssl s_client
        -showcerts`` output pasted in a ticket); a file path; or ``cryptography`` certificates.
        The leaf is picked by structure, so the order does not matter.
    :param proxy: the proxy's host name, IP address or URL; ``None`` takes it from *message*.
    :param principal: the ``msstd:`` principal of the Outlook profile, if one is set.
    :param trust: ``"system"`` (the trust store of the machine running proxycert, which may
        differ from the client's), ``"none"``, a path or ``bytes`` of a PEM bundle, or
        certificates.
    :param at: the time of the error, an aware ``datetime``; now by default.
    :param message: a pasted Outlook message, or an :class:`~proxycert.ErrorMessage`: its code
        is compared with the prediction, and it names the proxy when *proxy* is ``None``.
    :param password: the password of a ``.pfx`` file.
    :param intermediates: more files (as for *source*) whose certificates may complete the chain.
    :returns: the prediction, the findings and the chain.
    :raises CertificateLoadError: a certificate or the trust store cannot be read; a ``.pfx``
        needs its password, or the password is wrong.
    :raises MessageNotFoundError: *message* holds no KB 923575 message.
    :raises TypeError: an argument is of the wrong type.
    :raises ValueError: *at* is naive, *proxy* names no host, or *principal* is neither
        ``msstd:`` nor ``fullsic:``.

    The classic: Exchange's self-signed certificate, for its internal names only.

    >>> pem = '''-----BEGIN CERTIFICATE-----
    ... MIIBMzCB2qADAgECAgEBMAoGCCqGSM49BAMCMBExDzANBgNVBAMMBkVYQ0gwMTAe
    ... Fw0yMDAxMDEwMDAwMDBaFw00NTAxMDEwMDAwMDBaMBExDzANBgNVBAMMBkVYQ0gw
    ... MTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLfduoggoMMaxbv6KvkN77pXpyaJ
    ... RwduP+7ODsdqvpZuEcmZFRFCb0zeEJw9W3bCRydL4tv0+fxUf7BH3C+TmrSjIzAh
    ... MB8GA1UdEQQYMBaCFGV4Y2gwMS5jb250b3NvLmxvY2FsMAoGCCqGSM49BAMCA0gA
    ... MEUCIEgsjY0Gf2tk7xpUC7XCO0Npc/alpYjdIO60Hhl5UEk/AiEAu/W1npwLlphT
    ... LrW9p34NHATUZgnjJw+1D0noiK0rEZE=
    ... -----END CERTIFICATE-----'''
    >>> check = check_certificate(pem, "mail.contoso.com", trust="none")
    >>> check.flags.names
    ('FLAG_INVALID_CA', 'FLAG_CERT_CN_INVALID')
    >>> [finding.reason for finding in check.findings]
    ['untrusted-root', 'name-mismatch']
    >>> check.findings[1].message
    "mail.contoso.com is not among the certificate's names (SAN dNSName: exch01.contoso.local)"
    """
    if at is None:
        at = datetime.now(timezone.utc)
    elif not isinstance(at, datetime):
        raise TypeError(f"at must be a datetime, not {type(at).__name__}")
    elif at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be an aware datetime, such as datetime.now(timezone.utc)")
    if proxy is not None and not isinstance(proxy, str):
        raise TypeError(f"proxy must be a str, not {type(proxy).__name__}")
    if principal is not None and not isinstance(principal, str):
        raise TypeError(f"principal must be a str, not {type(principal).__name__}")
    if password is not None and not isinstance(password, bytes):
        raise TypeError(f"password must be bytes, not {type(password).__name__}")
    if isinstance(intermediates, (str, bytes, bytearray, os.PathLike)):
        # One file given alone would be read item by item: a character or a byte at a time.
        raise TypeError(
            f"intermediates must be a sequence of files, not one {type(intermediates).__name__}:"
            " wrap it in a list"
        )
    at = at.astimezone(timezone.utc)
    parsed_message = _message(message)
    if proxy is None and parsed_message is not None:
        proxy = parsed_message.proxy_server

    supplied = _certificates(source, password)
    leaf = supplied[pick_leaf(supplied)]
    pool = supplied + [c for extra in intermediates for c in load_certificates(extra, password)]
    store = load_trust(trust)
    built, statuses = build_chain(leaf, pool, store, at)

    findings = [
        Finding(
            _flag_of(s.cert_trust), s.reason, s.certainty, s.message, s.certificate, s.cert_trust
        )
        for s in statuses
    ]
    # The synthetic dwErrorStatus of the chain, mapped through proxycert's one table.
    trust_status = 0
    for status in statuses:
        if status.certainty is not Certainty.UNVERIFIED:
            trust_status |= status.cert_trust
    flags = int(_flag_of(trust_status)) if trust_status else 0

    name = None if proxy is None else _name_match(proxy, leaf, findings)
    if name is not None and not name.matched:
        flags |= CertProblem.FLAG_CERT_CN_INVALID
    principal_match = None if principal is None else _principal_match(principal, leaf, findings)

    possible = 0
    for finding in findings:
        if finding.certainty is Certainty.UNVERIFIED and finding.flag is not None:
            possible |= int(finding.flag)
    predicted = CertProblem(flags)
    result = CertCheck(
        flags=predicted,
        possible=CertProblem(possible & ~flags),
        findings=tuple(findings),
        chain=tuple(
            _info(c, in_store=built.end is ChainEnd.TRUSTED and i == len(built.path) - 1)
            for i, c in enumerate(built.path)
        ),
        chain_end=built.end,
        name=name,
        principal=principal_match,
        comparison=None,
        not_checked=tuple(NotChecked),
        trust_source=store.source,
        checked_at=at,
    )
    if parsed_message is not None and parsed_message.code is not None:
        return attrs.evolve(result, comparison=result.compare(parsed_message))
    return result
