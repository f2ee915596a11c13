"""Which flag a code of another system reports: WinHTTP, WinINet, HRESULT, CryptoAPI, OpenSSL.

The ties themselves, with their sources, are the tables of :mod:`._crossref_tables`; this
module turns them round, from a code to its flag.  Every code reader here is
:func:`._numbers.read_uint32`, the one :func:`proxycert.decode` uses.

>>> from proxycert import from_winhttp_error, from_hresult, from_openssl_verify_code
>>> from_winhttp_error(12038) is from_hresult("0x80072F06") is from_openssl_verify_code(62)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._crossref_tables import CROSSREF, HRESULT_WIN32, NOT_FLAGS
from ._errors import InvalidCodeError, UnknownCodeError
from ._flags import CertProblem
from ._numbers import UINT32_MAX, base_as_written, read_uint32
from ._public import public

__all__ = [
    "from_cert_trust_status",
    "from_hresult",
    "from_openssl_verify_code",
    "from_ssl_error",
    "from_winhttp_error",
    "unmapped_cert_trust_bits",
]


def _reverse(attribute: str) -> Mapping[int, int]:
    """Map each related code's value to its flag's value; a source's tie beats a judgement.

    Two codes sit in two rows: ``CERT_E_PURPOSE`` and ``CERT_E_CHAINING`` are in Microsoft's
    list for ``FLAG_INVALID_CERT`` and, by judgement, in the rows of ``FLAG_CERT_WRONG_USAGE``
    and ``FLAG_INVALID_CA``.  Microsoft's list wins.
    """
    table: dict[int, int] = {}
    for judged in (True, False):
        for flag, facts in CROSSREF.items():
            for code in getattr(facts, attribute):
                if code.judgement is judged:
                    table[code.value] = flag
    return MappingProxyType(table)


_BY_WINHTTP: Mapping[int, int] = MappingProxyType(
    {facts.winhttp_error: flag for flag, facts in CROSSREF.items()}
)
_BY_HRESULT: Mapping[int, int] = MappingProxyType(
    {
        **_reverse("cryptoapi_codes"),
        **{facts.hresult: flag for flag, facts in CROSSREF.items()},
    }
)
_BY_OPENSSL = _reverse("openssl_verify_codes")
_BY_TRUST_BIT = _reverse("cert_trust_bits")
_MAPPED_TRUST_BITS = sum(_BY_TRUST_BIT)

_WINHTTP_EXPECTED = "expected one of " + ", ".join(str(code) for code in sorted(_BY_WINHTTP))
_HRESULT_EXPECTED = (
    "expected the HRESULT of a WinHTTP error ("
    + ", ".join(f"0x{HRESULT_WIN32 | code:08X}" for code in sorted(_BY_WINHTTP))
    + "), or a CryptoAPI or Schannel HRESULT listed in CertProblem.cryptoapi_codes"
)
_OPENSSL_EXPECTED = "expected one of " + ", ".join(str(code) for code in sorted(_BY_OPENSSL))
_TRUST_EXPECTED = "CERT_TRUST_* error bits listed in CertProblem.cert_trust_bits"

_MALFORMED_HRESULT = (
    "expected 8 hexadecimal digits with or without 0x, such as '0x80072F06',"
    " or a signed decimal, such as '-2147012858'"
)


def _check_int_or_str(value: object, what: str) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"{what} must be an int or a str, not {type(value).__name__}")
    return value


def _uint32(
    code: int | str, system: str, malformed: str | None = None, shown: str | None = None
) -> int:
    """*code* read as :func:`proxycert.decode` reads it, in hexadecimal when a ``str``.

    :raises UnknownCodeError: naming *system* and showing *code* as *shown*; for a malformed
        ``str``, with *malformed*.
    """
    try:
        return read_uint32(code, 16)
    except InvalidCodeError as exc:
        reason = malformed if malformed is not None and isinstance(code, str) else exc.reason
        raise UnknownCodeError(code, system, reason, shown) from None


def _decimal(code: int | str, system: str) -> int:
    """An ``int`` as it is; a ``str`` in decimal, or in hexadecimal after ``0x``, as the CLI reads.

    :raises UnknownCodeError: naming *system*, for a ``str`` that is no 32-bit number.
    """
    if isinstance(code, int):
        return code
    try:
        return read_uint32(code, base_as_written(code, 10))
    except InvalidCodeError as exc:
        raise UnknownCodeError(code, system, exc.reason) from None


def _hex_shown(value: int | str) -> str | None:
    """An HRESULT given as an ``int``, as people write it: ``0x80070005``, not ``2147942405``."""
    if isinstance(value, str) or value.bit_length() > 64:
        return None  # short_repr: a str as given, and an enormous int cut short
    if -0x8000_0000 <= value < 0:
        value &= UINT32_MAX
    return f"-0x{-value:X}" if value < 0 else f"0x{value:08X}"


@public
def from_winhttp_error(code: int | str) -> CertProblem:
    """The flag whose problem a WinHTTP or WinINet error code reports.

    WinHTTP and WinINet use the same number for each of these errors, such as 12038 for
    ``ERROR_WINHTTP_SECURE_CERT_CN_INVALID`` and ``ERROR_INTERNET_SEC_CERT_CN_INVALID``
    (winhttp.h, wininet.h and Microsoft's error pages: S-H-WINHTTP, S-WHE, S-H-WININET, S-WIE).
    Each flag is tied to the error of the same name, as Google Omaha's tests also tie them
    (S-OMAHA).

    :param code: the error code, in decimal as Microsoft documents it (12037 ... 12179): an
        ``int``, or a ``str`` as a log or a regular expression gives it (``"12038"``; in
        hexadecimal after ``0x``), surrounding white space allowed.
    :returns: a single flag.
    :raises UnknownCodeError: *code* is not one of the eight codes, or a ``str`` that is not a
        32-bit number; the message names the related codes that are not flags, such as 12175,
        ``ERROR_WINHTTP_SECURE_FAILURE``.
    :raises TypeError: *code* is not an ``int`` or ``str`` (a ``bool`` is refused too).

    >>> from_winhttp_error(12038), from_winhttp_error("12038")
    (<CertProblem.FLAG_CERT_CN_INVALID: 16>, <CertProblem.FLAG_CERT_CN_INVALID: 16>)
    """
    value = _decimal(_check_int_or_str(code, "code"), "WinHTTP error")
    if value in _BY_WINHTTP:
        return CertProblem(_BY_WINHTTP[value])
    expected = _WINHTTP_EXPECTED
    if value in NOT_FLAGS:
        expected += f"; {value} is {NOT_FLAGS[value]}"
    raise UnknownCodeError(code, "WinHTTP error", expected)


@public
def from_hresult(value: int | str) -> CertProblem:
    """The flag whose problem an HRESULT reports.

    Three kinds are known:

    * ``HRESULT_FROM_WIN32`` of the eight WinHTTP/WinINet errors (``0x80072F06`` for 12038);
    * the CryptoAPI codes that Microsoft calls "equivalent" to each WinHTTP error, and its list
      for ``FLAG_INVALID_CERT`` (``CERT_E_CN_NO_MATCH`` ``0x800B010F`` is ``FLAG_CERT_CN_INVALID``);
    * further CryptoAPI and Schannel codes tied to a flag: ``SEC_E_WRONG_PRINCIPAL``
      (old Chromium's grouping) and ``SEC_E_CERT_EXPIRED``, and, by judgement only,
      ``CRYPT_E_NO_REVOCATION_CHECK``, ``CERT_E_REVOCATION_FAILURE``, ``TRUST_E_CERT_SIGNATURE``,
      ``TRUST_E_BASIC_CONSTRAINTS``, ``SEC_E_CERT_UNKNOWN``, ``CERT_E_REVOKED``,
      ``CERT_E_UNTRUSTEDCA``, ``TRUST_E_EXPLICIT_DISTRUST``, ``SEC_E_UNTRUSTED_ROOT``,
      ``SEC_E_CERT_WRONG_USAGE`` and the ``SEC_E_*`` examples of ``FLAG_SECURITY_CHANNEL_ERROR``.
      :attr:`CertProblem.cryptoapi_codes` tells which tie is judgement.

    ``CERT_E_PURPOSE`` and ``CERT_E_CHAINING`` are in Microsoft's list for
    ``FLAG_INVALID_CERT`` and give that flag, although judgement also ties them to
    ``FLAG_CERT_WRONG_USAGE`` and ``FLAG_INVALID_CA``.

    :param value: an ``int``, unsigned or signed 32-bit (``-2147012858`` is ``0x80072F06``), or a
        ``str`` in hexadecimal as :func:`decode` reads it: with or without ``0x`` or ``0×``
        (``"0x80072F06"``, ``"80072f06"``), surrounding white space allowed.
    :returns: a single flag.
    :raises UnknownCodeError: *value* is malformed, out of the 32-bit range or not tied to a flag
        (``0x80072F8F``, the HRESULT of 12175, is the umbrella code, and the message says so).
        The message shows an ``int`` in hexadecimal (``0x80070005``), as HRESULTs are written.
    :raises TypeError: *value* is not an ``int`` or ``str`` (``bool``, ``bytes``, ``None``...).

    >>> from_hresult("0x80072F06"), from_hresult(0x800B010F)
    (<CertProblem.FLAG_CERT_CN_INVALID: 16>, <CertProblem.FLAG_CERT_CN_INVALID: 16>)
    """
    shown = _hex_shown(_check_int_or_str(value, "value"))
    hresult = _uint32(value, "HRESULT", _MALFORMED_HRESULT, shown)
    if hresult in _BY_HRESULT:
        return CertProblem(_BY_HRESULT[hresult])
    expected = _HRESULT_EXPECTED
    win32 = hresult & 0xFFFF
    if hresult & 0xFFFF_0000 == HRESULT_WIN32 and win32 in NOT_FLAGS:
        expected += f"; 0x{hresult:08X} is HRESULT_FROM_WIN32({win32}), {NOT_FLAGS[win32]}"
    raise UnknownCodeError(value, "HRESULT", expected, shown)


@public
def from_openssl_verify_code(code: int | str) -> CertProblem:
    """The flag whose problem an OpenSSL ``X509_V_ERR_*`` verify code reports.

    This is what Python's ``ssl.SSLCertVerificationError.verify_code`` holds.  No source ties
    OpenSSL's codes to Windows' flags: proxycert ties them by meaning, and several ties are
    judgement only: every code of ``FLAG_INVALID_CERT`` (7, 4, 6, 13, 14, 25, 34, 37,
    41, 79), 33, 12, 11, 74 and 75 for ``FLAG_CERT_REV_FAILED``, and 39 for
    ``FLAG_CERT_WRONG_USAGE``.  :attr:`CertProblem.openssl_verify_codes` tells which.  No verify
    code means ``FLAG_SECURITY_CHANNEL_ERROR``: see :func:`from_ssl_error`.

    :param code: the verify code (62 is ``X509_V_ERR_HOSTNAME_MISMATCH``): an ``int``, or a
        ``str`` in decimal (in hexadecimal after ``0x``), surrounding white space allowed.
    :returns: a single flag.
    :raises UnknownCodeError: *code* is not tied to a flag, or is a ``str`` that is not a
        32-bit number.
    :raises TypeError: *code* is not an ``int`` or ``str`` (a ``bool`` is refused too).

    >>> from_openssl_verify_code(20), from_openssl_verify_code("20")
    (<CertProblem.FLAG_INVALID_CA: 8>, <CertProblem.FLAG_INVALID_CA: 8>)
    """
    value = _decimal(_check_int_or_str(code, "code"), "OpenSSL verify code")
    if value in _BY_OPENSSL:
        return CertProblem(_BY_OPENSSL[value])
    raise UnknownCodeError(code, "OpenSSL verify code", _OPENSSL_EXPECTED)


def _class_names(exc: BaseException) -> set[str]:
    # The ssl module's exception classes, recognised by name and module so that this package
    # never imports ssl (which is missing from some Python builds).  CPython names its module
    # "ssl"; "_ssl" is accepted too, where the C module's own name shows.
    return {cls.__name__ for cls in type(exc).__mro__ if cls.__module__ in ("ssl", "_ssl")}


@public
def from_ssl_error(exc: BaseException) -> CertProblem:
    """The flag for an exception from Python's ``ssl`` module (or any with a ``verify_code``).

    * An exception with an ``int`` attribute ``verify_code``, as ``ssl`` sets it on
      ``ssl.SSLCertVerificationError``: :func:`from_openssl_verify_code` of it.
    * An ``ssl.SSLError`` without one (a TLS failure such as a protocol version mismatch, not a
      certificate verdict): ``FLAG_SECURITY_CHANNEL_ERROR``.  This tie is judgement.

    Python reports one verify code per failed handshake, so the result is a single flag.  Pass
    the ``ssl`` exception itself: for :mod:`urllib`'s ``URLError``, that is its ``reason``.

    :param exc: the exception.
    :returns: a single flag.
    :raises UnknownCodeError: *exc* is no ``ssl.SSLError`` and has no ``int`` ``verify_code``;
        or it is an ``ssl.SSLCertVerificationError`` without one (no way to tell which
        certificate problem it reports); or its verify code is not tied to a flag.
    :raises TypeError: *exc* is not an exception.

    >>> class ExpiredError(Exception):  # as ssl.SSLCertVerificationError(...).verify_code = 10
    ...     verify_code = 10
    >>> from_ssl_error(ExpiredError())
    <CertProblem.FLAG_CERT_DATE_INVALID: 32>
    """
    if not isinstance(exc, BaseException):
        raise TypeError(f"exc must be an exception, not {type(exc).__name__}")
    verify_code = getattr(exc, "verify_code", None)
    if isinstance(verify_code, int) and not isinstance(verify_code, bool):
        return from_openssl_verify_code(verify_code)
    names = _class_names(exc)
    if "SSLCertVerificationError" in names:
        raise UnknownCodeError(
            exc,
            "SSL exception",
            "expected an int verify_code on a certificate verification error, as the ssl module"
            " sets it",
        )
    if "SSLError" in names:
        return CertProblem(0x8000_0000)
    raise UnknownCodeError(
        exc, "SSL exception", "expected an ssl.SSLError, or an exception with an int verify_code"
    )


@public
def from_cert_trust_status(bits: int | str, *, strict: bool = False) -> CertProblem:
    """The flags for a CryptoAPI ``CERT_TRUST_STATUS.dwErrorStatus``.

    Each error bit tied to a flag sets that flag; several bits may give several flags.  The
    ties for ``FLAG_INVALID_CERT`` (0x8, 0x80, 0x100 ... 0x4000, 0x02000000, 0x08000000) are
    judgement, as old Chromium grouped them.  No bit stands for ``FLAG_CERT_CN_INVALID``
    (name matching is not chain trust) or ``FLAG_SECURITY_CHANNEL_ERROR``.

    Bits tied to no flag (``CERT_TRUST_HAS_EXCLUDED_NAME_CONSTRAINT``, 0x8000, for one) cannot
    be kept in the result, whose bits mean something else; :func:`unmapped_cert_trust_bits`
    returns them.  So that they are never lost without a word, a non-zero status none of whose
    bits is tied to a flag raises instead of returning an empty :class:`CertProblem`, which would
    read as "no problem"; with *strict*, any untied bit raises.

    :param bits: the ``dwErrorStatus`` DWORD, unsigned or signed 32-bit; as a ``str``, read as
        :func:`proxycert.decode` reads a code (hexadecimal, ``0x`` or not; a sign means
        decimal).  ``0`` (``CERT_TRUST_NO_ERROR``) gives ``CertProblem(0)``.  Pass ``dwErrorStatus`` only:
        ``dwInfoStatus`` reuses the same bit positions with other meanings.
    :param strict: raise when any bit is tied to no flag.
    :returns: the flags, combined.
    :raises UnknownCodeError: *bits* is out of the 32-bit range; or it is non-zero and no bit of
        it is tied to a flag; or, with *strict*, some bit is tied to no flag.
    :raises TypeError: *bits* is not an ``int`` or a ``str`` (a ``bool`` is refused too).

    >>> from_cert_trust_status(0x21).names  # IS_NOT_TIME_VALID | IS_UNTRUSTED_ROOT
    ('FLAG_INVALID_CA', 'FLAG_CERT_DATE_INVALID')
    """
    value = _uint32(_check_int_or_str(bits, "bits"), "CERT_TRUST error status")
    flags = 0
    for bit, flag in _BY_TRUST_BIT.items():
        if value & bit:
            flags |= flag
    unmapped = value & ~_MAPPED_TRUST_BITS
    if unmapped and (strict or not flags):
        raise UnknownCodeError(
            bits,
            "CERT_TRUST error status",
            f"expected {'only' if strict else 'at least one of the'} {_TRUST_EXPECTED};"
            f" bits 0x{unmapped:08X} are tied to no flag",
        )
    return CertProblem(flags)


@public
def unmapped_cert_trust_bits(bits: int | str) -> int:
    """The bits of a ``dwErrorStatus`` that :func:`from_cert_trust_status` ties to no flag.

    :param bits: the ``dwErrorStatus`` DWORD, unsigned or signed 32-bit, or a ``str`` read as
        :func:`from_cert_trust_status` reads one.
    :returns: those bits, unsigned (``0`` when every bit is tied to a flag).
    :raises UnknownCodeError: *bits* is out of the 32-bit range, or a ``str`` that is no number.
    :raises TypeError: *bits* is not an ``int`` or a ``str`` (a ``bool`` is refused too).

    >>> hex(unmapped_cert_trust_bits(0x8020))  # HAS_EXCLUDED_NAME_CONSTRAINT | IS_UNTRUSTED_ROOT
    '0x8000'
    """
    value = _uint32(_check_int_or_str(bits, "bits"), "CERT_TRUST error status")
    return value & ~_MAPPED_TRUST_BITS
