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
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from ._cert_load import (
    _CRYPTO_ERRORS,
    Parsed,
    _element,
    name_ders,
    parse_certificate,
    split_pem,
)
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


class TrustStore:
    """Anchors indexed by their encoded subject, each read in full only when a path needs it.

    Reading every fact of a 144-root system bundle would cost tens of milliseconds per process;
    a check looks at one or two roots.
    """

    def __init__(
        self, ders: Iterable[bytes], kind: str, where: str = "", *, explicit: bool
    ) -> None:
        self.explicit = explicit  # given by the caller, not the machine's own store
        self.by_subject: dict[bytes, list[tuple[bytes, x509.Certificate]]] = {}
        self._parsed: dict[bytes, Parsed | None] = {}
        seen: set[bytes] = set()
        skipped = 0
        for der in ders:
            cert = _load(der)
            if cert is None:
                skipped += 1
            elif der not in seen:
                seen.add(der)
                self.by_subject.setdefault(name_ders(der)[1], []).append((der, cert))
        self.ders = frozenset(seen)
        unread = f", {skipped} unreadable skipped" if skipped else ""
        count = f"{len(seen)} certificate{'' if len(seen) == 1 else 's'}"
        self.source = f"{kind}:{where} ({count}{unread})" if where else kind

    def issuers_named(self, name: bytes) -> list[Parsed]:
        """The readable anchors whose subject is *name*."""
        found = []
        for der, cert in self.by_subject.get(name, ()):
            if der not in self._parsed:
                self._parsed[der] = _parse(cert)
            parsed = self._parsed[der]
            if parsed is not None:
                found.append(parsed)
        return found


def _first_element(der: bytes) -> bytes:
    try:
        return der[: _element(der, 0)[1]]
    except IndexError:
        return der


def _load(der: bytes) -> x509.Certificate | None:
    try:
        with warnings.catch_warnings():
            # Nine roots in Debian's bundle have serial 0, which cryptography warns about.
            warnings.simplefilter("ignore")
            return x509.load_der_x509_certificate(der)
    except _CRYPTO_ERRORS:
        return None


def _parse(cert: x509.Certificate) -> Parsed | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parse_certificate(cert)
    except _CRYPTO_ERRORS:
        return None


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
    ders = [der for label, der in split_pem(data) if label == b"CERTIFICATE"]
    # OpenSSL's "trusted" form: the certificate, then its trust settings, which are dropped.
    ders += [
        _first_element(der) for label, der in split_pem(data) if label == b"TRUSTED CERTIFICATE"
    ]
    store = TrustStore(ders, kind, where, explicit=explicit)
    if explicit and not store.ders:
        # The error names the input as given: the file's path, or the bytes themselves.
        raise CertificateLoadError(
            data if kind == "bytes" else where,
            "expected PEM certificates in the trust store",
            "no-certificate",
        )
    return store


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


def crypt32_root_ders(crypt32: Any) -> list[bytes]:
    """The DER of each certificate in the local ROOT store, read through *crypt32*.

    *crypt32* is ``ctypes.WinDLL("crypt32")`` on Windows; the tests pass a stand-in with the
    same three functions over real ``ctypes`` memory, so this runs on every platform.
    """
    import ctypes
    from ctypes import wintypes

    class CertContext(ctypes.Structure):  # CERT_CONTEXT, wincrypt.h
        _fields_ = (
            ("dwCertEncodingType", wintypes.DWORD),
            ("pbCertEncoded", ctypes.POINTER(ctypes.c_ubyte)),
            ("cbCertEncoded", wintypes.DWORD),
            ("pCertInfo", ctypes.c_void_p),
            ("hCertStore", ctypes.c_void_p),
        )

    open_store = crypt32.CertOpenSystemStoreW
    open_store.restype = ctypes.c_void_p
    open_store.argtypes = (ctypes.c_void_p, wintypes.LPCWSTR)
    enum = crypt32.CertEnumCertificatesInStore
    enum.restype = ctypes.POINTER(CertContext)
    enum.argtypes = (ctypes.c_void_p, ctypes.POINTER(CertContext))
    store = open_store(None, "ROOT")
    if not store:
        raise CertificateLoadError("system", "cannot open the Windows ROOT store", "unreadable")
    ders = []
    try:
        # Each call frees the context it is given and returns the next; NULL ends the list.
        context = enum(store, None)
        while context:
            item = context.contents
            ders.append(ctypes.string_at(item.pbCertEncoded, item.cbCertEncoded))
            context = enum(store, context)
    finally:
        crypt32.CertCloseStore(ctypes.c_void_p(store), 0)
    return ders


def _system_store() -> TrustStore:
    if sys.platform == "win32":  # pragma: no cover - crypt32 exists only on Windows
        import ctypes

        ders = crypt32_root_ders(ctypes.WinDLL("crypt32"))
        return TrustStore(ders, "system", "Windows ROOT store", explicit=False)
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
        ders = [c.public_bytes(Encoding.DER) for c in trust]
        return TrustStore(ders, "given", "certificates", explicit=True)
    raise TypeError(
        "trust must be 'system', 'none', a path, PEM bytes or a sequence of certificates,"
        f" not {type(trust).__name__}"
    )
