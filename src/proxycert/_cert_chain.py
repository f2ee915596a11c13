"""Path building and the CryptoAPI-style status of each chain element (cert-check.md §5c).

The project's own builder decides the flags, not ``cryptography.x509.verification``: that
verifier stops at the first error and is stricter than Windows (no SHA-1, no CN fallback).
Each status is computed on its own, so several problems give several bits at once.  Which
CryptoAPI status becomes which flag follows Wine's WinHTTP (S-WINE-WINHTTP), through proxycert's
own table of ``CERT_TRUST_*`` bits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa

from ._cert_load import _CRYPTO_ERRORS, Parsed
from ._cert_model import Certainty, ChainEnd
from ._cert_trust import TrustStore

__all__ = ["Built", "Status", "build_chain", "pick_leaf", "statuses"]

# Longer paths than this are not built; Windows' own limit is not documented.
_MAX_DEPTH = 8
# Enough alternatives for cross-signed roots, few enough to bound the work on hostile input.
_MAX_PATHS = 32

# CERT_TRUST_* dwErrorStatus bits (S-H-WINCRYPT, as in proxycert's own table).
IS_NOT_TIME_VALID = 0x1
IS_NOT_SIGNATURE_VALID = 0x8
IS_NOT_VALID_FOR_USAGE = 0x10
IS_UNTRUSTED_ROOT = 0x20
INVALID_BASIC_CONSTRAINTS = 0x400
IS_PARTIAL_CHAIN = 0x1_0000
HAS_NOT_SUPPORTED_CRITICAL_EXT = 0x0800_0000
# Not a CERT_TRUST bit: findings that stand for FLAG_INVALID_CERT without one.
NO_TRUST_BIT = 0


@attrs.frozen
class Status:
    """One status of one element: the bit, how sure, a reason word and the sentence."""

    cert_trust: int
    certainty: Certainty
    reason: str
    message: str
    certificate: int


@attrs.frozen
class Built:
    """The chosen path, leaf first, and where it ends."""

    path: tuple[Parsed, ...]
    end: ChainEnd


def _key_ids_fit(child: Parsed, issuer: Parsed) -> bool:
    return child.aki is None or issuer.ski is None or child.aki == issuer.ski


def pick_leaf(certificates: Sequence[Parsed]) -> int:
    """The first certificate that is not a CA and issues none of the others; else the first."""
    for index, cert in enumerate(certificates):
        if cert.is_ca:
            continue
        if any(
            other.der != cert.der and other.issuer_der == cert.subject_der for other in certificates
        ):
            continue
        return index
    return 0


def signature_valid(child: Parsed, issuer: Parsed) -> bool | None:
    """Whether *issuer*'s key made *child*'s signature; ``None`` when that cannot be checked.

    The public-key primitive accepts SHA-1, as Windows does on a private PKI;
    ``verify_directly_issued_by`` would refuse it.
    """
    key, params, digest = issuer.public_key, child.signature_params, child.signature_hash
    signature, tbs = child.cert.signature, child.cert.tbs_certificate_bytes
    # cryptography gives no ECDSA parameters for ecdsa-with-SHA1, which it no longer makes;
    # the hash alone then says which ECDSA variant signed.
    try:
        if isinstance(key, rsa.RSAPublicKey):
            if not isinstance(params, (padding.PKCS1v15, padding.PSS)):
                return False
            key.verify(signature, tbs, params, digest)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            if params is None and isinstance(digest, hashes.HashAlgorithm):
                params = ec.ECDSA(digest)
            if not isinstance(params, ec.ECDSA):
                return False
            key.verify(signature, tbs, params)
        elif isinstance(key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
            key.verify(signature, tbs)
        elif isinstance(key, dsa.DSAPublicKey):
            key.verify(signature, tbs, digest)
        else:
            return None
    except InvalidSignature:
        return False
    except _CRYPTO_ERRORS:
        return None
    return True


class _Builder:
    """Depth-first search over the supplied certificates and the trust store."""

    def __init__(self, pool: Sequence[Parsed], store: TrustStore, at: datetime) -> None:
        self.pool = pool
        self.store = store
        self.at = at
        self.found: list[tuple[tuple[Parsed, ...], ChainEnd]] = []
        self.signatures: dict[tuple[int, int], bool | None] = {}

    def issuers(self, cert: Parsed, path: Sequence[Parsed]) -> list[Parsed]:
        seen = {p.der for p in path}
        found = []
        for candidate in (*self.pool, *self.store.issuers_named(cert.issuer_der)):
            if (
                candidate.subject_der == cert.issuer_der
                and candidate.der not in seen
                and _key_ids_fit(cert, candidate)
            ):
                seen.add(candidate.der)
                found.append(candidate)
        return found

    def walk(self, path: list[Parsed]) -> None:
        if len(self.found) >= _MAX_PATHS:
            return
        node = path[-1]
        if node.der in self.store.ders:
            self.found.append((tuple(path), ChainEnd.TRUSTED))
            return
        if node.self_issued and _key_ids_fit(node, node):
            self.found.append((tuple(path), ChainEnd.UNTRUSTED_ROOT))
            return
        candidates = self.issuers(node, path) if len(path) < _MAX_DEPTH else []
        if not candidates:
            self.found.append((tuple(path), ChainEnd.PARTIAL))
        for candidate in candidates:
            self.walk([*path, candidate])

    def signature(self, child: Parsed, issuer: Parsed) -> bool | None:
        key = (id(child), id(issuer))
        if key not in self.signatures:
            self.signatures[key] = signature_valid(child, issuer)
        return self.signatures[key]

    def score(self, found: tuple[tuple[Parsed, ...], ChainEnd]) -> tuple[int, ...]:
        # Windows picks the "highest quality" chain among alternatives.  Wine's
        # CRYPT_ChooseHighestQualityChain (S-WINE-CHAIN) ranks, in this order: all signatures
        # valid, all in date, complete, basic constraints kept, a trusted root.  The shortest
        # path breaks a tie.
        path, end = found
        return (
            any(self.signature(c, i) is False for c, i in zip(path, path[1:])),
            any(not (c.not_before <= self.at <= c.not_after) for c in path),
            end is ChainEnd.PARTIAL,
            any(c.is_ca is False for c in path[1:]),
            end is not ChainEnd.TRUSTED,
            len(path),
        )


def build_chain(
    leaf: Parsed, pool: Sequence[Parsed], store: TrustStore, at: datetime
) -> tuple[Built, list[Status]]:
    """The best path from *leaf*, and every status found on it."""
    builder = _Builder(pool, store, at)
    builder.walk([leaf])
    path, end = min(builder.found, key=builder.score)
    built = Built(path, end)
    return built, statuses(built, builder, store, lone=len({p.der for p in pool}) == 1)


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _who(index: int, cert: Parsed) -> str:
    return "the certificate" if index == 0 else f"the issuing certificate {cert.subject}"


def _date_status(index: int, cert: Parsed, at: datetime, *, anchor: bool) -> list[Status]:
    # An expired root in the store: whether Windows fails SSL for it is unverified (§8.16).
    certainty = Certainty.LIKELY if anchor else Certainty.CERTAIN
    if at > cert.not_after:
        message = f"{_who(index, cert)} expired on {_when(cert.not_after)} (Valid to)"
        return [Status(IS_NOT_TIME_VALID, certainty, "expired", message, index)]
    if at < cert.not_before:
        message = (
            f"{_who(index, cert)} is not valid before {_when(cert.not_before)} (Valid from);"
            " a client clock that is behind gives this too"
        )
        return [Status(IS_NOT_TIME_VALID, certainty, "not-yet-valid", message, index)]
    return []


def _issuer_status(index: int, cert: Parsed, path: Sequence[Parsed]) -> list[Status]:
    """basicConstraints, path length and keyUsage of an issuing (non-anchor) certificate."""
    found = []
    if cert.is_ca is False:
        found.append(
            Status(
                INVALID_BASIC_CONSTRAINTS,
                Certainty.CERTAIN,
                "not-a-ca",
                f"{_who(index, cert)} issued the certificate below it but is not a CA"
                " (basicConstraints cA=FALSE)",
                index,
            )
        )
    elif cert.is_ca is None:
        found.append(
            Status(
                INVALID_BASIC_CONSTRAINTS,
                Certainty.UNVERIFIED,
                "no-basic-constraints",
                f"{_who(index, cert)} issues certificates but has no basicConstraints;"
                " how Windows treats that is unverified",
                index,
            )
        )
    below = sum(not c.self_issued for c in path[1:index])
    if cert.path_length is not None and below > cert.path_length:
        found.append(
            Status(
                INVALID_BASIC_CONSTRAINTS,
                Certainty.CERTAIN,
                "path-length",
                f"{_who(index, cert)} allows {cert.path_length} CA certificates below it"
                f" (pathLenConstraint); the chain has {below}",
                index,
            )
        )
    if cert.key_cert_sign is False:
        found.append(
            Status(
                NO_TRUST_BIT,
                Certainty.UNVERIFIED,
                "no-key-cert-sign",
                f"{_who(index, cert)} has a keyUsage without keyCertSign; how Windows maps"
                " that is unverified",
                index,
            )
        )
    return found


def _usage_status(index: int, cert: Parsed) -> list[Status]:
    if cert.eku is None or "serverAuth" in cert.eku:
        return []
    usages = ", ".join(cert.eku)
    if index == 0 and "anyExtendedKeyUsage" not in cert.eku:
        return [
            Status(
                IS_NOT_VALID_FOR_USAGE,
                Certainty.CERTAIN,
                "wrong-usage",
                f"the certificate is not for server authentication (Enhanced Key Usage: {usages})",
                index,
            )
        ]
    if index > 0 and "anyExtendedKeyUsage" in cert.eku:
        return []
    # anyExtendedKeyUsage on the leaf, and CA EKUs: Wine ignores or skips them (S-WINE-CHAIN); native
    # Windows is unverified (cert-check.md §8 item 15).
    return [
        Status(
            IS_NOT_VALID_FOR_USAGE,
            Certainty.UNVERIFIED,
            "usage-unverified",
            f"{_who(index, cert)} has Enhanced Key Usage {usages} without serverAuth;"
            " whether Windows rejects that is unverified",
            index,
        )
    ]


def _end_status(built: Built, store: TrustStore, *, lone: bool) -> list[Status]:
    last_index = len(built.path) - 1
    last = built.path[-1]
    if built.end is ChainEnd.UNTRUSTED_ROOT:
        certainty = Certainty.CERTAIN if store.explicit else Certainty.LIKELY
        return [
            Status(
                IS_UNTRUSTED_ROOT,
                certainty,
                "untrusted-root",
                f"the chain ends at {last.subject}, a self-signed root that is not in the"
                f" trust store ({store.source})",
                last_index,
            )
        ]
    if built.end is ChainEnd.PARTIAL:
        # A lone certificate cannot prove a missing intermediate: the client may hold it,
        # or fetch it from the AIA address (cert-check.md §8 item 8).
        certainty = Certainty.CERTAIN if store.explicit and not lone else Certainty.LIKELY
        where = f"; its AIA names {', '.join(last.ca_issuers_urls)}" if last.ca_issuers_urls else ""
        return [
            Status(
                IS_PARTIAL_CHAIN,
                certainty,
                "missing-issuer",
                f"the issuer {last.issuer} of {last.subject} is neither supplied nor in the"
                f" trust store{where}",
                last_index,
            )
        ]
    return []


def statuses(built: Built, builder: _Builder, store: TrustStore, *, lone: bool) -> list[Status]:
    """Each status on the path, computed independently of the others."""
    path = built.path
    found: list[Status] = []
    for index, cert in enumerate(path):
        anchor = built.end is ChainEnd.TRUSTED and index == len(path) - 1
        found += _date_status(index, cert, builder.at, anchor=anchor)
        if index + 1 < len(path):
            found += _signature_status(index, cert, path[index + 1], builder)
        if index > 0 and not anchor:
            found += _issuer_status(index, cert, path)
        found += _usage_status(index, cert)
        found += [
            Status(
                HAS_NOT_SUPPORTED_CRITICAL_EXT,
                Certainty.LIKELY,
                "critical-extension",
                f"{_who(index, cert)} has a critical extension {oid} that is not understood",
                index,
            )
            for oid in cert.unknown_critical
        ]
    if built.end is ChainEnd.UNTRUSTED_ROOT:
        # The root's own signature, when it is not in the store to vouch for it.
        found += _signature_status(len(path) - 1, path[-1], path[-1], builder)
    return found + _end_status(built, store, lone=lone)


def _signature_status(index: int, child: Parsed, issuer: Parsed, builder: _Builder) -> list[Status]:
    valid = builder.signature(child, issuer)
    if valid:
        return []
    if valid is None:
        return [
            Status(
                IS_NOT_SIGNATURE_VALID,
                Certainty.UNVERIFIED,
                "signature-unchecked",
                f"the signature of {_who(index, child)} ({child.signature_algorithm}) could"
                " not be checked",
                index,
            )
        ]
    return [
        Status(
            IS_NOT_SIGNATURE_VALID,
            Certainty.CERTAIN,
            "bad-signature",
            f"the signature of {_who(index, child)} does not verify with the key of"
            f" {issuer.subject}",
            index,
        )
    ]
