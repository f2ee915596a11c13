"""What other systems call each flag: WinHTTP, WinINet, HRESULT, CryptoAPI, OpenSSL (data only).

Every fact here comes from the project's reference notes on codes (``codes.md``), each with the
id of its source (``S-WHE`` is WinHTTP's "Error Messages" page, ``S-OSSL-H`` OpenSSL's
``x509_vfy.h``, and so on).  Microsoft names the CryptoAPI codes "equivalent" to most WinHTTP
errors; many other ties are judgement, and every :class:`RelatedCode` says which.

The lookups that read these tables are in :mod:`._crossref`; :class:`CertProblem` reads them
for its properties.  This module imports nothing of the package, so neither makes a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from ._public import public

__all__ = ["CROSSREF", "HRESULT_WIN32", "NOT_FLAGS", "CrossFacts", "RelatedCode"]

# HRESULT_FROM_WIN32(x) = (x & 0xFFFF) | FACILITY_WIN32 (7) << 16 | 0x80000000 (S-H-WINERR).
HRESULT_WIN32 = 0x8007_0000


@public
@attrs.frozen
class RelatedCode:
    """A code of another system that reports the same problem as a flag, and where that comes from.

    :ivar name: the constant's name as its header spells it (``"CERT_E_CN_NO_MATCH"``,
        ``"X509_V_ERR_HOSTNAME_MISMATCH"``, ``"CERT_TRUST_IS_REVOKED"``).
    :ivar value: its value: an unsigned 32-bit HRESULT, an OpenSSL verify code or a
        ``CERT_TRUST_*`` bit.
    :ivar text: Microsoft's or OpenSSL's own text for the code, where the source gives one, else
        ``None``.  Microsoft's wording varies between SDK versions.
    :ivar judgement: ``True`` where tying this code to the flag is a judgement (marked "(J)" in
        the reference notes), ``False`` where a source or the notes' own reasoning ties it.
    :ivar source: the id of the source the tie rests on: ``"S-WHE"`` where Microsoft's WinHTTP
        error page calls the code "equivalent", ``"S-CHROMIUM"`` where old Chromium groups it
        so, otherwise the header or page the value was read in (``"S-H-WINERR"``,
        ``"S-OSSL-H"``, ``"S-TRUST"``, ...).

    >>> from proxycert import CertProblem
    >>> code = CertProblem.FLAG_CERT_CN_INVALID.cryptoapi_codes[0]
    >>> code.name, hex(code.value), code.judgement, code.source
    ('CERT_E_CN_NO_MATCH', '0x800b010f', False, 'S-WHE')
    """

    name: str
    value: int
    text: str | None
    judgement: bool
    source: str

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-ready ``dict``, keyed by field name.

        >>> RelatedCode("X509_V_ERR_CERT_REVOKED", 23, "certificate revoked", False, "S-OSSL-H").to_dict()
        {'name': 'X509_V_ERR_CERT_REVOKED', 'value': 23, 'text': 'certificate revoked', 'judgement': False, 'source': 'S-OSSL-H'}
        """
        return attrs.asdict(self)


@attrs.frozen
class CrossFacts:
    """What other systems call one flag."""

    winhttp_error: int
    winhttp_error_name: str
    # None for FLAG_CERT_WRONG_USAGE: mingw-w64's wininet.h has no wrong-usage code.
    wininet_error_name: str | None
    cryptoapi_codes: tuple[RelatedCode, ...]
    openssl_verify_codes: tuple[RelatedCode, ...]
    cert_trust_bits: tuple[RelatedCode, ...]

    @property
    def hresult(self) -> int:
        return HRESULT_WIN32 | self.winhttp_error


# -- The code tables, each as its section of the reference notes gives it ---------------------

# codes.md §4c: CryptoAPI and Schannel HRESULTs.  Values: S-H-WINERR.  Texts: the SDK's
# MessageText (S-SDK-WINERR) or S-CTRV; None where the notes did not read one.
# SEC_E_WRONG_PRINCIPAL's text is as curl's schannel backend prints it (a secondary source).
_HRESULTS: Mapping[str, tuple[int, str | None]] = MappingProxyType(
    {
        "CERT_E_EXPIRED": (0x800B_0101, None),
        "CERT_E_VALIDITYPERIODNESTING": (0x800B_0102, None),
        "CERT_E_ROLE": (0x800B_0103, None),
        "CERT_E_PATHLENCONST": (
            0x800B_0104,
            "A path length constraint in the certification chain has been violated.",
        ),
        "CERT_E_CRITICAL": (
            0x800B_0105,
            "An extension of unknown type that is labeled 'critical' is present in a certificate.",
        ),
        "CERT_E_PURPOSE": (
            0x800B_0106,
            "A certificate is being used for a purpose other than that for which it is permitted.",
        ),
        "CERT_E_ISSUERCHAINING": (
            0x800B_0107,
            "A parent of a given certificate in fact did not issue that child certificate.",
        ),
        "CERT_E_MALFORMED": (
            0x800B_0108,
            "A certificate is missing or has an empty value for an important field, such as a"
            " subject or issuer name.",
        ),
        "CERT_E_UNTRUSTEDROOT": (
            0x800B_0109,
            "A certification chain processed correctly, but terminated in a root certificate"
            " which isn't trusted by the trust provider.",
        ),
        "CERT_E_CHAINING": (
            0x800B_010A,
            "A chain of certs didn't chain as they should in a certain application of chaining.",
        ),
        "CERT_E_REVOKED": (0x800B_010C, "A certificate was explicitly revoked by its issuer."),
        "CERT_E_REVOCATION_FAILURE": (
            0x800B_010E,
            "The revocation process could not continue - the certificate(s) could not be checked.",
        ),
        "CERT_E_CN_NO_MATCH": (
            0x800B_010F,
            "The certificate's CN name does not match the passed value.",
        ),
        "CERT_E_WRONG_USAGE": (
            0x800B_0110,
            "The certificate is not valid for the requested usage.",
        ),
        "TRUST_E_EXPLICIT_DISTRUST": (
            0x800B_0111,
            "The certificate was explicitly marked as untrusted by the user.",
        ),
        "CERT_E_UNTRUSTEDCA": (
            0x800B_0112,
            "A certification chain processed correctly, but one of the CA certificates is not"
            " trusted by the policy provider.",
        ),
        "CRYPT_E_REVOKED": (0x8009_2010, "The certificate or signature has been revoked"),
        "CRYPT_E_NO_REVOCATION_CHECK": (
            0x8009_2012,
            "The revocation function was unable to check revocation for the certificate.",
        ),
        "CRYPT_E_REVOCATION_OFFLINE": (
            0x8009_2013,
            "Since the revocation server was offline, the called function wasn't able to complete"
            " the revocation check.",
        ),
        "TRUST_E_CERT_SIGNATURE": (
            0x8009_6004,
            "The signature of the certificate cannot be verified.",
        ),
        "TRUST_E_BASIC_CONSTRAINTS": (
            0x8009_6019,
            "The basic constraint extension of a certificate has not been observed.",
        ),
        "SEC_E_UNSUPPORTED_FUNCTION": (0x8009_0302, None),
        "SEC_E_INTERNAL_ERROR": (0x8009_0304, None),
        "SEC_E_WRONG_PRINCIPAL": (0x8009_0322, "The target principal name is incorrect."),
        "SEC_E_UNTRUSTED_ROOT": (0x8009_0325, None),
        "SEC_E_ILLEGAL_MESSAGE": (0x8009_0326, None),
        "SEC_E_CERT_UNKNOWN": (0x8009_0327, None),
        "SEC_E_CERT_EXPIRED": (0x8009_0328, None),
        "SEC_E_ALGORITHM_MISMATCH": (0x8009_0331, None),
        "SEC_E_CERT_WRONG_USAGE": (0x8009_0349, None),
    }
)

# codes.md §4b: OpenSSL X509_V_ERR_* values (S-OSSL-H) and texts (S-OSSL-TXT, x509_txt.c at the
# cited commit; OpenSSL 3.0 prints 9 as "certificate is not yet valid").
_OPENSSL: Mapping[int, tuple[str, str]] = MappingProxyType(
    {
        2: ("UNABLE_TO_GET_ISSUER_CERT", "unable to get issuer certificate"),
        3: ("UNABLE_TO_GET_CRL", "unable to get certificate CRL"),
        4: ("UNABLE_TO_DECRYPT_CERT_SIGNATURE", "unable to decrypt certificate's signature"),
        6: ("UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY", "unable to decode issuer public key"),
        7: ("CERT_SIGNATURE_FAILURE", "certificate signature failure"),
        9: (
            "CERT_NOT_YET_VALID",
            "certificate is not yet valid or the system clock is incorrect",
        ),
        10: ("CERT_HAS_EXPIRED", "certificate has expired"),
        11: ("CRL_NOT_YET_VALID", "CRL is not yet valid"),
        12: ("CRL_HAS_EXPIRED", "CRL has expired"),
        13: ("ERROR_IN_CERT_NOT_BEFORE_FIELD", "format error in certificate's notBefore field"),
        14: ("ERROR_IN_CERT_NOT_AFTER_FIELD", "format error in certificate's notAfter field"),
        18: ("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"),
        19: ("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"),
        20: ("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate"),
        21: ("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"),
        23: ("CERT_REVOKED", "certificate revoked"),
        25: ("PATH_LENGTH_EXCEEDED", "path length constraint exceeded"),
        26: ("INVALID_PURPOSE", "unsuitable certificate purpose"),
        27: ("CERT_UNTRUSTED", "certificate not trusted"),
        28: ("CERT_REJECTED", "certificate rejected"),
        33: ("UNABLE_TO_GET_CRL_ISSUER", "unable to get CRL issuer certificate"),
        34: ("UNHANDLED_CRITICAL_EXTENSION", "unhandled critical extension"),
        37: ("INVALID_NON_CA", "invalid non-CA certificate (has CA markings)"),
        39: ("KEYUSAGE_NO_DIGITAL_SIGNATURE", "key usage does not include digital signature"),
        41: ("INVALID_EXTENSION", "invalid or inconsistent certificate extension"),
        62: ("HOSTNAME_MISMATCH", "hostname mismatch"),
        64: ("IP_ADDRESS_MISMATCH", "IP address mismatch"),
        74: ("OCSP_VERIFY_FAILED", "OCSP verification failed"),
        75: ("OCSP_CERT_UNKNOWN", "OCSP unknown cert"),
        79: ("INVALID_CA", "invalid CA certificate"),
    }
)

# codes.md §4d and §4a: CERT_TRUST_* dwErrorStatus bits.  Values: S-H-WINCRYPT and S-TRUST.
# Texts: S-TRUST's "Meaning" column at the cited commit (the notes give a shortened form; for
# 0x1000 only its first sentence is kept).  S-TRUST does not describe IS_NOT_TIME_NESTED.
# The notes give the name-constraint bits 0x1000, 0x2000 and 0x4000 by value only; their names
# were read in the same S-H-WINCRYPT lines and S-TRUST table.
_TRUST: Mapping[int, tuple[str, str | None]] = MappingProxyType(
    {
        0x0000_0001: (
            "IS_NOT_TIME_VALID",
            "This certificate or one of the certificates in the certificate chain is not time"
            " valid.",
        ),
        0x0000_0002: ("IS_NOT_TIME_NESTED", None),
        0x0000_0004: (
            "IS_REVOKED",
            "Trust for this certificate or one of the certificates in the certificate chain has"
            " been revoked.",
        ),
        0x0000_0008: (
            "IS_NOT_SIGNATURE_VALID",
            "The certificate or one of the certificates in the certificate chain does not have a"
            " valid signature.",
        ),
        0x0000_0010: (
            "IS_NOT_VALID_FOR_USAGE",
            "The certificate or certificate chain is not valid for its proposed usage.",
        ),
        0x0000_0020: (
            "IS_UNTRUSTED_ROOT",
            "The certificate or certificate chain is based on an untrusted root.",
        ),
        0x0000_0040: (
            "REVOCATION_STATUS_UNKNOWN",
            "The revocation status of the certificate or one of the certificates in the"
            " certificate chain is unknown.",
        ),
        0x0000_0080: (
            "IS_CYCLIC",
            "One of the certificates in the chain was issued by a certification authority that"
            " the original certificate had certified.",
        ),
        0x0000_0100: (
            "INVALID_EXTENSION",
            "One of the certificates has an extension that is not valid.",
        ),
        0x0000_0200: (
            "INVALID_POLICY_CONSTRAINTS",
            "The certificate or one of the certificates in the certificate chain has a policy"
            " constraints extension, and one of the issued certificates has a disallowed policy"
            " mapping extension or does not have a required issuance policies extension.",
        ),
        0x0000_0400: (
            "INVALID_BASIC_CONSTRAINTS",
            "The certificate or one of the certificates in the certificate chain has a basic"
            " constraints extension, and either the certificate cannot be used to issue other"
            " certificates, or the chain path length has been exceeded.",
        ),
        0x0000_0800: (
            "INVALID_NAME_CONSTRAINTS",
            "The certificate or one of the certificates in the certificate chain has a name"
            " constraints extension that is not valid.",
        ),
        0x0000_1000: (
            "HAS_NOT_SUPPORTED_NAME_CONSTRAINT",
            "The certificate or one of the certificates in the certificate chain has a name"
            " constraints extension that contains unsupported fields.",
        ),
        0x0000_2000: (
            "HAS_NOT_DEFINED_NAME_CONSTRAINT",
            "The certificate or one of the certificates in the certificate chain has a name"
            " constraints extension and a name constraint is missing for one of the name choices"
            " in the end certificate.",
        ),
        0x0000_4000: (
            "HAS_NOT_PERMITTED_NAME_CONSTRAINT",
            "The certificate or one of the certificates in the certificate chain has a name"
            " constraints extension, and there is not a permitted name constraint for one of the"
            " name choices in the end certificate.",
        ),
        0x0001_0000: ("IS_PARTIAL_CHAIN", "The certificate chain is not complete."),
        0x0002_0000: (
            "CTL_IS_NOT_TIME_VALID",
            "A certificate trust list (CTL) used to create this chain was not time valid.",
        ),
        0x0008_0000: (
            "CTL_IS_NOT_VALID_FOR_USAGE",
            "A CTL used to create this chain is not valid for this usage.",
        ),
        0x0100_0000: (
            "IS_OFFLINE_REVOCATION",
            "The revocation status of the certificate or one of the certificates in the"
            " certificate chain is either offline or stale.",
        ),
        0x0200_0000: (
            "NO_ISSUANCE_CHAIN_POLICY",
            "The end certificate does not have any resultant issuance policies, and one of the"
            " issuing certification authority certificates has a policy constraints extension"
            " requiring it.",
        ),
        0x0400_0000: ("IS_EXPLICIT_DISTRUST", "The certificate is explicitly distrusted."),
        0x0800_0000: (
            "HAS_NOT_SUPPORTED_CRITICAL_EXT",
            "The certificate does not support a critical extension.",
        ),
    }
)

# Where the tie of a row in codes.md §4a rests when no other source is named for it.
_TIE_WINERR = "S-H-WINERR"
_TIE_OSSL = "S-OSSL-H"
_TIE_TRUST = "S-TRUST"
# Microsoft's "equivalent" codes (codes.md §2, the last column) and its list for INVALID_CERT.
_TIE_WHE = "S-WHE"
_TIE_CHROMIUM = "S-CHROMIUM"


def _hresults(names: Iterable[str], source: str, *, judgement: bool) -> tuple[RelatedCode, ...]:
    return tuple(RelatedCode(n, *_HRESULTS[n], judgement=judgement, source=source) for n in names)


def _openssl(values: Iterable[int], *, judgement: bool) -> tuple[RelatedCode, ...]:
    return tuple(
        RelatedCode(
            "X509_V_ERR_" + _OPENSSL[v][0], v, _OPENSSL[v][1], judgement=judgement, source=_TIE_OSSL
        )
        for v in values
    )


def _trust(bits: Iterable[int], source: str, *, judgement: bool) -> tuple[RelatedCode, ...]:
    return tuple(
        RelatedCode(
            "CERT_TRUST_" + _TRUST[b][0], b, _TRUST[b][1], judgement=judgement, source=source
        )
        for b in bits
    )


# codes.md §2 (WinHTTP and WinINet errors, S-H-WINHTTP, S-WHE, S-H-WININET, S-WIE) and §4a
# (the closest codes per flag; "(J)" there is judgement=True here).  Keyed by flag value.
CROSSREF: Mapping[int, CrossFacts] = MappingProxyType(
    {
        # FLAG_CERT_REV_FAILED
        0x0000_0001: CrossFacts(
            12057,
            "ERROR_WINHTTP_SECURE_CERT_REV_FAILED",
            "ERROR_INTERNET_SEC_CERT_REV_FAILED",
            _hresults(["CRYPT_E_REVOCATION_OFFLINE"], _TIE_WHE, judgement=False)
            + _hresults(
                ["CRYPT_E_NO_REVOCATION_CHECK", "CERT_E_REVOCATION_FAILURE"],
                _TIE_WINERR,
                judgement=True,
            ),
            _openssl([3], judgement=False) + _openssl([33, 12, 11, 74, 75], judgement=True),
            _trust([0x40, 0x0100_0000], _TIE_TRUST, judgement=False),
        ),
        # FLAG_INVALID_CERT: Microsoft lists CryptoAPI "errors such as" these seven.
        0x0000_0002: CrossFacts(
            12169,
            "ERROR_WINHTTP_SECURE_INVALID_CERT",
            "ERROR_INTERNET_SEC_INVALID_CERT",
            _hresults(
                [
                    "CERT_E_ROLE",
                    "CERT_E_PATHLENCONST",
                    "CERT_E_CRITICAL",
                    "CERT_E_PURPOSE",
                    "CERT_E_ISSUERCHAINING",
                    "CERT_E_MALFORMED",
                    "CERT_E_CHAINING",
                ],
                _TIE_WHE,
                judgement=False,
            )
            + _hresults(
                ["TRUST_E_CERT_SIGNATURE", "TRUST_E_BASIC_CONSTRAINTS", "SEC_E_CERT_UNKNOWN"],
                _TIE_WINERR,
                judgement=True,
            ),
            _openssl([7, 4, 6, 13, 14, 25, 34, 37, 41, 79], judgement=True),
            _trust(
                [
                    0x8,
                    0x80,
                    0x100,
                    0x200,
                    0x400,
                    0x800,
                    0x1000,
                    0x2000,
                    0x4000,
                    0x0200_0000,
                    0x0800_0000,
                ],
                _TIE_CHROMIUM,
                judgement=True,
            ),
        ),
        # FLAG_CERT_REVOKED
        0x0000_0004: CrossFacts(
            12170,
            "ERROR_WINHTTP_SECURE_CERT_REVOKED",
            "ERROR_INTERNET_SEC_CERT_REVOKED",
            _hresults(["CRYPT_E_REVOKED"], _TIE_WHE, judgement=False)
            + _hresults(["CERT_E_REVOKED"], _TIE_WINERR, judgement=True),
            _openssl([23], judgement=False),
            _trust([0x4], _TIE_TRUST, judgement=False),
        ),
        # FLAG_INVALID_CA
        0x0000_0008: CrossFacts(
            12045,
            "ERROR_WINHTTP_SECURE_INVALID_CA",
            "ERROR_INTERNET_INVALID_CA",
            _hresults(["CERT_E_UNTRUSTEDROOT"], _TIE_WHE, judgement=False)
            + _hresults(
                [
                    "CERT_E_UNTRUSTEDCA",
                    "CERT_E_CHAINING",
                    "TRUST_E_EXPLICIT_DISTRUST",
                    "SEC_E_UNTRUSTED_ROOT",
                ],
                _TIE_WINERR,
                judgement=True,
            ),
            _openssl([18, 19, 20, 2, 21, 27, 28], judgement=False),
            _trust([0x20, 0x0001_0000, 0x0400_0000], _TIE_TRUST, judgement=False),
        ),
        # FLAG_CERT_CN_INVALID: no CERT_TRUST bit, as host-name matching is not part of chain
        # trust status (DERIVED in the notes).
        0x0000_0010: CrossFacts(
            12038,
            "ERROR_WINHTTP_SECURE_CERT_CN_INVALID",
            "ERROR_INTERNET_SEC_CERT_CN_INVALID",
            _hresults(["CERT_E_CN_NO_MATCH"], _TIE_WHE, judgement=False)
            + _hresults(["SEC_E_WRONG_PRINCIPAL"], _TIE_CHROMIUM, judgement=False),
            _openssl([62, 64], judgement=False),
            (),
        ),
        # FLAG_CERT_DATE_INVALID
        0x0000_0020: CrossFacts(
            12037,
            "ERROR_WINHTTP_SECURE_CERT_DATE_INVALID",
            "ERROR_INTERNET_SEC_CERT_DATE_INVALID",
            _hresults(["CERT_E_EXPIRED", "CERT_E_VALIDITYPERIODNESTING"], _TIE_WHE, judgement=False)
            + _hresults(["SEC_E_CERT_EXPIRED"], _TIE_WINERR, judgement=False),
            _openssl([10, 9], judgement=False),
            _trust([0x1, 0x2, 0x0002_0000], _TIE_TRUST, judgement=False),
        ),
        # FLAG_CERT_WRONG_USAGE: 12179 from S-WRS; no WinINet error code was found.
        0x0000_0040: CrossFacts(
            12179,
            "ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE",
            None,
            _hresults(["CERT_E_WRONG_USAGE"], _TIE_WHE, judgement=False)
            + _hresults(["CERT_E_PURPOSE", "SEC_E_CERT_WRONG_USAGE"], _TIE_WINERR, judgement=True),
            _openssl([26], judgement=False) + _openssl([39], judgement=True),
            _trust([0x10, 0x0008_0000], _TIE_TRUST, judgement=False),
        ),
        # FLAG_SECURITY_CHANNEL_ERROR: Microsoft names the family "SEC_E_* / SEC_I_*"; these four
        # examples are judgement.  A TLS failure is no certificate verdict: no OpenSSL verify code
        # (judgement) and no CERT_TRUST bit.
        0x8000_0000: CrossFacts(
            12157,
            "ERROR_WINHTTP_SECURE_CHANNEL_ERROR",
            "ERROR_INTERNET_SECURITY_CHANNEL_ERROR",
            _hresults(
                [
                    "SEC_E_INTERNAL_ERROR",
                    "SEC_E_ILLEGAL_MESSAGE",
                    "SEC_E_ALGORITHM_MISMATCH",
                    "SEC_E_UNSUPPORTED_FUNCTION",
                ],
                _TIE_WINERR,
                judgement=True,
            ),
            (),
            (),
        ),
    }
)

# codes.md §2, "Related codes that are not one of the eight flags": named in error messages so
# that whoever holds one learns what it is instead of only that it is not a flag.
NOT_FLAGS: Mapping[int, str] = MappingProxyType(
    {
        12044: (
            "ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED (WinINet: ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED):"
            " the server asked for a client certificate, which is not a server certificate problem"
        ),
        12055: (
            "WinINet's ERROR_INTERNET_SEC_CERT_ERRORS, 'The SSL certificate contains errors.',"
            " which names no flag"
        ),
        12056: "WinINet's ERROR_INTERNET_SEC_CERT_NO_REV, which names no flag",
        12062: "WinINet's ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE, which names no flag",
        12175: (
            "ERROR_WINHTTP_SECURE_FAILURE, the umbrella error that comes with the flags: read them"
            " from the WINHTTP_CALLBACK_STATUS_SECURE_FAILURE notification (in WinINet, 12175 is"
            " ERROR_INTERNET_DECODING_FAILED, a content decoding failure)"
        ),
        12187: "ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED_PROXY, which names no flag",
        12188: (
            "ERROR_WINHTTP_SECURE_FAILURE_PROXY, about an HTTP proxy, not the Exchange RPC proxy"
            " of KB 923575"
        ),
    }
)
