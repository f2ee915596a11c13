"""Make a small demo PKI for ``proxycert cert``: the certificate behind examples/pasted-error.txt.

The pasted error says Outlook saw code 10 (a name mismatch) for mail.contoso.com.  The proxy in
this story serves a certificate for webmail.fabrikam.com that also expired a month ago, so the
check predicts 0x30 and finds the message consistent with it.  Dates are relative to today,
so the demo never goes stale.

Usage: python examples/make_demo_pki.py OUTDIR
Writes OUTDIR/root.pem (the trust store), OUTDIR/proxy-chain.pem (leaf and intermediate, as
``openssl s_client -showcerts`` would show them) and OUTDIR/proxy-chain.p7b (the same, as
Windows' export wizard writes it).  Needs the cert extra: pip install "proxycert[cert]".
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAY = timedelta(days=1)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Contoso Demo"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
    *,
    valid: tuple[datetime, datetime],
    ca: bool,
    dns: list[str] | None = None,
) -> x509.Certificate:
    issuer_name, issuer_key = issuer if issuer is not None else (_name(subject), key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid[0])
        .not_valid_after(valid[1])
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if dns is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in dns]), critical=False
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_demo_pki(out: Path, now: datetime | None = None) -> dict[str, Path]:
    """Write the demo files into *out*; return their paths by role."""
    now = now or datetime.now(timezone.utc)
    root_key, ca_key, leaf_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    root = _certificate(
        "Contoso Demo Root", root_key, None, valid=(now - 400 * DAY, now + 3650 * DAY), ca=True
    )
    ca = _certificate(
        "Contoso Demo Issuing CA",
        ca_key,
        (root.subject, root_key),
        valid=(now - 400 * DAY, now + 1825 * DAY),
        ca=True,
    )
    leaf = _certificate(
        "webmail.fabrikam.com",
        leaf_key,
        (ca.subject, ca_key),
        valid=(now - 395 * DAY, now - 30 * DAY),
        ca=False,
        dns=["webmail.fabrikam.com"],
    )
    out.mkdir(parents=True, exist_ok=True)
    pem = serialization.Encoding.PEM
    paths = {
        "root": out / "root.pem",
        "chain": out / "proxy-chain.pem",
        "p7b": out / "proxy-chain.p7b",
    }
    paths["root"].write_bytes(root.public_bytes(pem))
    paths["chain"].write_bytes(leaf.public_bytes(pem) + ca.public_bytes(pem))
    paths["p7b"].write_bytes(pkcs7.serialize_certificates([ca, leaf], serialization.Encoding.DER))
    return paths


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    for role, path in make_demo_pki(Path(argv[0])).items():
        print(f"{role:6} {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
