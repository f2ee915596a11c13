"""Trust stores: the system's, a PEM bundle, given certificates, or none.

The system store is read from local files only (never ``ssl``, which the no-network rule bans):
on Windows the ROOT store through crypt32, elsewhere ``SSL_CERT_FILE`` or the usual bundle paths.
A bundle is read one certificate at a time, so one bad root never fails a check.
"""

from __future__ import annotations

import functools
import os
import sys
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from ._cert_load import _CRYPTO_ERRORS, Parsed, parse_certificate, split_pem
from ._errors import CertificateLoadError

__all__ = ["TrustStore", "load_trust"]

# Where Linux distributions, the BSDs and macOS's Homebrew keep the bundle of roots.
_BUNDLE_PATHS = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu, Alpine, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/ssl/ca-bundle.pem",  # openSUSE
    "/etc/ssl/cert.pem",  # macOS, the BSDs, Alpine
    "/usr/local/etc/openssl/cert.pem",  # Homebrew
)


@attrs.frozen(eq=False)
class TrustStore:
    """Anchors indexed by subject, as the path builder looks them up."""

    anchors: tuple[Parsed, ...]
    source: str
    explicit: bool  # given by the caller, not the machine's own store
    by_subject: dict[bytes, tuple[Parsed, ...]] = attrs.field(init=False)
    ders: frozenset[bytes] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        index: dict[bytes, list[Parsed]] = {}
        for anchor in self.anchors:
            index.setdefault(anchor.subject_der, []).append(anchor)
        object.__setattr__(self, "by_subject", {k: tuple(v) for k, v in index.items()})
        object.__setattr__(self, "ders", frozenset(a.der for a in self.anchors))


def _anchor(der: bytes) -> Parsed | None:
    try:
        with warnings.catch_warnings():
            # Nine roots in Debian's bundle have serial 0, which cryptography warns about.
            warnings.simplefilter("ignore")
            return parse_certificate(x509.load_der_x509_certificate(der))
    except _CRYPTO_ERRORS:
        return None


def _parse_each(ders: Iterable[bytes]) -> tuple[list[Parsed], int]:
    """The certificates that parse, and how many did not."""
    found = [_anchor(der) for der in ders]
    anchors = [a for a in found if a is not None]
    return anchors, len(found) - len(anchors)


def _describe(kind: str, where: str, anchors: Sequence[Parsed], skipped: int) -> str:
    unread = f", {skipped} unreadable skipped" if skipped else ""
    return f"{kind}:{where} ({len(anchors)} certificates{unread})"


@functools.lru_cache(maxsize=8)
def _bundle(path: str, stamp: tuple[int, int], kind: str) -> TrustStore:
    # *stamp* (modification time, size) makes a changed file a new cache entry.
    del stamp
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CertificateLoadError(path, error.strerror or str(error), "unreadable") from error
    return _from_pem(data, kind, path, explicit=kind != "system")


def _from_pem(data: bytes, kind: str, where: str, *, explicit: bool) -> TrustStore:
    ders = [
        der for label, der in split_pem(data) if label in (b"CERTIFICATE", b"TRUSTED CERTIFICATE")
    ]
    anchors, skipped = _parse_each(ders)
    if explicit and not anchors:
        raise CertificateLoadError(
            where, "expected PEM certificates in the trust store", "no-certificate"
        )
    return TrustStore(tuple(anchors), _describe(kind, where, anchors, skipped), explicit)


def _load_path(path: str, kind: str) -> TrustStore:
    try:
        stat = Path(path).stat()
    except OSError as error:
        raise CertificateLoadError(path, error.strerror or str(error), "unreadable") from error
    return _bundle(path, (stat.st_mtime_ns, stat.st_size), kind)


def _system_bundle_path() -> str | None:
    given = os.environ.get("SSL_CERT_FILE")
    if given:
        return given
    return next((p for p in _BUNDLE_PATHS if Path(p).is_file()), None)


if sys.platform == "win32":  # pragma: no cover - crypt32 exists only on Windows
    import ctypes
    from ctypes import wintypes

    class _CertContext(ctypes.Structure):
        _fields_ = (
            ("dwCertEncodingType", wintypes.DWORD),
            ("pbCertEncoded", ctypes.POINTER(ctypes.c_ubyte)),
            ("cbCertEncoded", wintypes.DWORD),
            ("pCertInfo", ctypes.c_void_p),
            ("hCertStore", ctypes.c_void_p),
        )

    def _windows_root_ders() -> list[bytes]:
        """The DER of each certificate in the local ROOT store, read through crypt32."""
        crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)
        crypt32.CertOpenSystemStoreW.restype = ctypes.c_void_p
        crypt32.CertOpenSystemStoreW.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
        enum = crypt32.CertEnumCertificatesInStore
        enum.restype = ctypes.POINTER(_CertContext)
        enum.argtypes = (ctypes.c_void_p, ctypes.POINTER(_CertContext))
        store = crypt32.CertOpenSystemStoreW(None, "ROOT")
        if not store:
            raise CertificateLoadError("system", "cannot open the Windows ROOT store", "unreadable")
        ders = []
        try:
            context = enum(store, None)
            while context:
                item = context.contents
                ders.append(ctypes.string_at(item.pbCertEncoded, item.cbCertEncoded))
                context = enum(store, context)
        finally:
            crypt32.CertCloseStore(ctypes.c_void_p(store), 0)
        return ders

    def _system_store() -> TrustStore:
        anchors, skipped = _parse_each(_windows_root_ders())
        return TrustStore(
            tuple(anchors),
            _describe("system", "Windows ROOT store", anchors, skipped),
            explicit=False,
        )

else:

    def _system_store() -> TrustStore:
        path = _system_bundle_path()
        if path is None:
            return TrustStore((), "system:none found (set SSL_CERT_FILE)", explicit=False)
        return _load_path(path, "system")


def load_trust(trust: object) -> TrustStore:
    """The trust store *trust* names: ``"system"``, ``"none"``, a path, PEM bytes or certificates."""
    if isinstance(trust, str) and trust in ("system", "none"):
        return _system_store() if trust == "system" else TrustStore((), "none", explicit=True)
    if isinstance(trust, (str, os.PathLike)):
        return _load_path(os.fspath(trust), "file")
    if isinstance(trust, (bytes, bytearray)):
        return _from_pem(bytes(trust), "bytes", "given", explicit=True)
    if isinstance(trust, Sequence) and all(isinstance(c, x509.Certificate) for c in trust):
        anchors, skipped = _parse_each(c.public_bytes(Encoding.DER) for c in trust)
        return TrustStore(
            tuple(anchors), _describe("given", "certificates", anchors, skipped), explicit=True
        )
    raise TypeError(
        "trust must be 'system', 'none', a path, PEM bytes or a sequence of certificates,"
        f" not {type(trust).__name__}"
    )
