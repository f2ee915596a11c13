"""The KB 923575 certificate-problem flags, and :func:`decode`, which reads a code into them."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from ._errors import InvalidCodeError, ProxyCertError, short_repr
from ._kb import Resolution
from ._numbers import UINT32_MAX, read_uint32, read_written_code
from ._public import public

if TYPE_CHECKING:
    from ._crossref_tables import CrossFacts, RelatedCode

__all__ = ["CertProblem", "decode"]

_WINHTTP_PREFIX = "WINHTTP_CALLBACK_STATUS_"


class _CertProblemType(enum.EnumMeta):
    """CertProblem's metaclass: ``CertProblem(value)`` takes the ints :func:`decode` takes.

    ``enum.IntFlag`` alone keeps any int, of any size and sign, and how it treats a negative
    one changed in Python 3.11.  Checking here, before the enum machinery (which would format
    ``repr(value)`` in its own error, and fail on an int of more than 4300 digits), keeps every
    value in 0 to 0xFFFFFFFF on every Python.  A metaclass, because a custom ``__new__`` on an
    ``IntFlag`` broke across CPython 3.11 patch releases.
    """

    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            not args
            and not kwargs
            and isinstance(value, int)
            and not (type(value) is int and 0 <= value <= UINT32_MAX)
        ):
            value = read_uint32(value)
        return super().__call__(value, *args, **kwargs)


@public
class CertProblem(enum.IntFlag, metaclass=_CertProblemType):
    """A certificate problem code: the bitwise sum of KB 923575's flags.

    Members are named exactly as in the KB's table.  Any value, single or combined, offers
    :attr:`flags` and :attr:`unknown_bits`, which behave the same on every supported Python
    (iteration and ``str()`` of combined flags do not).

    ``CertProblem(value)`` takes an ``int`` as :func:`decode` does: 0 to 0xFFFFFFFF, or a
    negative one in the signed 32-bit range, read as its two's complement (``CertProblem(-1)``
    is ``0xFFFFFFFF``).  Any other ``int`` raises :class:`InvalidCodeError`, so the value is
    always an unsigned 32-bit number.

    >>> problems = CertProblem(0x30)
    >>> [flag.name for flag in problems.flags]
    ['FLAG_CERT_CN_INVALID', 'FLAG_CERT_DATE_INVALID']
    >>> CertProblem.FLAG_INVALID_CA.winhttp_name
    'WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA'
    >>> hex(CertProblem(0x108).unknown_bits)
    '0x100'
    >>> CertProblem(-1) == CertProblem(0xFFFFFFFF)
    True
    """

    FLAG_CERT_REV_FAILED = 0x0000_0001
    FLAG_INVALID_CERT = 0x0000_0002
    FLAG_CERT_REVOKED = 0x0000_0004
    FLAG_INVALID_CA = 0x0000_0008
    FLAG_CERT_CN_INVALID = 0x0000_0010
    FLAG_CERT_DATE_INVALID = 0x0000_0020
    FLAG_CERT_WRONG_USAGE = 0x0000_0040
    FLAG_SECURITY_CHANNEL_ERROR = 0x8000_0000

    @property
    def flags(self) -> tuple[CertProblem, ...]:
        """The known single flags this value contains, in ascending order of value.

        >>> CertProblem(0x80000018).flags == (
        ...     CertProblem.FLAG_INVALID_CA,
        ...     CertProblem.FLAG_CERT_CN_INVALID,
        ...     CertProblem.FLAG_SECURITY_CHANNEL_ERROR,
        ... )
        True
        >>> CertProblem(0).flags
        ()
        """
        return tuple(flag for flag in _SINGLE_FLAGS if self.value & flag.value)

    @property
    def unknown_bits(self) -> int:
        """The bits of this value that no KB flag names, as an ``int`` (``0`` when there are none).

        They are kept, never dropped: a newer Outlook may set bits that the KB does not list.

        >>> CertProblem(0x10).unknown_bits
        0
        >>> hex(CertProblem(0x90).unknown_bits)
        '0x80'
        """
        return self.value & ~_KNOWN_BITS

    @property
    def is_single(self) -> bool:
        """Whether this value is exactly one KB flag.

        >>> CertProblem.FLAG_INVALID_CA.is_single, CertProblem(0x18).is_single
        (True, False)
        """
        return self.value in _FACTS

    @property
    def description(self) -> str:
        """Microsoft's one-line meaning of the flag (WinHTTP documentation).

        For a combined value, the meanings of its flags in ascending order, one sentence each,
        followed by a sentence on any unknown bits.

        >>> CertProblem.FLAG_CERT_REVOKED.description
        'SSL certificate was revoked.'
        >>> CertProblem(0).description
        'No certificate problem flag is set.'
        """
        sentences = [_FACTS[flag.value].description for flag in self.flags]
        if self.unknown_bits:
            sentences.append(f"Bits 0x{self.unknown_bits:08X} are not named by KB 923575.")
        return " ".join(sentences) or "No certificate problem flag is set."

    @property
    def winhttp_name(self) -> str:
        """The WinHTTP constant with the same name and value (``WINHTTP_CALLBACK_STATUS_`` + name).

        For a combined value, the constants joined by ``" | "`` as a C expression would write them,
        with unknown bits in hexadecimal; ``"0"`` for zero.

        >>> CertProblem.FLAG_CERT_CN_INVALID.winhttp_name
        'WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID'
        >>> CertProblem(0x28).winhttp_name
        'WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA | WINHTTP_CALLBACK_STATUS_FLAG_CERT_DATE_INVALID'
        """
        parts = [_WINHTTP_PREFIX + _FACTS[flag.value].name for flag in self.flags]
        if self.unknown_bits:
            parts.append(f"0x{self.unknown_bits:08X}")
        return " | ".join(parts) or "0"

    @property
    def names(self) -> tuple[str, ...]:
        """The KB names of :attr:`flags`: the same on every Python, unlike ``str()`` and ``name``.

        >>> CertProblem(0x18).names
        ('FLAG_INVALID_CA', 'FLAG_CERT_CN_INVALID')
        """
        return tuple(_FACTS[flag.value].name for flag in self.flags)

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        """The KB resolutions these flags point to, in the KB's order, without repeats.

        This is our inference, not the KB's statement: the KB ties resolutions to messages, not
        to flags.  An untrusted issuer (``FLAG_INVALID_CA``) is what resolution 2 (install the
        trusted root certificate) fixes; a name, date, revocation, usage or validity problem is
        what resolution 1 (examine the certificate) finds.  ``FLAG_SECURITY_CHANNEL_ERROR``
        points to none of the three.

        >>> [int(r) for r in CertProblem(0x18).resolutions]
        [1, 2]
        """
        numbers = [_FACTS[flag.value].resolution for flag in self.flags]
        return tuple(Resolution(number) for number in sorted({n for n in numbers if n}))

    def __invert__(self) -> CertProblem:
        """The 32 bits this value does not set: the same on every Python.

        ``enum.IntFlag``'s own ``~`` gives a negative number before Python 3.11.

        >>> hex(~CertProblem(0x10))
        '0xffffffef'
        """
        return CertProblem(self.value ^ UINT32_MAX)

    # -- Codes from other systems (issue 5) -----------------------------------------------------
    # The facts live in _crossref, keyed by flag value.  A WinHTTP error, its names and its
    # HRESULT belong to one flag, so for a combined value, zero or unknown bits those properties
    # raise ProxyCertError (a ValueError) rather than guess; the tuples of related codes work
    # for any value, as the properties above do.

    @property
    def winhttp_error(self) -> int:
        """The WinHTTP error code that reports this flag; WinINet uses the same number.

        From winhttp.h and WinHTTP's error page (S-H-WINHTTP, S-WHE).

        :raises ProxyCertError: this value is not a single flag; read each of :attr:`flags`.

        >>> CertProblem.FLAG_CERT_CN_INVALID.winhttp_error
        12038
        """
        return _facts_of(self.value, "winhttp_error").winhttp_error

    @property
    def winhttp_error_name(self) -> str:
        """The name of :attr:`winhttp_error` in winhttp.h.

        :raises ProxyCertError: this value is not a single flag; read each of :attr:`flags`.

        >>> CertProblem.FLAG_CERT_CN_INVALID.winhttp_error_name
        'ERROR_WINHTTP_SECURE_CERT_CN_INVALID'
        """
        return _facts_of(self.value, "winhttp_error_name").winhttp_error_name

    @property
    def wininet_error_name(self) -> str | None:
        """The name of the WinINet error with the same number, or ``None`` where WinINet has none.

        ``FLAG_CERT_WRONG_USAGE`` has none: mingw-w64's wininet.h (S-H-WININET) has no
        ``ERROR_INTERNET_*`` code for wrong usage.

        :raises ProxyCertError: this value is not a single flag; read each of :attr:`flags`.

        >>> CertProblem.FLAG_INVALID_CA.wininet_error_name
        'ERROR_INTERNET_INVALID_CA'
        >>> CertProblem.FLAG_CERT_WRONG_USAGE.wininet_error_name is None
        True
        """
        return _facts_of(self.value, "wininet_error_name").wininet_error_name

    @property
    def hresult(self) -> int:
        """``HRESULT_FROM_WIN32`` of :attr:`winhttp_error`: ``0x80070000 | winhttp_error``, unsigned.

        The rule is winerror.h's (S-H-WINERR); the Windows SDK names most of these
        ``WININET_E_*``.

        :raises ProxyCertError: this value is not a single flag; read each of :attr:`flags`.

        >>> hex(CertProblem.FLAG_CERT_CN_INVALID.hresult)
        '0x80072f06'
        """
        return _facts_of(self.value, "hresult").hresult

    @property
    def cryptoapi_codes(self) -> tuple[RelatedCode, ...]:
        """The closest CryptoAPI and Schannel HRESULTs, Microsoft's "equivalent" ones first.

        Each :class:`RelatedCode` says whether its tie is judgement.  For a combined value, the
        codes of each of :attr:`flags` in turn; ``()`` for zero.

        >>> [code.name for code in CertProblem.FLAG_CERT_REVOKED.cryptoapi_codes]
        ['CRYPT_E_REVOKED', 'CERT_E_REVOKED']
        """
        return tuple(c for f in self.flags for c in _crossref_table()[f.value].cryptoapi_codes)

    @property
    def openssl_verify_codes(self) -> tuple[RelatedCode, ...]:
        """The closest OpenSSL ``X509_V_ERR_*`` verify codes, as Python's ``ssl`` reports them.

        ``FLAG_SECURITY_CHANNEL_ERROR`` has none: it is a TLS failure, not a certificate verdict
        (judgement).  For a combined value, the codes of each of :attr:`flags` in turn.

        >>> [code.value for code in CertProblem.FLAG_CERT_DATE_INVALID.openssl_verify_codes]
        [10, 9]
        """
        return tuple(c for f in self.flags for c in _crossref_table()[f.value].openssl_verify_codes)

    @property
    def cert_trust_bits(self) -> tuple[RelatedCode, ...]:
        """The closest CryptoAPI ``CERT_TRUST_*`` error-status bits.

        ``FLAG_CERT_CN_INVALID`` has none: host-name matching is not part of chain trust status.
        For a combined value, the bits of each of :attr:`flags` in turn.

        >>> [code.name for code in CertProblem.FLAG_CERT_REVOKED.cert_trust_bits]
        ['CERT_TRUST_IS_REVOKED']
        """
        return tuple(c for f in self.flags for c in _crossref_table()[f.value].cert_trust_bits)

    # -- End of codes from other systems ------------------------------------------------------


# The tables of codes from other tools load on first use: most programs never ask for them,
# and they would be a fifth of the import time.  _crossref_tables is data only and imports
# nothing of this package but _errors, so loading it here makes no cycle.
def _crossref_table() -> Mapping[int, CrossFacts]:
    from ._crossref_tables import CROSSREF

    return CROSSREF


def _facts_of(value: int, attribute: str) -> CrossFacts:
    """The facts of a single flag, for the per-flag properties; a combined value raises."""
    table = _crossref_table()
    if value in table:
        return table[value]
    raise ProxyCertError(
        f"expected a single flag for {attribute}, got CertProblem(0x{value:08X});"
        f" read {attribute} from each of its .flags"
    )


class _FlagFacts(NamedTuple):
    """What is known of one flag; the sources are named in codes.md."""

    name: str
    description: str
    # The number of the KB resolution the flag points to (our inference), or None.
    resolution: int | None


# Descriptions: WINHTTP_STATUS_CALLBACK documentation (codes.md S-CB), except WRONG_USAGE, which
# that table lacks; its text is the one for ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE (S-WHE).
_FACTS: Mapping[int, _FlagFacts] = MappingProxyType(
    {
        0x0000_0001: _FlagFacts(
            "FLAG_CERT_REV_FAILED",
            "Certification revocation checking has been enabled, but the revocation check failed"
            " to verify whether a certificate has been revoked. The server used to check for"
            " revocation might be unreachable.",
            1,
        ),
        0x0000_0002: _FlagFacts("FLAG_INVALID_CERT", "SSL certificate is invalid.", 1),
        0x0000_0004: _FlagFacts("FLAG_CERT_REVOKED", "SSL certificate was revoked.", 1),
        0x0000_0008: _FlagFacts(
            "FLAG_INVALID_CA",
            "The function is unfamiliar with the Certificate Authority that generated the"
            " server's certificate.",
            2,
        ),
        0x0000_0010: _FlagFacts(
            "FLAG_CERT_CN_INVALID",
            "SSL certificate common name (host name field) is incorrect, for example, if you"
            " entered www.microsoft.com and the common name on the certificate says www.msn.com.",
            1,
        ),
        0x0000_0020: _FlagFacts(
            "FLAG_CERT_DATE_INVALID",
            "SSL certificate date that was received from the server is bad. The certificate is"
            " expired.",
            1,
        ),
        0x0000_0040: _FlagFacts(
            "FLAG_CERT_WRONG_USAGE",
            "Indicates that a certificate is not valid for the requested usage (equivalent to"
            " CERT_E_WRONG_USAGE).",
            1,
        ),
        0x8000_0000: _FlagFacts(
            "FLAG_SECURITY_CHANNEL_ERROR",
            "The application experienced an internal error loading the SSL libraries.",
            None,
        ),
    }
)

_SINGLE_FLAGS: tuple[CertProblem, ...] = tuple(CertProblem(value) for value in sorted(_FACTS))
_KNOWN_BITS = sum(_FACTS)


@public
def decode(code: int | str, *, base: int = 16, strict: bool = False) -> CertProblem:
    """Read a certificate problem code written as Outlook, a log or a person writes it.

    :param code: an ``int`` (the value itself; a negative one in the signed 32-bit range is
        read as its two's complement), or a ``str``: hexadecimal by default, because Outlook
        prints bare hexadecimal (``"10"`` is ``0x10``), with an optional ``0x`` prefix, zero
        padding, either letter case and surrounding white space.  The code may keep the frame
        it stands in within Outlook's message: ``"(10)"``, ``"( 10 )"``, ``"(Error Code 30)"``
        and ``"Error code 30"`` are read in any case.
    :param base: ``16`` (default) or ``10``; with ``10`` a string is unsigned or signed 32-bit
        decimal (``"-2147483632"`` is ``0x80000010``).
    :param strict: raise :class:`InvalidCodeError` when the code has bits no KB flag names,
        instead of keeping them in :attr:`CertProblem.unknown_bits`.
    :returns: the code as a :class:`CertProblem`.
    :raises InvalidCodeError: empty, malformed or out of the 32-bit range.
    :raises TypeError: *code* is not an ``int`` or ``str`` (``bool``, ``float``, ``bytes``, ``None``
        and others), or *base* is not an ``int``.
    :raises ValueError: *base* is neither 10 nor 16.

    >>> decode("10")
    <CertProblem.FLAG_CERT_CN_INVALID: 16>
    >>> decode("0x00000008") is CertProblem.FLAG_INVALID_CA
    True
    >>> decode("-2147483632", base=10).names
    ('FLAG_CERT_CN_INVALID', 'FLAG_SECURITY_CHANNEL_ERROR')
    >>> decode("(Error Code 30)").names
    ('FLAG_CERT_CN_INVALID', 'FLAG_CERT_DATE_INVALID')
    """
    if isinstance(base, bool) or not isinstance(base, int):
        raise TypeError(f"base must be an int, not {type(base).__name__}")
    if base not in (10, 16):
        raise ValueError(f"base must be 10 or 16, not {short_repr(base)}")
    if isinstance(code, bool) or not isinstance(code, (int, str)):
        raise TypeError(f"code must be an int or a str, not {type(code).__name__}")
    value = read_uint32(code, base) if isinstance(code, int) else read_written_code(code, base)
    problems = CertProblem(value)
    if strict and problems.unknown_bits:
        raise InvalidCodeError(
            code, f"bits 0x{problems.unknown_bits:08X} are not named by KB 923575"
        )
    return problems
