"""What an offline certificate check costs (issue 13's goals), printed next to each goal.

Run with ``make bench`` (or ``python benchmarks/bench_cert.py [--runs N]``).  It makes a small
EC P-256 PKI in memory, then measures:

* one check of a two-certificate chain (leaf and intermediate, PEM) against a one-root store:
  median at most 2 ms;
* the same against the system store, once it is read (the store is read once per process and
  kept): median at most 5 ms; the first, cold check is printed too;
* that ``import proxycert`` leaves ``cryptography`` out of ``sys.modules``;
* the cold start of ``proxycert cert`` beside ``proxycert decode 10`` (no goal; printed only
  when this proxycert has the ``cert`` subcommand).

It exits 1 if a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from proxycert.cert import check_certificate

PYTHON = sys.executable
PROXYCERT = str(Path(PYTHON).parent / "proxycert")
PROXY = "mail.contoso.com"
NOW = datetime.now(timezone.utc)
# The usual bundle paths (as proxycert.cert looks for them) when SSL_CERT_FILE is not set.
BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
)


def _certificate(
    name: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    issuer_name, issuer_key = (issuer[0].subject, issuer[1]) if issuer else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=30))
        .not_valid_after(NOW + timedelta(days=300))
        .add_extension(x509.BasicConstraints(ca=name != PROXY, path_length=None), critical=True)
    )
    if name == PROXY:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(PROXY)]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def pki() -> tuple[bytes, bytes]:
    """The PEM of a leaf and its intermediate, and the PEM of their root."""
    keys = [ec.generate_private_key(ec.SECP256R1()) for _ in range(3)]
    root = _certificate("Bench Root", keys[0], None)
    ca = _certificate("Bench CA", keys[1], (root, keys[0]))
    leaf = _certificate(PROXY, keys[2], (ca, keys[1]))
    pem = serialization.Encoding.PEM
    return leaf.public_bytes(pem) + ca.public_bytes(pem), root.public_bytes(pem)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def process_ms(argv: Sequence[str], runs: int) -> float:
    subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def report(what: str, value: float, goal: float | None, unit: str = "ms") -> bool:
    verdict = "" if goal is None else ("  ok" if value <= goal else "  MISSED")
    target = "" if goal is None else f"  (goal <= {goal:g} {unit})"
    print(f"{what:<58} {value:8.2f} {unit}{target}{verdict}")
    return goal is None or value <= goal


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="checks per figure (default 200)")
    args = parser.parse_args(argv)
    chain, root = pki()
    ok = report(
        "check: 2-certificate chain, one-root store (median)",
        median_ms(lambda: check_certificate(chain, PROXY, trust=root), args.runs),
        2.0,
    )
    with tempfile.TemporaryDirectory() as folder:
        # The system bundle plus the bench root, so that the chain is trusted and every
        # signature on it is checked, as with a real proxy certificate.
        system = os.environ.get("SSL_CERT_FILE") or next(
            (p for p in BUNDLES if Path(p).is_file()), None
        )
        bundle = Path(folder, "system-and-bench-root.pem")
        bundle.write_bytes((Path(system).read_bytes() if system else b"") + root)
        os.environ["SSL_CERT_FILE"] = str(bundle)
        cold = median_ms(lambda: check_certificate(chain, PROXY, trust="system"), 1)
        warm = median_ms(lambda: check_certificate(chain, PROXY, trust="system"), args.runs)
        check = check_certificate(chain, PROXY, trust="system")
    report("check: system store, first call (reads the store)", cold, None)
    ok &= report(
        f"check: system store + bench root, {len(check.chain)}-element chain (median)", warm, 5.0
    )
    print(f"  (store: {system}; {check.trust_source.rpartition('(')[2].rstrip(')')})")
    imported = subprocess.run(
        [PYTHON, "-c", "import sys, proxycert; print(int('cryptography' in sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ok &= report("import proxycert: cryptography in sys.modules (0 = no)", float(imported), 0, "")
    has_cert = (
        subprocess.run([PROXYCERT, "cert", "--help"], check=False, capture_output=True).returncode
        == 0
    )
    if has_cert:
        with tempfile.TemporaryDirectory() as folder:
            chain_file, root_file = Path(folder, "chain.pem"), Path(folder, "root.pem")
            chain_file.write_bytes(chain)
            root_file.write_bytes(root)
            runs = max(5, args.runs // 20)
            report(
                "cold start: proxycert decode 10 (median)",
                process_ms([PROXYCERT, "decode", "10"], runs),
                None,
            )
            report(
                "cold start: proxycert cert CHAIN --trust ROOT --proxy (median)",
                process_ms(
                    [
                        PROXYCERT,
                        "cert",
                        str(chain_file),
                        "--trust",
                        str(root_file),
                        "--proxy",
                        PROXY,
                    ],
                    runs,
                ),
                None,
            )
    else:
        print("cold start of proxycert cert: skipped, this proxycert has no cert subcommand")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
