"""Reading certificates as helpdesks have them: PEM, DER, PKCS#7, PKCS#12, pasted text.

Every certificate is read eagerly into :class:`Parsed`, whose facts are computed once, so that
no ``cryptography`` exception can surface later, when the check reads a field it parses lazily
(cert-check.md §6c).
"""

from __future__ import annotations

import binascii
import hashlib
import os
import re
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import (
    AuthorityInformationAccessOID,
    ExtendedKeyUsageOID,
    ExtensionOID,
    NameOID,
    SignatureAlgorithmOID,
)

from ._errors import CertificateLoadError

__all__ = ["Parsed", "load_certificates", "parse_certificate", "split_pem"]

# What cryptography raises on bad input; anything else would be a bug in proxycert.  Some of
# its x509 errors derive from Exception only.
_CRYPTO_ERRORS = (
    ValueError,
    TypeError,
    UnsupportedAlgorithm,
    x509.InvalidVersion,
    x509.DuplicateExtension,
    x509.UnsupportedGeneralNameType,
)

# One PEM block.  The body holds no "-", so each attempt stops at the next dash: linear.
_PEM_BLOCK = re.compile(
    rb"-----BEGIN\ (?P<label>[A-Z0-9 ]{1,40})-----"  # the armour line's label
    rb"(?P<body>[^-]*)"  # base64, headers and line breaks
    rb"-----END\ (?P=label)-----",
)
_CERTIFICATE_LABELS = {b"CERTIFICATE", b"X509 CERTIFICATE"}
_PKCS7_LABELS = {b"PKCS7", b"CERTIFICATE CHAIN"}
_BASE64_ONLY = re.compile(rb"[A-Za-z0-9+/=\s]+")
# Extended key usages by their usual short names; others are shown as dotted OIDs.
_EKU_NAMES = {
    ExtendedKeyUsageOID.SERVER_AUTH.dotted_string: "serverAuth",
    ExtendedKeyUsageOID.CLIENT_AUTH.dotted_string: "clientAuth",
    ExtendedKeyUsageOID.CODE_SIGNING.dotted_string: "codeSigning",
    ExtendedKeyUsageOID.EMAIL_PROTECTION.dotted_string: "emailProtection",
    ExtendedKeyUsageOID.TIME_STAMPING.dotted_string: "timeStamping",
    ExtendedKeyUsageOID.OCSP_SIGNING.dotted_string: "OCSPSigning",
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE.dotted_string: "anyExtendedKeyUsage",
}


# Signature algorithms by OID, named from cryptography's public table ("ECDSA with SHA256").
_SIGNATURE_NAMES = {
    oid.dotted_string: name.replace("_WITH_", " with ").replace("_", "-")
    for name, oid in vars(SignatureAlgorithmOID).items()
    if isinstance(oid, x509.ObjectIdentifier) and not name.startswith("_")
}


def _signature_name(oid: x509.ObjectIdentifier) -> str:
    return _SIGNATURE_NAMES.get(oid.dotted_string, oid.dotted_string)


@attrs.frozen(eq=False)
class Parsed:
    """One certificate's facts, read once."""

    cert: x509.Certificate
    der: bytes
    subject_der: bytes
    issuer_der: bytes
    subject: str
    issuer: str
    ski: bytes | None
    aki: bytes | None
    is_ca: bool | None  # None: no basicConstraints extension
    path_length: int | None
    key_cert_sign: bool | None  # None: no keyUsage extension
    eku: tuple[str, ...] | None
    dns_names: tuple[str, ...] | None  # None: no subjectAltName extension
    ip_addresses: tuple[str, ...]
    emails: tuple[str, ...]
    common_names: tuple[str, ...]
    not_before: datetime
    not_after: datetime
    unknown_critical: tuple[str, ...]
    public_key: Any
    signature_params: Any
    signature_hash: Any
    signature_algorithm: str
    ca_issuers_urls: tuple[str, ...]
    ocsp_urls: tuple[str, ...]
    crl_urls: tuple[str, ...]
    serial: int

    @property
    def self_issued(self) -> bool:
        return self.subject_der == self.issuer_der


def _urls(names: Iterator[x509.GeneralName]) -> tuple[str, ...]:
    return tuple(n.value for n in names if isinstance(n, x509.UniformResourceIdentifier))


def _element(der: bytes, offset: int) -> tuple[int, int]:
    """Where the DER element at *offset* has its content, and where it ends."""
    first = der[offset + 1]
    if first < 0x80:
        return offset + 2, offset + 2 + first
    size = first & 0x7F
    start = offset + 2 + size
    return start, start + int.from_bytes(der[offset + 2 : start], "big")


def name_ders(der: bytes) -> tuple[bytes, bytes]:
    """The issuer's and the subject's encoded names, as the certificate holds them.

    Windows compares names as encoded bytes (``CertCompareCertificateName``), and reading them
    here costs a fraction of re-encoding ``cert.subject``: a 144-root store is indexed in
    about a millisecond.  *der* has been parsed by cryptography already, so it is well formed.
    """
    certificate, _ = _element(der, 0)
    offset, tbs_end = _element(der, certificate)
    elements: list[bytes] = []
    while offset < tbs_end and len(elements) < 6:
        end = _element(der, offset)[1]
        elements.append(der[offset:end])
        offset = end
    if elements[0][0] == 0xA0:  # the optional [0] version
        del elements[0]
    # serialNumber, signature, issuer, validity, subject
    return elements[2], elements[4]


def parse_certificate(cert: x509.Certificate) -> Parsed:
    """Read every fact the check uses; raises ``ValueError`` or ``UnsupportedAlgorithm``."""
    der = cert.public_bytes(Encoding.DER)
    names = name_ders(der)
    extensions = {ext.oid.dotted_string: ext for ext in cert.extensions}

    def value(oid: x509.ObjectIdentifier) -> Any:
        ext = extensions.get(oid.dotted_string)
        return None if ext is None else ext.value

    san = value(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    basic = value(ExtensionOID.BASIC_CONSTRAINTS)
    usage = value(ExtensionOID.KEY_USAGE)
    eku = value(ExtensionOID.EXTENDED_KEY_USAGE)
    aki = value(ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
    ski = value(ExtensionOID.SUBJECT_KEY_IDENTIFIER)
    aia = value(ExtensionOID.AUTHORITY_INFORMATION_ACCESS)
    crl = value(ExtensionOID.CRL_DISTRIBUTION_POINTS)
    aia_by_method: dict[str, list[x509.GeneralName]] = {}
    for description in aia or ():
        aia_by_method.setdefault(description.access_method.dotted_string, []).append(
            description.access_location
        )
    crl_names = [name for point in crl or () for name in point.full_name or ()]
    subject_emails = [
        str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)
    ]
    return Parsed(
        cert=cert,
        der=der,
        subject_der=names[1],
        issuer_der=names[0],
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        ski=None if ski is None else ski.digest,
        aki=None if aki is None else aki.key_identifier,
        is_ca=None if basic is None else basic.ca,
        path_length=None if basic is None else basic.path_length,
        key_cert_sign=None if usage is None else usage.key_cert_sign,
        eku=None
        if eku is None
        else tuple(_EKU_NAMES.get(o.dotted_string, o.dotted_string) for o in eku),
        dns_names=None if san is None else tuple(san.get_values_for_type(x509.DNSName)),
        ip_addresses=()
        if san is None
        else tuple(map(str, san.get_values_for_type(x509.IPAddress))),
        emails=(() if san is None else tuple(san.get_values_for_type(x509.RFC822Name)))
        + tuple(subject_emails),
        common_names=tuple(
            str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        ),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        unknown_critical=tuple(
            ext.oid.dotted_string
            for ext in extensions.values()
            if ext.critical and isinstance(ext.value, x509.UnrecognizedExtension)
        ),
        public_key=cert.public_key(),
        signature_params=cert.signature_algorithm_parameters,
        signature_hash=cert.signature_hash_algorithm,
        signature_algorithm=_signature_name(cert.signature_algorithm_oid),
        ca_issuers_urls=_urls(
            iter(aia_by_method.get(AuthorityInformationAccessOID.CA_ISSUERS.dotted_string, ()))
        ),
        ocsp_urls=_urls(
            iter(aia_by_method.get(AuthorityInformationAccessOID.OCSP.dotted_string, ()))
        ),
        crl_urls=_urls(iter(crl_names)),
        serial=cert.serial_number,
    )


def thumbprints(parsed: Parsed) -> tuple[str, str]:
    """SHA-1 (Windows' "Thumbprint") and SHA-256 of the DER, upper-case hexadecimal."""
    return (
        hashlib.sha1(parsed.der, usedforsecurity=False).hexdigest().upper(),
        hashlib.sha256(parsed.der).hexdigest().upper(),
    )


def split_pem(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Each PEM block's label and DER; text between blocks (``s_client`` output) is skipped."""
    for match in _PEM_BLOCK.finditer(data):
        try:
            der = binascii.a2b_base64(match["body"])
        except binascii.Error:
            der = b""
        yield match["label"], der


def _decode_text(data: bytes) -> bytes:
    """PEM text as bytes: UTF-16 (PowerShell 5 writes it) and a UTF-8 BOM undone."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    if data[:4] == b"-\x00-\x00":
        return data.decode("utf-16-le", errors="replace").encode("utf-8", errors="replace")
    return data.removeprefix(b"\xef\xbb\xbf")


def _der_outline(data: bytes) -> tuple[int, int] | None:
    """The tag of the first element inside a DER SEQUENCE and, if it is an INTEGER, its value.

    Enough to tell a certificate (a SEQUENCE), a PKCS#7 ContentInfo (an OID) and a PKCS#12
    PFX (INTEGER 3) apart before handing the bytes to the parser that fits.
    """
    if len(data) < 4 or data[0] != 0x30:
        return None
    length = data[1]
    offset = 2 + (length & 0x7F if length & 0x80 else 0)
    if offset + 2 > len(data):
        return None
    tag = data[offset]
    if tag == 0x02 and data[offset + 1] == 1 and offset + 2 < len(data):
        return tag, data[offset + 2]
    return tag, -1


def _pfx(data: bytes, password: bytes | None, label: object) -> list[x509.Certificate]:
    try:
        # Loaded on first use, as pkcs7 below: together they double the import's cost.
        from cryptography.hazmat.primitives.serialization import pkcs12

        _key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except _CRYPTO_ERRORS as error:
        if password is None:
            raise CertificateLoadError(
                label,
                "a PKCS#12 (.pfx) file needs its password (or the file is damaged)",
                "needs-password",
            ) from error
        raise CertificateLoadError(
            label,
            "wrong password for the PKCS#12 (.pfx) file (or the file is damaged)",
            "wrong-password",
        ) from error
    return ([] if cert is None else [cert]) + list(extra)


def _pkcs7(data: bytes) -> list[x509.Certificate]:
    from cryptography.hazmat.primitives.serialization import pkcs7

    return list(pkcs7.load_der_pkcs7_certificates(data))


def _from_der(data: bytes, password: bytes | None, label: object) -> list[x509.Certificate]:
    outline = _der_outline(data)
    if outline == (0x02, 3):
        return _pfx(data, password, label)
    if outline is not None and outline[0] == 0x06:
        return _pkcs7(data)
    return [x509.load_der_x509_certificate(data)]


def _from_bytes(data: bytes, password: bytes | None, label: object) -> list[x509.Certificate]:
    text = _decode_text(data)
    if b"-----BEGIN" in text:
        found: list[x509.Certificate] = []
        labels = []
        for number, (block_label, der) in enumerate(split_pem(text), 1):
            labels.append(block_label.decode("ascii"))
            try:
                if block_label in _CERTIFICATE_LABELS:
                    found.append(x509.load_der_x509_certificate(der))
                elif block_label in _PKCS7_LABELS:
                    found.extend(_pkcs7(der))
            except _CRYPTO_ERRORS as error:
                # The commonest paste failure: a block cut short or mangled by a mail client.
                raise CertificateLoadError(
                    label,
                    f"PEM block {number} ({labels[-1]}) is damaged: its base64 does not give"
                    " a whole certificate (cut short, or changed in a copy?)",
                ) from error
        if not found:
            kinds = ", ".join(labels) or "none complete"
            raise CertificateLoadError(
                label, f"expected a CERTIFICATE or PKCS7 PEM block; found {kinds}", "no-certificate"
            )
        return found
    if _BASE64_ONLY.fullmatch(text) and text.strip():
        # A paste of the base64 alone, without its armour lines.
        return _from_der(binascii.a2b_base64(text), password, label)
    return _from_der(data, password, label)


def load_certificates(
    source: bytes | str | os.PathLike[str], password: bytes | None = None
) -> list[Parsed]:
    """Every certificate in *source*, read and checked field by field, in the file's order."""
    label: object = source
    if isinstance(source, os.PathLike):
        label = os.fspath(source)
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise CertificateLoadError(label, error.strerror or str(error), "unreadable") from error
    elif isinstance(source, str):
        data = source.encode("utf-8", errors="replace")
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        raise TypeError(
            "source must be bytes, str, a path or a sequence of certificates,"
            f" not {type(source).__name__}"
        )
    try:
        with warnings.catch_warnings():
            # A non-positive serial number warns (cryptography 42+); Windows reads it.
            warnings.simplefilter("ignore")
            certificates = _from_bytes(data, password, label)
    except CertificateLoadError:
        raise
    except (*_CRYPTO_ERRORS, binascii.Error) as error:
        # A str is PEM text, never a file name; say so to a caller who passed a path as a str.
        hint = ""
        if isinstance(source, str) and "\n" not in source and len(source) < 4096:
            hint = "; a str is read as PEM text: pass a file path as a pathlib.Path"
        raise CertificateLoadError(
            label,
            f"expected a certificate in PEM, DER, PKCS#7 or PKCS#12 form{hint}",
            "unsupported-format",
        ) from error
    if not certificates:
        raise CertificateLoadError(label, "the file holds no certificate", "no-certificate")
    return parse_all(certificates, label)


def parse_all(certificates: list[x509.Certificate], label: object) -> list[Parsed]:
    """:func:`parse_certificate` on each, a failure named by the certificate's position."""
    return [
        _parse_one(cert, index, certificates, label) for index, cert in enumerate(certificates, 1)
    ]


def _parse_one(
    cert: x509.Certificate, index: int, certificates: list[x509.Certificate], label: object
) -> Parsed:
    try:
        with warnings.catch_warnings():
            # A non-positive serial number warns (cryptography 42+); Windows reads it.
            warnings.simplefilter("ignore")
            return parse_certificate(cert)
    except _CRYPTO_ERRORS as error:
        raise CertificateLoadError(
            label, f"certificate {index} of {len(certificates)} is malformed: {error}"
        ) from error
