"""A small test PKI made with cryptography: EC P-256 keys, made once per session.

Every certificate is valid around :data:`AT`, the time the tests check at, unless its name says
otherwise, so results never depend on the day the suite runs.
"""

from __future__ import annotations

import functools
import socket
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from ipaddress import ip_address
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, padding, rsa, x25519
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

AT = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
YEAR = timedelta(days=365)
PROXY = "mail.contoso.com"

Key = Any

# Python source that makes `import cryptography` fail, as it does without the cert extra; a
# test runs it in a fresh interpreter, then its own lines.
BLOCK_CRYPTOGRAPHY = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "cryptography" or name.startswith("cryptography."):
            raise ImportError(f"No module named {name!r} (blocked by the test)")
        return None

sys.meta_path.insert(0, Block())
"""


@pytest.fixture(autouse=True)
def refuse_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """No network, ever: a test module that imports this fixture runs with sockets refused."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("proxycert opened a socket")

    for name in ("socket", "create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)


def key(name: str, kind: str = "ec") -> Key:
    """One private key per name, made once: EC P-256 unless *kind* says otherwise."""
    return _key(name, kind)


@functools.cache
def _key(name: str, kind: str) -> Key:
    del name
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - speed
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind == "dsa":
        return dsa.generate_private_key(key_size=1024)  # noqa: S505 - speed
    if kind == "x25519":
        return x25519.X25519PrivateKey.generate()
    return ec.generate_private_key(ec.SECP256R1())


def name(cn: str | None, **more: str) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Contoso Test")]
    if "email" in more:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, more["email"]))
    if cn is not None:
        attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attributes)


def make(
    cn: str | None,
    issuer: tuple[x509.Certificate, Key] | None = None,
    *,
    key_name: str | None = None,
    key_kind: str = "ec",
    dns: Sequence[str] | None = None,
    ips: Sequence[str] = (),
    emails: Sequence[str] = (),
    ca: bool | None = False,
    path_length: int | None = None,
    eku: Sequence[x509.ObjectIdentifier] | None = (ExtendedKeyUsageOID.SERVER_AUTH,),
    not_before: datetime = AT - YEAR,
    not_after: datetime = AT + YEAR,
    aki: bool = True,
    key_cert_sign: bool | None = None,
    extensions: Sequence[tuple[x509.ExtensionType, bool]] = (),
    subject: x509.Name | None = None,
    serial: int = 0x1234,
    pss: bool = False,
    aia: str | None = None,
) -> tuple[x509.Certificate, Key]:
    """A certificate and its key; self-signed when *issuer* is None."""
    own_key = key(key_name or f"key:{cn}", key_kind)
    subject_name = subject if subject is not None else name(cn)
    issuer_cert, issuer_key = issuer if issuer is not None else (None, own_key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject_name)
        .issuer_name(issuer_cert.subject if issuer_cert is not None else subject_name)
        .public_key(own_key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(own_key.public_key()), False)
    )
    if aki:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca, path_length), True)
    if dns is not None or ips or emails:
        general: list[x509.GeneralName] = [x509.DNSName(d) for d in dns or ()]
        general += [x509.IPAddress(ip_address(i)) for i in ips]
        general += [x509.RFC822Name(e) for e in emails]
        builder = builder.add_extension(x509.SubjectAlternativeName(general), False)
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(eku)), False)
    if key_cert_sign is not None:
        builder = builder.add_extension(
            x509.KeyUsage(True, False, False, False, False, key_cert_sign, True, False, False), True
        )
    if aia is not None:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.CA_ISSUERS,
                        x509.UniformResourceIdentifier(aia),
                    ),
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier("http://ocsp.contoso.test"),
                    ),
                ]
            ),
            False,
        )
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier("http://crl.contoso.test/ca.crl")],
                        None,
                        None,
                        None,
                    )
                ]
            ),
            False,
        )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical)
    if isinstance(issuer_key, ed25519.Ed25519PrivateKey):
        return builder.sign(issuer_key, None), own_key
    if pss:
        return builder.sign(
            issuer_key,
            hashes.SHA256(),
            rsa_padding=padding.PSS(padding.MGF1(hashes.SHA256()), padding.PSS.DIGEST_LENGTH),
        ), own_key
    return builder.sign(issuer_key, hashes.SHA256()), own_key


@functools.cache
def root() -> tuple[x509.Certificate, Key]:
    return make("Contoso Test Root", ca=True, eku=None, key_cert_sign=True)


@functools.cache
def intermediate() -> tuple[x509.Certificate, Key]:
    return make("Contoso Test Issuing CA", root(), ca=True, path_length=0, eku=None)


@functools.cache
def good() -> tuple[x509.Certificate, Key]:
    return make(
        PROXY,
        intermediate(),
        dns=[PROXY, "autodiscover.contoso.com"],
        aia="http://pki.contoso.test/ca.crt",
    )


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def p7b(*certs: x509.Certificate, encoding: str = "DER") -> bytes:
    return pkcs7.serialize_certificates(list(certs), getattr(serialization.Encoding, encoding))


def pfx(
    cert: x509.Certificate,
    private_key: Key,
    cas: Sequence[x509.Certificate],
    password: bytes | None,
) -> bytes:
    encryption = (
        serialization.NoEncryption()
        if password is None
        else serialization.BestAvailableEncryption(password)
    )
    return pkcs12.serialize_key_and_certificates(b"proxy", private_key, cert, list(cas), encryption)


# --- A SHA-1 signature, which cryptography no longer makes: re-sign a certificate by hand ----


def _tlv(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes([tag, length]) + content
    size = (length.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + length.to_bytes(size, "big") + content


def _elements(data: bytes) -> list[bytes]:
    """The whole TLVs inside the DER content *data*."""
    found, offset = [], 0
    while offset < len(data):
        first = data[offset + 1]
        if first < 0x80:
            header, length = 2, first
        else:
            size = first & 0x7F
            header, length = 2 + size, int.from_bytes(data[offset + 2 : offset + 2 + size], "big")
        found.append(data[offset : offset + header + length])
        offset += header + length
    return found


def _content(tlv: bytes) -> bytes:
    return tlv[2:] if tlv[1] < 0x80 else tlv[2 + (tlv[1] & 0x7F) :]


ECDSA_WITH_SHA1 = _tlv(0x30, bytes.fromhex("06072a8648ce3d0401"))
RSA_WITH_SHA1 = _tlv(0x30, bytes.fromhex("06092a864886f70d0101050500"))


def sha1_signed(cert: x509.Certificate, issuer_key: Key) -> x509.Certificate:
    """*cert* with its algorithm changed to SHA-1 (ECDSA or RSA) and signed again by *issuer_key*."""
    parts = _elements(_content(cert.tbs_certificate_bytes))
    is_rsa = isinstance(issuer_key, rsa.RSAPrivateKey)
    algorithm = RSA_WITH_SHA1 if is_rsa else ECDSA_WITH_SHA1
    parts[2] = algorithm  # [version, serial, signature algorithm, ...]
    tbs = _tlv(0x30, b"".join(parts))
    if is_rsa:
        signature = issuer_key.sign(tbs, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    else:
        signature = issuer_key.sign(tbs, ec.ECDSA(hashes.SHA1()))  # noqa: S303
    whole = _tlv(0x30, tbs + algorithm + _tlv(0x03, b"\x00" + signature))
    return x509.load_der_x509_certificate(whole)


def tampered(cert: x509.Certificate) -> x509.Certificate:
    """*cert* with the last byte of its signature changed: still DER, no longer valid."""
    tbs, algorithm, bits = _elements(_content(der(cert)))
    body = bytearray(_content(bits))
    body[-1] ^= 0x01
    return x509.load_der_x509_certificate(_tlv(0x30, tbs + algorithm + _tlv(0x03, bytes(body))))


def version_1(cert: x509.Certificate, issuer_key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    """*cert* as an X.509 version 1 certificate (no version field, no extensions), signed again."""
    parts = [p for p in _elements(_content(cert.tbs_certificate_bytes)) if p[0] not in (0xA0, 0xA3)]
    tbs = _tlv(0x30, b"".join(parts))
    signature = issuer_key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    return x509.load_der_x509_certificate(
        _tlv(0x30, tbs + parts[1] + _tlv(0x03, b"\x00" + signature))
    )
