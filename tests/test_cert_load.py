"""proxycert.cert's inputs: every format helpdesks have, trust stores, and a fuzz of them all."""

from __future__ import annotations

import base64
import contextlib
import ctypes
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtensionOID
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests import certs as c
from tests.certs import (
    AT,
    PROXY,
    refuse_sockets,  # noqa: F401 - autouse: no socket in any check
)

from proxycert import ProxyCertError
from proxycert.cert import CertificateLoadError, ChainEnd, check_certificate

PASSWORD = b"s3cret"


def chain() -> tuple[x509.Certificate, x509.Certificate]:
    return c.good()[0], c.intermediate()[0]


def check(source: object, **options: object) -> int:
    options.setdefault("trust", c.pem(c.root()[0]))
    return int(check_certificate(source, PROXY, at=AT, **options).flags)  # type: ignore[arg-type]


def s_client_paste() -> str:
    leaf, ca = chain()
    return textwrap.dedent(
        """\
        CONNECTED(00000003)
        depth=1 O = Contoso Test, CN = Contoso Test Issuing CA
        ---
        Certificate chain
         0 s:O = Contoso Test, CN = mail.contoso.com
           i:O = Contoso Test, CN = Contoso Test Issuing CA
        {leaf}
         1 s:O = Contoso Test, CN = Contoso Test Issuing CA
        {ca}
        ---
        Server certificate
        subject=O = Contoso Test, CN = mail.contoso.com
        """
    ).format(leaf=c.pem(leaf).decode(), ca=c.pem(ca).decode())


# Each of these holds the leaf and its intermediate, so each must give no problem.
FORMATS = {
    "pem": lambda: c.pem(*chain()),
    "pem-reversed": lambda: c.pem(*reversed(chain())),
    "pem-crlf": lambda: c.pem(*chain()).replace(b"\n", b"\r\n"),
    "pem-utf8-bom": lambda: b"\xef\xbb\xbf" + c.pem(*chain()),
    "pem-utf16-le-bom": lambda: c.pem(*chain()).decode().encode("utf-16"),
    "pem-utf16-be-bom": lambda: b"\xfe\xff" + c.pem(*chain()).decode().encode("utf-16-be"),
    "pem-utf16-le-no-bom": lambda: c.pem(*chain()).decode().encode("utf-16-le"),
    "pem-with-a-private-key": lambda: (
        c.pem(*chain())
        + c.key("leaf").private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    ),
    "x509-certificate-label": lambda: c.pem(*chain()).replace(
        b" CERTIFICATE-", b" X509 CERTIFICATE-"
    ),
    "s_client-text": s_client_paste,
    "s_client-bytes": lambda: s_client_paste().encode(),
    "p7b-der": lambda: c.p7b(*chain()),
    "p7b-der-root-first": lambda: c.p7b(c.root()[0], *reversed(chain())),
    "p7b-pem": lambda: c.p7b(*chain(), encoding="PEM"),
    "pfx-with-password": lambda: c.pfx(*c.good(), [c.intermediate()[0]], PASSWORD),
    "bare-base64-of-p7b": lambda: base64.encodebytes(c.p7b(*chain())),
    "bare-base64-text": lambda: base64.encodebytes(c.p7b(*chain())).decode(),
}


@pytest.mark.parametrize("make", FORMATS.values(), ids=FORMATS)
def test_every_format_gives_the_same_chain(make: object) -> None:
    source = make()  # type: ignore[operator]
    result = check_certificate(source, PROXY, trust=c.pem(c.root()[0]), at=AT, password=PASSWORD)
    assert result.flags == 0
    assert [info.common_names[0] for info in result.chain] == [
        PROXY, "Contoso Test Issuing CA", "Contoso Test Root",
    ]  # fmt: skip


def test_a_path_and_intermediates_from_other_files(tmp_path: Path) -> None:
    leaf_file, ca_file = tmp_path / "leaf.cer", tmp_path / "ca.p7b"
    leaf_file.write_bytes(c.der(c.good()[0]))
    ca_file.write_bytes(c.p7b(c.intermediate()[0]))
    assert check(leaf_file) == 0x8
    assert check(leaf_file, intermediates=[ca_file]) == 0


def pkcs12_key_only() -> bytes:
    return serialization.pkcs12.serialize_key_and_certificates(
        b"k", c.key("leaf"), None, None, serialization.NoEncryption()
    )


@pytest.mark.parametrize(
    ("source", "password", "kind", "message"),
    [
        (lambda: c.pfx(*c.good(), [], PASSWORD), None, "needs-password", "needs its password"),
        (lambda: c.pfx(*c.good(), [], PASSWORD), b"wrong", "wrong-password", "wrong password"),
        (lambda: b"hello", None, "unsupported-format", "expected a certificate in PEM, DER"),
        (lambda: b"", None, "unsupported-format", "expected a certificate in PEM, DER"),
        (lambda: b"0\x03\x02\x01", None, "unsupported-format", "expected a certificate"),
        (lambda: b"0\x84\x00\x00", None, "unsupported-format", "expected a certificate"),
        (
            lambda: c.key("leaf").private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            None,
            "no-certificate",
            "expected a CERTIFICATE or PKCS7 PEM block; found PRIVATE KEY",
        ),
        (lambda: b"-----BEGIN CERTIFICATE-----\nAAAA", None, "no-certificate", "found none complete"),
        (
            lambda: b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
            None,
            "malformed",
            r"PEM block 1 \(CERTIFICATE\) is damaged",
        ),
        (
            lambda: b"-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n",
            None,
            "malformed",
            r"PEM block 1 \(CERTIFICATE\) is damaged",
        ),
        (
            lambda: "/etc/ssl/proxy.pem",
            None,
            "unsupported-format",
            "a str is read as PEM text: pass a file path as a pathlib.Path",
        ),
        (
            pkcs12_key_only,
            None,
            "no-certificate",
            "the file holds no certificate",
        ),
    ],
    ids=[
        "pfx-no-password", "pfx-wrong-password", "text", "empty", "short-der", "long-length",
        "key-only", "unterminated", "bad-base64", "short-base64", "path-as-str", "pfx-key-only",
    ],
)  # fmt: skip
def test_load_errors(source: object, password: bytes | None, kind: str, message: str) -> None:
    with pytest.raises(CertificateLoadError, match=message) as caught:
        check(source(), password=password)  # type: ignore[operator]
    assert caught.value.kind == kind


def test_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CertificateLoadError, match="No such file") as caught:
        check(tmp_path / "missing.cer")
    assert caught.value.kind == "unreadable"
    assert caught.value.source == str(tmp_path / "missing.cer")


def test_a_malformed_extension_is_named_by_position() -> None:
    # A subjectAltName that holds a NULL: cryptography parses extensions lazily, so only
    # reading them fails.
    garbage = x509.UnrecognizedExtension(ExtensionOID.SUBJECT_ALTERNATIVE_NAME, b"\x05\x00")
    bad = c.make(PROXY, c.intermediate(), dns=None, key_name="leaf", extensions=[(garbage, False)])[
        0
    ]
    with pytest.raises(CertificateLoadError, match="certificate 2 of 2 is malformed"):
        check(c.pem(c.intermediate()[0], bad))


def test_a_negative_serial_number_is_read_without_a_warning() -> None:
    # cryptography warns about it (an error under this suite's filterwarnings); Windows reads it.
    data = c.der(c.good()[0])
    negative = data.replace(b"\x02\x02\x12\x34", b"\x02\x02\x92\x34", 1)
    result = check_certificate(
        negative,
        PROXY,
        trust=c.pem(c.root()[0]),
        at=AT,
        intermediates=[c.pem(c.intermediate()[0])],
    )
    assert result.chain[0].serial == "-6DCC"
    assert result.flags == 0x2  # the signature no longer matches


# --- Trust stores ------------------------------------------------------------------------------


def test_trust_from_a_file_skips_unreadable_certificates(tmp_path: Path) -> None:
    bundle = tmp_path / "roots.pem"
    broken = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    # OpenSSL's trusted form: the certificate and its trust settings (here a bare SEQUENCE).
    trusted = (
        b"-----BEGIN TRUSTED CERTIFICATE-----\n"
        + base64.encodebytes(c.der(c.root()[0]) + b"\x30\x00")
        + b"-----END TRUSTED CERTIFICATE-----\n"
    )
    short = b"-----BEGIN TRUSTED CERTIFICATE-----\nMA==\n-----END TRUSTED CERTIFICATE-----\n"
    bundle.write_bytes(broken + trusted + short)
    result = check_certificate(c.pem(*chain()), PROXY, trust=bundle, at=AT)
    assert result.flags == 0
    assert result.trust_source == f"file:{bundle} (1 certificate, 2 unreadable skipped)"
    # A path as str works too, and a changed file is read again.
    bundle.write_bytes(c.pem(c.make("Other", ca=True, eku=None, key_name="other")[0]))
    assert check_certificate(c.pem(*chain()), PROXY, trust=str(bundle), at=AT).flags == 0x8


def test_a_store_reads_each_root_once_and_skips_one_it_cannot_read(tmp_path: Path) -> None:
    garbage = x509.UnrecognizedExtension(ExtensionOID.SUBJECT_ALTERNATIVE_NAME, b"\x05\x00")
    odd_root = c.make(
        "Odd Root", ca=True, eku=None, key_name="odd-root", extensions=[(garbage, False)]
    )
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(c.pem(c.root()[0], c.root()[0], odd_root[0]))
    for _ in range(2):  # the second check finds the root already read
        result = check_certificate(c.pem(*chain()), PROXY, trust=bundle, at=AT)
        assert result.flags == 0
        assert result.trust_source == f"file:{bundle} (2 certificates)"
    odd_leaf = c.make(PROXY, odd_root, dns=[PROXY], key_name="leaf")[0]
    result = check_certificate(c.pem(odd_leaf), PROXY, trust=bundle, at=AT)
    assert result.chain_end is ChainEnd.PARTIAL


def test_a_version_1_certificate() -> None:
    # No version field, no extensions: the CN is the name, and any use is allowed.
    old = c.version_1(
        c.make(PROXY, c.intermediate(), dns=None, eku=None, key_name="leaf")[0], c.intermediate()[1]
    )
    assert old.version is x509.Version.v1
    assert check(c.pem(old, c.intermediate()[0])) == 0


@pytest.mark.parametrize(
    ("trust", "message"),
    [
        (
            b"no pem here",
            "^cannot load certificates from b'no pem here': expected PEM certificates",
        ),
        (
            "/nonexistent/roots.pem",
            "^cannot load certificates from '/nonexistent/roots.pem': No such",
        ),
    ],
)
def test_bad_trust_stores(trust: object, message: str) -> None:
    with pytest.raises(CertificateLoadError, match=message):
        check(c.pem(*chain()), trust=trust)


def test_a_bundle_that_vanishes_after_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from proxycert import _cert_trust

    with pytest.raises(CertificateLoadError, match="No such file"):
        _cert_trust._bundle(str(tmp_path / "gone.pem"), (0, 0), "file")


def test_the_system_store_without_any_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    from proxycert import _cert_trust

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setattr(_cert_trust, "_BUNDLE_PATHS", ("/nonexistent/a.pem",))
    result = check_certificate(c.pem(*chain()), PROXY, at=AT)
    assert result.trust_source == "system:none found (set SSL_CERT_FILE)"
    assert result.flags == 0x8


def test_the_system_store_from_the_usual_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proxycert import _cert_trust

    bundle = tmp_path / "ca-certificates.crt"
    bundle.write_bytes(c.pem(c.root()[0]))
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setattr(_cert_trust, "_BUNDLE_PATHS", ("/nonexistent/a.pem", str(bundle)))
    result = check_certificate(c.pem(*chain()), PROXY, at=AT)
    assert result.flags == 0
    assert result.trust_source == f"system:{bundle} (1 certificate)"


# --- Fuzz: mutated inputs give a result or a ProxyCertError, nothing else -----------------------


def seeds() -> list[bytes]:
    return [
        c.pem(*chain()),
        c.der(c.good()[0]),
        c.p7b(*chain()),
        c.pfx(*c.good(), [c.intermediate()[0]], PASSWORD),
    ]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "set", "delete", "insert"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "set":
            data[position] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[position]
        else:
            data.insert(position, draw(st.integers(0, 255)))
    return bytes(data)


# At least 300 mutations a run; `make fuzz` (the "fuzz" profile) asks for more.
@settings(
    max_examples=max(300, settings().max_examples),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated())
@example(b"0\x82\x01\x00\x02\x01\x03")
@example(b"0\x82\x01\x00\x06\x03\x2a\x03\x04")
def test_mutated_inputs_raise_only_proxycert_errors(data: bytes) -> None:
    with contextlib.suppress(ProxyCertError):
        check_certificate(data, PROXY, trust=c.pem(c.root()[0]), at=AT, password=PASSWORD)


# --- Without the extra ------------------------------------------------------------------------

BLOCK_CRYPTOGRAPHY = (
    c.BLOCK_CRYPTOGRAPHY
    + """
import proxycert
assert proxycert.parse("There is a problem with the proxy server's security certificate, a.b."
                       " Outlook is unable to connect to this server. (10)").code == 0x10
assert not any(m.startswith("cryptography") for m in sys.modules)
try:
    import proxycert.cert
except ImportError as error:
    print(error)
else:
    raise SystemExit("proxycert.cert imported without cryptography")
"""
)


def test_without_the_extra_the_package_imports_and_names_the_install_command() -> None:
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", BLOCK_CRYPTOGRAPHY],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == 'proxycert.cert needs the "cert" extra: pip install "proxycert[cert]"'
    )


def test_import_proxycert_does_not_import_cryptography() -> None:
    script = "import sys, proxycert; print(sorted(m for m in sys.modules if m.startswith('cryptography')))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- The Windows ROOT store, through a stand-in for crypt32 over real ctypes memory -----------


class Stub:
    """A function that, like a ctypes one, takes restype and argtypes attributes."""

    def __init__(self, call: Callable[..., object]) -> None:
        self.call = call
        self.restype: Any = None
        self.argtypes: Any = None

    def __call__(self, *args: object) -> object:
        return self.call(*args)


class FakeCrypt32:
    """CertOpenSystemStoreW, CertEnumCertificatesInStore and CertCloseStore over *ders*."""

    def __init__(self, ders: list[bytes], *, opens: bool = True) -> None:
        self.ders = ders
        self.opens = opens
        self.closed: list[int] = []
        self._kept: list[object] = []  # the buffers the contexts point into
        self.CertOpenSystemStoreW = Stub(self._open)
        self.CertEnumCertificatesInStore = Stub(self._enum)
        self.CertCloseStore = Stub(self._close)

    def _open(self, provider: object, name: str) -> int | None:
        assert (provider, name) == (None, "ROOT")
        return 7 if self.opens else None

    def _enum(self, store: int, previous: Any) -> object:
        pointer_type = self.CertEnumCertificatesInStore.restype
        context_type = pointer_type._type_
        # The stand-in keeps each context's position in its dwCertEncodingType.
        index = 0 if not previous else previous.contents.dwCertEncodingType
        if index >= len(self.ders):
            return pointer_type()  # NULL
        der = self.ders[index]
        buffer = (ctypes.c_ubyte * len(der)).from_buffer_copy(der)
        context = context_type(
            index + 1, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ubyte)), len(der), None, None
        )
        self._kept += [buffer, context]
        return ctypes.pointer(context)

    def _close(self, store: ctypes.c_void_p, flags: int) -> int:
        self.closed.append(store.value or 0)
        return 1


def test_the_windows_root_store_is_read_through_crypt32() -> None:
    from proxycert._cert_trust import crypt32_root_ders

    ders = [c.der(c.root()[0]), c.der(c.intermediate()[0])]
    fake = FakeCrypt32(ders)
    assert crypt32_root_ders(fake) == ders
    assert fake.closed == [7]


def test_a_windows_root_store_that_does_not_open() -> None:
    from proxycert._cert_trust import crypt32_root_ders

    with pytest.raises(CertificateLoadError, match="cannot open the Windows ROOT store"):
        crypt32_root_ders(FakeCrypt32([], opens=False))


@given(st.text(max_size=300))
@example("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")
@example("-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----")
def test_any_text_gives_a_result_or_a_proxycert_error(text: str) -> None:
    with contextlib.suppress(ProxyCertError):
        check_certificate(text, PROXY, trust="none", at=AT)


@given(st.text(max_size=80))
@example("xn--.com")
@example("*.contoso.com")
def test_any_proxy_name_gives_a_name_match_or_a_value_error(proxy: str) -> None:
    try:
        check = check_certificate(c.pem(*chain()), proxy, trust=c.pem(c.root()[0]), at=AT)
    except ValueError as error:
        reason = str(error)
    else:
        reason = "" if check.name is not None else "no name compared"
    assert reason == "" or reason.startswith("proxy must name a host")
