"""Codes of other systems and CertProblem: every row of the reference notes, both ways.

The tables below restate the project's reference notes on codes (shared/reference/codes.md)
row by row, independently of the library's own tables; each parameter's id names the source
of the row.  "J" rows are ties the notes mark as judgement.
"""

from __future__ import annotations

import contextlib
import pickle
import ssl
from typing import Any, Callable

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from proxycert import (
    CertProblem,
    ProxyCertError,
    RelatedCode,
    UnknownCodeError,
    from_cert_trust_status,
    from_hresult,
    from_openssl_verify_code,
    from_ssl_error,
    from_winhttp_error,
    unmapped_cert_trust_bits,
)

F = CertProblem
REV_FAILED = F.FLAG_CERT_REV_FAILED
INVALID_CERT = F.FLAG_INVALID_CERT
REVOKED = F.FLAG_CERT_REVOKED
INVALID_CA = F.FLAG_INVALID_CA
CN_INVALID = F.FLAG_CERT_CN_INVALID
DATE_INVALID = F.FLAG_CERT_DATE_INVALID
WRONG_USAGE = F.FLAG_CERT_WRONG_USAGE
CHANNEL = F.FLAG_SECURITY_CHANNEL_ERROR

# ---- §2: WinHTTP and WinINet errors and their HRESULTs ------------------------------------------

# flag, WinHTTP error, WinHTTP name, WinINet name, HRESULT (DERIVED by HRESULT_FROM_WIN32).
WINHTTP_TABLE = [
    pytest.param(
        REV_FAILED,
        12057,
        "ERROR_WINHTTP_SECURE_CERT_REV_FAILED",
        "ERROR_INTERNET_SEC_CERT_REV_FAILED",
        0x80072F19,
        id="S-WHE-12057",
    ),
    pytest.param(
        INVALID_CERT,
        12169,
        "ERROR_WINHTTP_SECURE_INVALID_CERT",
        "ERROR_INTERNET_SEC_INVALID_CERT",
        0x80072F89,
        id="S-WHE-12169",
    ),
    pytest.param(
        REVOKED,
        12170,
        "ERROR_WINHTTP_SECURE_CERT_REVOKED",
        "ERROR_INTERNET_SEC_CERT_REVOKED",
        0x80072F8A,
        id="S-WHE-12170",
    ),
    pytest.param(
        INVALID_CA,
        12045,
        "ERROR_WINHTTP_SECURE_INVALID_CA",
        "ERROR_INTERNET_INVALID_CA",
        0x80072F0D,
        id="S-WHE-12045",
    ),
    pytest.param(
        CN_INVALID,
        12038,
        "ERROR_WINHTTP_SECURE_CERT_CN_INVALID",
        "ERROR_INTERNET_SEC_CERT_CN_INVALID",
        0x80072F06,
        id="S-WHE-12038",
    ),
    pytest.param(
        DATE_INVALID,
        12037,
        "ERROR_WINHTTP_SECURE_CERT_DATE_INVALID",
        "ERROR_INTERNET_SEC_CERT_DATE_INVALID",
        0x80072F05,
        id="S-WHE-12037",
    ),
    # No WinINet code for wrong usage in mingw-w64's wininet.h; 12179 from S-WRS.
    pytest.param(
        WRONG_USAGE,
        12179,
        "ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE",
        None,
        0x80072F93,
        id="S-WRS-12179",
    ),
    pytest.param(
        CHANNEL,
        12157,
        "ERROR_WINHTTP_SECURE_CHANNEL_ERROR",
        "ERROR_INTERNET_SECURITY_CHANNEL_ERROR",
        0x80072F7D,
        id="S-WHE-12157",
    ),
]


@pytest.mark.parametrize(("flag", "code", "name", "wininet", "hresult"), WINHTTP_TABLE)
def test_winhttp_row(
    flag: CertProblem, code: int, name: str, wininet: str | None, hresult: int
) -> None:
    assert flag.winhttp_error == code
    assert flag.winhttp_error_name == name
    assert flag.wininet_error_name == wininet
    assert flag.hresult == hresult
    assert from_winhttp_error(code) is flag
    assert from_hresult(hresult) is flag


# The signed 32-bit forms the notes list for parsing logs (DERIVED); 0x80072F8F is 12175.
@pytest.mark.parametrize(
    ("signed", "unsigned"),
    [
        pytest.param(-2147012859, 0x80072F05, id="DERIVED-0x80072F05"),
        pytest.param(-2147012858, 0x80072F06, id="DERIVED-0x80072F06"),
        pytest.param(-2147012851, 0x80072F0D, id="DERIVED-0x80072F0D"),
        pytest.param(-2147012839, 0x80072F19, id="DERIVED-0x80072F19"),
        pytest.param(-2147012739, 0x80072F7D, id="DERIVED-0x80072F7D"),
        pytest.param(-2147012727, 0x80072F89, id="DERIVED-0x80072F89"),
        pytest.param(-2147012726, 0x80072F8A, id="DERIVED-0x80072F8A"),
        pytest.param(-2147012717, 0x80072F93, id="DERIVED-0x80072F93"),
    ],
)
def test_signed_hresults(signed: int, unsigned: int) -> None:
    assert signed & 0xFFFFFFFF == unsigned
    assert from_hresult(signed) is from_hresult(unsigned)
    # As text too: a sign says decimal wherever a code is read.
    assert from_hresult(str(signed)) is from_hresult(unsigned)


def test_signed_umbrella_hresult_is_not_a_flag() -> None:
    with pytest.raises(UnknownCodeError, match="ERROR_WINHTTP_SECURE_FAILURE"):
        from_hresult(-2147012721)


# Related codes that are not flags: each raises, and the message says what the code is.
@pytest.mark.parametrize(
    ("code", "hresult", "note"),
    [
        pytest.param(
            12175,
            0x80072F8F,
            "12175 is ERROR_WINHTTP_SECURE_FAILURE, the umbrella error that comes with the flags",
            id="S-WHE-12175",
        ),
        pytest.param(
            12044,
            0x80072F0C,
            "12044 is ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED"
            " (WinINet: ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED)",
            id="S-WHE-12044",
        ),
        pytest.param(
            12188,
            0x80072F9C,
            "12188 is ERROR_WINHTTP_SECURE_FAILURE_PROXY",
            id="S-H-WINHTTP-12188",
        ),
        pytest.param(
            12187,
            0x80072F9B,
            "12187 is ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED_PROXY",
            id="S-H-WINHTTP-12187",
        ),
        pytest.param(
            12055, 0x80072F17, "12055 is WinINet's ERROR_INTERNET_SEC_CERT_ERRORS", id="S-WIE-12055"
        ),
        pytest.param(
            12056, 0x80072F18, "12056 is WinINet's ERROR_INTERNET_SEC_CERT_NO_REV", id="S-WIE-12056"
        ),
        pytest.param(
            12062,
            0x80072F1E,
            "12062 is WinINet's ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE",
            id="S-WRS-12062",
        ),
    ],
)
def test_related_codes_that_are_not_flags(code: int, hresult: int, note: str) -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_winhttp_error(code)
    assert str(info.value).startswith(
        f"unknown WinHTTP error {code}: expected one of 12037, 12038, 12045, 12057, 12157,"
        f" 12169, 12170, 12179; {note}"
    )
    with pytest.raises(UnknownCodeError) as info:
        from_hresult(hresult)
    assert f"; 0x{hresult:08X} is HRESULT_FROM_WIN32({code}), {note[len(str(code)) + 4 :]}" in str(
        info.value
    )


def test_umbrella_code_message_in_full() -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_winhttp_error(12175)
    assert str(info.value) == (
        "unknown WinHTTP error 12175: expected one of 12037, 12038, 12045, 12057, 12157, 12169,"
        " 12170, 12179; 12175 is ERROR_WINHTTP_SECURE_FAILURE, the umbrella error that comes with"
        " the flags: read them from the WINHTTP_CALLBACK_STATUS_SECURE_FAILURE notification (in"
        " WinINet, 12175 is ERROR_INTERNET_DECODING_FAILED, a content decoding failure)"
    )


# ---- §4a and §4c: CryptoAPI and Schannel HRESULTs -----------------------------------------------

# name, value, text (S-SDK-WINERR or S-CTRV; None where the notes read none).
HRESULT_TABLE = [
    ("CERT_E_EXPIRED", 0x800B0101, None),
    ("CERT_E_VALIDITYPERIODNESTING", 0x800B0102, None),
    ("CERT_E_ROLE", 0x800B0103, None),
    (
        "CERT_E_PATHLENCONST",
        0x800B0104,
        "A path length constraint in the certification chain has been violated.",
    ),
    (
        "CERT_E_CRITICAL",
        0x800B0105,
        "An extension of unknown type that is labeled 'critical' is present in a certificate.",
    ),
    (
        "CERT_E_PURPOSE",
        0x800B0106,
        "A certificate is being used for a purpose other than that for which it is permitted.",
    ),
    (
        "CERT_E_ISSUERCHAINING",
        0x800B0107,
        "A parent of a given certificate in fact did not issue that child certificate.",
    ),
    (
        "CERT_E_MALFORMED",
        0x800B0108,
        "A certificate is missing or has an empty value for an important field, such as a subject"
        " or issuer name.",
    ),
    (
        "CERT_E_UNTRUSTEDROOT",
        0x800B0109,
        "A certification chain processed correctly, but terminated in a root certificate which"
        " isn't trusted by the trust provider.",
    ),
    (
        "CERT_E_CHAINING",
        0x800B010A,
        "A chain of certs didn't chain as they should in a certain application of chaining.",
    ),
    ("CERT_E_REVOKED", 0x800B010C, "A certificate was explicitly revoked by its issuer."),
    (
        "CERT_E_REVOCATION_FAILURE",
        0x800B010E,
        "The revocation process could not continue - the certificate(s) could not be checked.",
    ),
    (
        "CERT_E_CN_NO_MATCH",
        0x800B010F,
        "The certificate's CN name does not match the passed value.",
    ),
    ("CERT_E_WRONG_USAGE", 0x800B0110, "The certificate is not valid for the requested usage."),
    (
        "TRUST_E_EXPLICIT_DISTRUST",
        0x800B0111,
        "The certificate was explicitly marked as untrusted by the user.",
    ),
    (
        "CERT_E_UNTRUSTEDCA",
        0x800B0112,
        "A certification chain processed correctly, but one of the CA certificates is not trusted"
        " by the policy provider.",
    ),
    ("CRYPT_E_REVOKED", 0x80092010, "The certificate or signature has been revoked"),
    (
        "CRYPT_E_NO_REVOCATION_CHECK",
        0x80092012,
        "The revocation function was unable to check revocation for the certificate.",
    ),
    (
        "CRYPT_E_REVOCATION_OFFLINE",
        0x80092013,
        "Since the revocation server was offline, the called function wasn't able to complete the"
        " revocation check.",
    ),
    (
        "TRUST_E_CERT_SIGNATURE",
        0x80096004,
        "The signature of the certificate cannot be verified.",
    ),
    (
        "TRUST_E_BASIC_CONSTRAINTS",
        0x80096019,
        "The basic constraint extension of a certificate has not been observed.",
    ),
    ("SEC_E_UNSUPPORTED_FUNCTION", 0x80090302, None),
    ("SEC_E_INTERNAL_ERROR", 0x80090304, None),
    ("SEC_E_WRONG_PRINCIPAL", 0x80090322, "The target principal name is incorrect."),
    ("SEC_E_UNTRUSTED_ROOT", 0x80090325, None),
    ("SEC_E_ILLEGAL_MESSAGE", 0x80090326, None),
    ("SEC_E_CERT_UNKNOWN", 0x80090327, None),
    ("SEC_E_CERT_EXPIRED", 0x80090328, None),
    ("SEC_E_ALGORITHM_MISMATCH", 0x80090331, None),
    ("SEC_E_CERT_WRONG_USAGE", 0x80090349, None),
]
HRESULT_TEXTS = {name: (value, text) for name, value, text in HRESULT_TABLE}

# The §4a rows: flag, name, judgement, source of the tie.
CRYPTOAPI_ROWS = [
    (REV_FAILED, "CRYPT_E_REVOCATION_OFFLINE", False, "S-WHE"),
    (REV_FAILED, "CRYPT_E_NO_REVOCATION_CHECK", True, "S-H-WINERR"),
    (REV_FAILED, "CERT_E_REVOCATION_FAILURE", True, "S-H-WINERR"),
    (INVALID_CERT, "CERT_E_ROLE", False, "S-WHE"),
    (INVALID_CERT, "CERT_E_PATHLENCONST", False, "S-WHE"),
    (INVALID_CERT, "CERT_E_CRITICAL", False, "S-WHE"),
    (INVALID_CERT, "CERT_E_PURPOSE", False, "S-WHE"),
    (INVALID_CERT, "CERT_E_ISSUERCHAINING", False, "S-WHE"),
    (INVALID_CERT, "CERT_E_MALFORMED", False, "S-WHE"),
    (INVALID_CERT, "CERT_E_CHAINING", False, "S-WHE"),
    (INVALID_CERT, "TRUST_E_CERT_SIGNATURE", True, "S-H-WINERR"),
    (INVALID_CERT, "TRUST_E_BASIC_CONSTRAINTS", True, "S-H-WINERR"),
    (INVALID_CERT, "SEC_E_CERT_UNKNOWN", True, "S-H-WINERR"),
    (REVOKED, "CRYPT_E_REVOKED", False, "S-WHE"),
    (REVOKED, "CERT_E_REVOKED", True, "S-H-WINERR"),
    (INVALID_CA, "CERT_E_UNTRUSTEDROOT", False, "S-WHE"),
    (INVALID_CA, "CERT_E_UNTRUSTEDCA", True, "S-H-WINERR"),
    (INVALID_CA, "CERT_E_CHAINING", True, "S-H-WINERR"),
    (INVALID_CA, "TRUST_E_EXPLICIT_DISTRUST", True, "S-H-WINERR"),
    (INVALID_CA, "SEC_E_UNTRUSTED_ROOT", True, "S-H-WINERR"),
    (CN_INVALID, "CERT_E_CN_NO_MATCH", False, "S-WHE"),
    (CN_INVALID, "SEC_E_WRONG_PRINCIPAL", False, "S-CHROMIUM"),
    (DATE_INVALID, "CERT_E_EXPIRED", False, "S-WHE"),
    (DATE_INVALID, "CERT_E_VALIDITYPERIODNESTING", False, "S-WHE"),
    (DATE_INVALID, "SEC_E_CERT_EXPIRED", False, "S-H-WINERR"),
    (WRONG_USAGE, "CERT_E_WRONG_USAGE", False, "S-WHE"),
    (WRONG_USAGE, "CERT_E_PURPOSE", True, "S-H-WINERR"),
    (WRONG_USAGE, "SEC_E_CERT_WRONG_USAGE", True, "S-H-WINERR"),
    (CHANNEL, "SEC_E_INTERNAL_ERROR", True, "S-H-WINERR"),
    (CHANNEL, "SEC_E_ILLEGAL_MESSAGE", True, "S-H-WINERR"),
    (CHANNEL, "SEC_E_ALGORITHM_MISMATCH", True, "S-H-WINERR"),
    (CHANNEL, "SEC_E_UNSUPPORTED_FUNCTION", True, "S-H-WINERR"),
]
# Two codes sit in two rows; Microsoft's list (S-WHE) decides the reverse lookup.
REVERSE_OVERRIDES = {"CERT_E_PURPOSE": INVALID_CERT, "CERT_E_CHAINING": INVALID_CERT}


@pytest.mark.parametrize(
    ("flag", "name", "judgement", "source"),
    [
        pytest.param(*row, id=f"{'J-' if row[2] else ''}{row[3]}-{row[0].names[0]}-{row[1]}")
        for row in CRYPTOAPI_ROWS
    ],
)
def test_cryptoapi_row(flag: CertProblem, name: str, judgement: bool, source: str) -> None:
    value, text = HRESULT_TEXTS[name]
    assert RelatedCode(name, value, text, judgement, source) in flag.cryptoapi_codes
    assert from_hresult(value) is REVERSE_OVERRIDES.get(name, flag)
    assert from_hresult(f"0x{value:08X}") is from_hresult(value - (1 << 32))


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [pytest.param(*row, id=f"S-H-WINERR-{row[0]}") for row in HRESULT_TABLE],
)
def test_hresult_value_and_text(name: str, value: int, text: str | None) -> None:
    records = [code for flag in F for code in flag.cryptoapi_codes if code.name == name]
    assert records
    assert {(code.value, code.text) for code in records} == {(value, text)}


def test_cryptoapi_rows_are_all_the_rows() -> None:
    listed = {(flag, code.name) for flag in F for code in flag.cryptoapi_codes}
    assert listed == {(flag, name) for flag, name, _, _ in CRYPTOAPI_ROWS}
    # Microsoft's "equivalent" code comes first in each row that has one.
    for flag in F:
        codes = flag.cryptoapi_codes
        assert [c.source == "S-WHE" for c in codes] == sorted(
            (c.source == "S-WHE" for c in codes), reverse=True
        )


# ---- §4a and §4b: OpenSSL verify codes ----------------------------------------------------------

# value, X509_V_ERR_ name, text (x509_txt.c), flag, judgement.
OPENSSL_TABLE = [
    (2, "UNABLE_TO_GET_ISSUER_CERT", "unable to get issuer certificate", INVALID_CA, False),
    (3, "UNABLE_TO_GET_CRL", "unable to get certificate CRL", REV_FAILED, False),
    (
        4,
        "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
        "unable to decrypt certificate's signature",
        INVALID_CERT,
        True,
    ),
    (
        6,
        "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
        "unable to decode issuer public key",
        INVALID_CERT,
        True,
    ),
    (7, "CERT_SIGNATURE_FAILURE", "certificate signature failure", INVALID_CERT, True),
    (
        9,
        "CERT_NOT_YET_VALID",
        "certificate is not yet valid or the system clock is incorrect",
        DATE_INVALID,
        False,
    ),
    (10, "CERT_HAS_EXPIRED", "certificate has expired", DATE_INVALID, False),
    (11, "CRL_NOT_YET_VALID", "CRL is not yet valid", REV_FAILED, True),
    (12, "CRL_HAS_EXPIRED", "CRL has expired", REV_FAILED, True),
    (
        13,
        "ERROR_IN_CERT_NOT_BEFORE_FIELD",
        "format error in certificate's notBefore field",
        INVALID_CERT,
        True,
    ),
    (
        14,
        "ERROR_IN_CERT_NOT_AFTER_FIELD",
        "format error in certificate's notAfter field",
        INVALID_CERT,
        True,
    ),
    (18, "DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", INVALID_CA, False),
    (
        19,
        "SELF_SIGNED_CERT_IN_CHAIN",
        "self-signed certificate in certificate chain",
        INVALID_CA,
        False,
    ),
    (
        20,
        "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
        "unable to get local issuer certificate",
        INVALID_CA,
        False,
    ),
    (
        21,
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        "unable to verify the first certificate",
        INVALID_CA,
        False,
    ),
    (23, "CERT_REVOKED", "certificate revoked", REVOKED, False),
    (25, "PATH_LENGTH_EXCEEDED", "path length constraint exceeded", INVALID_CERT, True),
    (26, "INVALID_PURPOSE", "unsuitable certificate purpose", WRONG_USAGE, False),
    (27, "CERT_UNTRUSTED", "certificate not trusted", INVALID_CA, False),
    (28, "CERT_REJECTED", "certificate rejected", INVALID_CA, False),
    (33, "UNABLE_TO_GET_CRL_ISSUER", "unable to get CRL issuer certificate", REV_FAILED, True),
    (34, "UNHANDLED_CRITICAL_EXTENSION", "unhandled critical extension", INVALID_CERT, True),
    (37, "INVALID_NON_CA", "invalid non-CA certificate (has CA markings)", INVALID_CERT, True),
    (
        39,
        "KEYUSAGE_NO_DIGITAL_SIGNATURE",
        "key usage does not include digital signature",
        WRONG_USAGE,
        True,
    ),
    (
        41,
        "INVALID_EXTENSION",
        "invalid or inconsistent certificate extension",
        INVALID_CERT,
        True,
    ),
    (62, "HOSTNAME_MISMATCH", "hostname mismatch", CN_INVALID, False),
    (64, "IP_ADDRESS_MISMATCH", "IP address mismatch", CN_INVALID, False),
    (74, "OCSP_VERIFY_FAILED", "OCSP verification failed", REV_FAILED, True),
    (75, "OCSP_CERT_UNKNOWN", "OCSP unknown cert", REV_FAILED, True),
    (79, "INVALID_CA", "invalid CA certificate", INVALID_CERT, True),
]


@pytest.mark.parametrize(
    ("value", "name", "text", "flag", "judgement"),
    [pytest.param(*row, id=f"{'J-' if row[4] else ''}S-OSSL-H-{row[0]}") for row in OPENSSL_TABLE],
)
def test_openssl_row(value: int, name: str, text: str, flag: CertProblem, judgement: bool) -> None:
    record = RelatedCode("X509_V_ERR_" + name, value, text, judgement, "S-OSSL-H")
    assert record in flag.openssl_verify_codes
    assert from_openssl_verify_code(value) is flag


def test_openssl_rows_are_all_the_rows() -> None:
    listed = sorted((code.value, flag) for flag in F for code in flag.openssl_verify_codes)
    assert listed == sorted((row[0], row[3]) for row in OPENSSL_TABLE)
    assert CHANNEL.openssl_verify_codes == ()


# ---- §4a and §4d: CERT_TRUST_* error-status bits ------------------------------------------------

# bit, name without CERT_TRUST_, flag, judgement, source of the tie.  0x1000, 0x2000 and 0x4000
# are the "name-constraint flags" the notes give by value only.
TRUST_TABLE = [
    (0x00000001, "IS_NOT_TIME_VALID", DATE_INVALID, False, "S-TRUST"),
    (0x00000002, "IS_NOT_TIME_NESTED", DATE_INVALID, False, "S-TRUST"),
    (0x00000004, "IS_REVOKED", REVOKED, False, "S-TRUST"),
    (0x00000008, "IS_NOT_SIGNATURE_VALID", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00000010, "IS_NOT_VALID_FOR_USAGE", WRONG_USAGE, False, "S-TRUST"),
    (0x00000020, "IS_UNTRUSTED_ROOT", INVALID_CA, False, "S-TRUST"),
    (0x00000040, "REVOCATION_STATUS_UNKNOWN", REV_FAILED, False, "S-TRUST"),
    (0x00000080, "IS_CYCLIC", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00000100, "INVALID_EXTENSION", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00000200, "INVALID_POLICY_CONSTRAINTS", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00000400, "INVALID_BASIC_CONSTRAINTS", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00000800, "INVALID_NAME_CONSTRAINTS", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00001000, "HAS_NOT_SUPPORTED_NAME_CONSTRAINT", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00002000, "HAS_NOT_DEFINED_NAME_CONSTRAINT", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00004000, "HAS_NOT_PERMITTED_NAME_CONSTRAINT", INVALID_CERT, True, "S-CHROMIUM"),
    (0x00010000, "IS_PARTIAL_CHAIN", INVALID_CA, False, "S-TRUST"),
    (0x00020000, "CTL_IS_NOT_TIME_VALID", DATE_INVALID, False, "S-TRUST"),
    (0x00080000, "CTL_IS_NOT_VALID_FOR_USAGE", WRONG_USAGE, False, "S-TRUST"),
    (0x01000000, "IS_OFFLINE_REVOCATION", REV_FAILED, False, "S-TRUST"),
    (0x02000000, "NO_ISSUANCE_CHAIN_POLICY", INVALID_CERT, True, "S-CHROMIUM"),
    (0x04000000, "IS_EXPLICIT_DISTRUST", INVALID_CA, False, "S-TRUST"),
    (0x08000000, "HAS_NOT_SUPPORTED_CRITICAL_EXT", INVALID_CERT, True, "S-CHROMIUM"),
]


@pytest.mark.parametrize(
    ("bit", "name", "flag", "judgement", "source"),
    [
        pytest.param(*row, id=f"{'J-' if row[3] else ''}S-H-WINCRYPT-{row[1]}")
        for row in TRUST_TABLE
    ],
)
def test_cert_trust_row(
    bit: int, name: str, flag: CertProblem, judgement: bool, source: str
) -> None:
    (record,) = [code for code in flag.cert_trust_bits if code.value == bit]
    assert (record.name, record.judgement, record.source) == (
        "CERT_TRUST_" + name,
        judgement,
        source,
    )
    # S-TRUST describes every bit but IS_NOT_TIME_NESTED.
    assert (record.text is None) == (name == "IS_NOT_TIME_NESTED")
    assert from_cert_trust_status(bit) is flag
    assert unmapped_cert_trust_bits(bit) == 0


def test_cert_trust_rows_are_all_the_rows() -> None:
    listed = sorted((code.value, flag) for flag in F for code in flag.cert_trust_bits)
    assert listed == sorted((row[0], row[2]) for row in TRUST_TABLE)
    # DERIVED: host-name matching is not part of chain trust status.
    assert CN_INVALID.cert_trust_bits == ()
    assert CHANNEL.cert_trust_bits == ()


@pytest.mark.parametrize(
    ("bits", "expected", "unmapped"),
    [
        pytest.param(0, F(0), 0, id="CERT_TRUST_NO_ERROR"),
        pytest.param(0x21, INVALID_CA | DATE_INVALID, 0, id="two-flags"),
        pytest.param(0x3, DATE_INVALID, 0, id="two-bits-one-flag"),
        pytest.param(0x8020, INVALID_CA, 0x8000, id="excluded-name-constraint-kept-aside"),
        pytest.param(0x00100004, REVOKED, 0x00100000, id="weak-signature-kept-aside"),
        pytest.param(-0x7FFFFFE0, INVALID_CA, 0x80000000, id="signed-dword"),
    ],
)
def test_cert_trust_status_combines(bits: int, expected: CertProblem, unmapped: int) -> None:
    assert from_cert_trust_status(bits) == expected
    assert unmapped_cert_trust_bits(bits) == unmapped


def test_cert_trust_status_with_no_tied_bit_raises() -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_cert_trust_status(0x8000)
    assert str(info.value) == (
        "unknown CERT_TRUST error status 32768: expected at least one of the CERT_TRUST_* error"
        " bits listed in CertProblem.cert_trust_bits; bits 0x00008000 are tied to no flag"
    )


def test_cert_trust_status_strict() -> None:
    assert from_cert_trust_status(0x21, strict=True) == INVALID_CA | DATE_INVALID
    with pytest.raises(UnknownCodeError) as info:
        from_cert_trust_status(0x8020, strict=True)
    assert str(info.value) == (
        "unknown CERT_TRUST error status 32800: expected only CERT_TRUST_* error bits listed in"
        " CertProblem.cert_trust_bits; bits 0x00008000 are tied to no flag"
    )


@pytest.mark.parametrize("function", [from_cert_trust_status, unmapped_cert_trust_bits])
@pytest.mark.parametrize("bits", [1 << 32, -(1 << 31) - 1])
def test_cert_trust_status_out_of_range(function: Callable[[int], object], bits: int) -> None:
    with pytest.raises(UnknownCodeError) as info:
        function(bits)
    assert str(info.value) == (
        f"unknown CERT_TRUST error status {bits}: expected a 32-bit value, from -2147483648 to"
        " 4294967295 (0xFFFFFFFF)"
    )


# ---- round trips for every flag -----------------------------------------------------------------


@pytest.mark.parametrize("flag", list(F))
def test_round_trips(flag: CertProblem) -> None:
    assert from_winhttp_error(flag.winhttp_error) is flag
    hresult = flag.hresult
    assert hresult == 0x80070000 | flag.winhttp_error
    for form in (
        hresult,
        hresult - (1 << 32),
        f"0x{hresult:08X}",
        f"0X{hresult:08x}",
        f"{hresult:08X}",
        f"{hresult:x}",
        f"  0x{hresult:X}\n",
        f"0x00{hresult:08X}",
    ):
        assert from_hresult(form) is flag
    for code in flag.cryptoapi_codes:
        assert code.judgement or from_hresult(code.value) is flag
    for code in flag.openssl_verify_codes:
        assert from_openssl_verify_code(code.value) is flag
    bits = sum(code.value for code in flag.cert_trust_bits)
    if bits:
        assert from_cert_trust_status(bits) is flag


def test_single_and_combined_values_of_the_properties() -> None:
    combined = CN_INVALID | DATE_INVALID
    assert combined.cryptoapi_codes == CN_INVALID.cryptoapi_codes + DATE_INVALID.cryptoapi_codes
    assert combined.openssl_verify_codes == (
        CN_INVALID.openssl_verify_codes + DATE_INVALID.openssl_verify_codes
    )
    assert combined.cert_trust_bits == DATE_INVALID.cert_trust_bits
    zero = F(0)
    assert zero.cryptoapi_codes == zero.openssl_verify_codes == zero.cert_trust_bits == ()
    assert F(0x100).cryptoapi_codes == ()


@pytest.mark.parametrize(
    "attribute", ["winhttp_error", "winhttp_error_name", "wininet_error_name", "hresult"]
)
@pytest.mark.parametrize(
    ("value", "shown"),
    [(0x30, "0x00000030"), (0, "0x00000000"), (0x100, "0x00000100"), (0x108, "0x00000108")],
)
def test_scalar_properties_need_a_single_flag(attribute: str, value: int, shown: str) -> None:
    with pytest.raises(ProxyCertError) as info:
        getattr(F(value), attribute)
    assert str(info.value) == (
        f"expected a single flag for {attribute}, got CertProblem({shown});"
        f" read {attribute} from each of its .flags"
    )
    assert isinstance(info.value, ValueError)


# ---- error messages -----------------------------------------------------------------------------


def test_unknown_winhttp_error_message() -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_winhttp_error(1)
    assert str(info.value) == (
        "unknown WinHTTP error 1: expected one of 12037, 12038, 12045, 12057, 12157, 12169, 12170,"
        " 12179"
    )
    assert (info.value.code, info.value.system) == (1, "WinHTTP error")


HRESULT_EXPECTED = (
    "expected the HRESULT of a WinHTTP error (0x80072F05, 0x80072F06, 0x80072F0D, 0x80072F19,"
    " 0x80072F7D, 0x80072F89, 0x80072F8A, 0x80072F93), or a CryptoAPI or Schannel HRESULT listed"
    " in CertProblem.cryptoapi_codes"
)
MALFORMED_HRESULT = (
    "expected 8 hexadecimal digits with or without 0x, such as '0x80072F06', or a signed"
    " decimal, such as '-2147012858'"
)
OUT_OF_RANGE = "expected a 32-bit value, from -2147483648 to 4294967295 (0xFFFFFFFF)"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(0, f"unknown HRESULT 0x00000000: {HRESULT_EXPECTED}", id="zero"),
        # An HRESULT given as an int is shown in hexadecimal, as people write HRESULTs.
        pytest.param(0x80070005, f"unknown HRESULT 0x80070005: {HRESULT_EXPECTED}", id="win32"),
        pytest.param(-2147467259, f"unknown HRESULT 0x80004005: {HRESULT_EXPECTED}", id="signed"),
        pytest.param(
            "0x80072F8F",
            f"unknown HRESULT '0x80072F8F': {HRESULT_EXPECTED}; 0x80072F8F is"
            " HRESULT_FROM_WIN32(12175), ERROR_WINHTTP_SECURE_FAILURE, the umbrella error that"
            " comes with the flags: read them from the WINHTTP_CALLBACK_STATUS_SECURE_FAILURE"
            " notification (in WinINet, 12175 is ERROR_INTERNET_DECODING_FAILED, a content"
            " decoding failure)",
            id="umbrella",
        ),
        # 12175 with another facility is not HRESULT_FROM_WIN32(12175).
        pytest.param(0x80012F8F, f"unknown HRESULT 0x80012F8F: {HRESULT_EXPECTED}", id="facility"),
        pytest.param("", f"unknown HRESULT '': {MALFORMED_HRESULT}", id="empty"),
        pytest.param("0x", f"unknown HRESULT '0x': {MALFORMED_HRESULT}", id="prefix-only"),
        pytest.param(
            "-0x7FF8D0FA",
            f"unknown HRESULT '-0x7FF8D0FA': {MALFORMED_HRESULT}",
            id="signed-hex-str",
        ),
        pytest.param(
            "0x180072F06", f"unknown HRESULT '0x180072F06': {MALFORMED_HRESULT}", id="9-digits"
        ),
        pytest.param(
            "0x8007_2F06", f"unknown HRESULT '0x8007_2F06': {MALFORMED_HRESULT}", id="underscore"
        ),
        pytest.param(
            "٨٠٠٧٢F06", f"unknown HRESULT '٨٠٠٧٢F06': {MALFORMED_HRESULT}", id="non-ascii-digits"
        ),
        pytest.param(1 << 32, f"unknown HRESULT 0x100000000: {OUT_OF_RANGE}", id="too-big"),
        pytest.param(
            -(1 << 31) - 1, f"unknown HRESULT -0x80000001: {OUT_OF_RANGE}", id="too-small"
        ),
    ],
)
def test_unknown_hresult_messages(value: int | str, message: str) -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_hresult(value)
    assert str(info.value) == message
    assert info.value.code == value


def test_unknown_openssl_code_message() -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_openssl_verify_code(0)
    assert str(info.value) == (
        "unknown OpenSSL verify code 0: expected one of 2, 3, 4, 6, 7, 9, 10, 11, 12, 13, 14, 18,"
        " 19, 20, 21, 23, 25, 26, 27, 28, 33, 34, 37, 39, 41, 62, 64, 74, 75, 79"
    )


def test_huge_input_is_not_echoed_whole() -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_hresult("8" * 1_000_000)
    assert len(str(info.value)) < 400
    assert "[1000000 characters]" in str(info.value)


def test_unknown_code_error_pickles() -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_winhttp_error(12175)
    # Our own object, pickled and loaded in this process.
    copy = pickle.loads(pickle.dumps(info.value))
    assert (type(copy), str(copy), copy.code, copy.system, copy.expected) == (
        UnknownCodeError,
        str(info.value),
        12175,
        "WinHTTP error",
        info.value.expected,
    )


WRONG_TYPES = [True, False, 1.0, None, b"12038", bytearray(b"1"), [12038], object()]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(
    ("function", "name"),
    [
        (from_hresult, "value"),
        (from_winhttp_error, "code"),
        (from_openssl_verify_code, "code"),
        (from_cert_trust_status, "bits"),
        (unmapped_cert_trust_bits, "bits"),
    ],
)
def test_int_or_str_functions_refuse_other_types(
    function: Callable[[object], object], name: str, value: object
) -> None:
    with pytest.raises(TypeError) as info:
        function(value)
    assert str(info.value) == f"{name} must be an int or a str, not {type(value).__name__}"


def test_cert_trust_status_as_text() -> None:
    # As every code: hexadecimal, 0x or not; full-width; a sign means decimal.
    for text in ("0x21", "21", "０ｘ２１", "+33"):
        assert from_cert_trust_status(text).names == ("FLAG_INVALID_CA", "FLAG_CERT_DATE_INVALID")
    assert unmapped_cert_trust_bits("0x8020") == 0x8000
    with pytest.raises(UnknownCodeError, match="CERT_TRUST error status 'zz'"):
        from_cert_trust_status("zz")


# Scripts hold these numbers as strings that a regular expression captured.
@pytest.mark.parametrize(
    ("function", "text", "flag"),
    [
        (from_winhttp_error, "12038", CN_INVALID),
        (from_winhttp_error, " 12045\n", INVALID_CA),
        (from_winhttp_error, "0x2F06", CN_INVALID),
        (from_winhttp_error, "１２０３８", CN_INVALID),
        (from_openssl_verify_code, "62", CN_INVALID),
        (from_openssl_verify_code, "010", DATE_INVALID),
        (from_openssl_verify_code, "+20", INVALID_CA),
    ],
)
def test_digit_strings_read_as_decimal(
    function: Callable[[str], CertProblem], text: str, flag: CertProblem
) -> None:
    assert function(text) is flag


@pytest.mark.parametrize(
    ("function", "text", "message"),
    [
        (
            from_winhttp_error,
            "12o38",
            "unknown WinHTTP error '12o38': expected decimal digits",
        ),
        (from_winhttp_error, "", "unknown WinHTTP error '': expected a number, got nothing"),
        (
            from_winhttp_error,
            "12175",
            "unknown WinHTTP error '12175': expected one of 12037, 12038, 12045, 12057, 12157,"
            " 12169, 12170, 12179; 12175 is ERROR_WINHTTP_SECURE_FAILURE",
        ),
        (from_openssl_verify_code, "sixty", "unknown OpenSSL verify code 'sixty': expected"),
        (from_openssl_verify_code, "1", "unknown OpenSSL verify code '1': expected one of"),
    ],
)
def test_strings_that_name_no_flag(
    function: Callable[[str], CertProblem], text: str, message: str
) -> None:
    with pytest.raises(UnknownCodeError) as info:
        function(text)
    assert str(info.value).startswith(message)
    assert info.value.code == text


# ---- from_ssl_error: real exceptions of the ssl module, built here without a network -----------


def _verification_error(verify_code: int, message: str) -> ssl.SSLCertVerificationError:
    # What CPython's _ssl does on a failed handshake: build the error, then set the attributes.
    error = ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] {message}")
    error.verify_code = verify_code
    error.verify_message = message
    return error


# The notes' local experiment (§4e, EMPIRICAL: Python 3.11.7, OpenSSL 3.0.19).
@pytest.mark.parametrize(
    ("verify_code", "message", "flag"),
    [
        pytest.param(10, "certificate has expired", DATE_INVALID, id="expired"),
        pytest.param(9, "certificate is not yet valid", DATE_INVALID, id="not-yet-valid"),
        pytest.param(
            62,
            "Hostname mismatch, certificate is not valid for 'localhost'.",
            CN_INVALID,
            id="hostname",
        ),
        pytest.param(18, "self-signed certificate", INVALID_CA, id="self-signed"),
        pytest.param(
            19, "self-signed certificate in certificate chain", INVALID_CA, id="untrusted-root"
        ),
        pytest.param(20, "unable to get local issuer certificate", INVALID_CA, id="no-issuer"),
        pytest.param(26, "unsuitable certificate purpose", WRONG_USAGE, id="client-auth-eku"),
        pytest.param(23, "certificate revoked", REVOKED, id="revoked"),
        pytest.param(3, "unable to get certificate CRL", REV_FAILED, id="no-crl"),
        pytest.param(7, "certificate signature failure", INVALID_CERT, id="bad-signature"),
    ],
)
def test_from_ssl_error_with_verify_code(verify_code: int, message: str, flag: CertProblem) -> None:
    error = _verification_error(verify_code, message)
    assert isinstance(error, ssl.SSLError)
    assert from_ssl_error(error) is flag


@pytest.mark.parametrize(
    "error",
    [
        # A TLS 1.3-only server and a TLS 1.2-only client: no verify_code (§4e).
        ssl.SSLError(1, "[SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version"),
        ssl.SSLEOFError(8, "EOF occurred in violation of protocol"),
        ssl.SSLZeroReturnError(6, "TLS/SSL connection has been closed (EOF)"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_from_ssl_error_without_verify_code(error: ssl.SSLError) -> None:
    assert from_ssl_error(error) is CHANNEL


def test_ssl_error_with_a_verify_code_that_is_not_an_int() -> None:
    error = ssl.SSLError(1, "handshake failure")
    error.verify_code = None  # type: ignore[attr-defined]
    assert from_ssl_error(error) is CHANNEL


def test_verification_error_without_verify_code() -> None:
    error = ssl.SSLCertVerificationError(1, "certificate verify failed")
    with pytest.raises(UnknownCodeError) as info:
        from_ssl_error(error)
    assert str(info.value) == (
        "unknown SSL exception SSLCertVerificationError(1, 'certificate verify failed'): expected"
        " an int verify_code on a certificate verification error, as the ssl module sets it"
    )
    assert info.value.code is error


def test_verification_error_with_an_unknown_verify_code() -> None:
    with pytest.raises(UnknownCodeError, match=r"^unknown OpenSSL verify code 0: expected one of"):
        from_ssl_error(_verification_error(0, "ok"))


class _DuckError(Exception):
    def __init__(self, verify_code: object) -> None:
        super().__init__("verification failed")
        self.verify_code = verify_code


def test_any_exception_with_an_int_verify_code() -> None:
    assert from_ssl_error(_DuckError(62)) is CN_INVALID


@pytest.mark.parametrize(
    "error",
    [ValueError("boom"), OSError(1, "x"), _DuckError(True), _DuckError("62"), KeyboardInterrupt()],
    ids=repr,
)
def test_other_exceptions(error: BaseException) -> None:
    with pytest.raises(UnknownCodeError) as info:
        from_ssl_error(error)
    assert str(info.value) == (
        f"unknown SSL exception {error!r}: expected an ssl.SSLError, or an exception with an int"
        " verify_code"
    )


def test_a_class_named_sslerror_elsewhere_is_not_the_ssl_modules() -> None:
    class SSLError(Exception):
        pass

    with pytest.raises(UnknownCodeError):
        from_ssl_error(SSLError())


@pytest.mark.parametrize("value", [62, "SSLError", None, ssl.SSLError], ids=repr)
def test_from_ssl_error_refuses_non_exceptions(value: object) -> None:
    with pytest.raises(TypeError) as info:
        from_ssl_error(value)  # type: ignore[arg-type]
    assert str(info.value) == f"exc must be an exception, not {type(value).__name__}"


# ---- RelatedCode ---------------------------------------------------------------------------------


def test_related_code_is_frozen_slotted_and_reads_like_its_call() -> None:
    code = CN_INVALID.cryptoapi_codes[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        code.value = 0  # type: ignore[misc]
    assert not hasattr(code, "__dict__")
    assert repr(code) == (
        "RelatedCode(name='CERT_E_CN_NO_MATCH', value=2148204815, text=\"The certificate's CN"
        " name does not match the passed value.\", judgement=False, source='S-WHE')"
    )
    assert eval(repr(code), {"RelatedCode": RelatedCode}) == code  # noqa: S307
    assert pickle.loads(pickle.dumps(code)) == code
    assert code.to_dict() == {
        "name": "CERT_E_CN_NO_MATCH",
        "value": 0x800B010F,
        "text": "The certificate's CN name does not match the passed value.",
        "judgement": False,
        "source": "S-WHE",
    }


# ---- properties: any input gives a flag or a ProxyCertError, never another exception ------------

anything = st.one_of(
    st.integers(),
    st.text(max_size=20),
    st.binary(max_size=4),
    st.floats(),
    st.booleans(),
    st.none(),
)


@given(st.integers())
def test_any_int_to_the_int_lookups(value: int) -> None:
    for function in (from_winhttp_error, from_openssl_verify_code, from_hresult):
        try:
            result = function(value)
        except UnknownCodeError:
            continue
        assert result.is_single
    try:
        problems = from_cert_trust_status(value)
    except UnknownCodeError:
        return
    assert problems.unknown_bits == 0
    assert unmapped_cert_trust_bits(value) == value & 0xFFFFFFFF & ~sum(r[0] for r in TRUST_TABLE)


@given(st.text(max_size=20) | st.from_regex(r"\s*(0[xX])?[0-9A-Fa-f]{1,10}\s*", fullmatch=True))
def test_any_text_to_from_hresult(text: str) -> None:
    try:
        result = from_hresult(text)
    except UnknownCodeError:
        return
    assert result.is_single


@given(anything)
def test_anything_to_every_lookup(value: object) -> None:
    functions: list[Callable[[Any], object]] = [
        from_winhttp_error,
        from_openssl_verify_code,
        from_cert_trust_status,
        unmapped_cert_trust_bits,
        from_hresult,
        from_ssl_error,
    ]
    for function in functions:
        with contextlib.suppress(UnknownCodeError, TypeError):
            function(value)


@given(st.integers(), st.sampled_from([ssl.SSLError, ssl.SSLCertVerificationError, ValueError]))
def test_any_verify_code_on_any_exception(verify_code: int, kind: type[Exception]) -> None:
    error = kind(1, "x")
    error.verify_code = verify_code  # type: ignore[attr-defined]
    try:
        result = from_ssl_error(error)
    except UnknownCodeError:
        return
    assert result is from_openssl_verify_code(verify_code)
