"""The exceptions proxycert raises: one base class and a precise subclass per failure."""

from __future__ import annotations

from typing import Any

from ._public import public

__all__ = [
    "CertificateLoadError",
    "ContainerError",
    "ExpansionLimitError",
    "InvalidCodeError",
    "MessageNotFoundError",
    "ProxyCertError",
    "UnknownCodeError",
    "UnknownMessageKindError",
    "short_repr",
]

# Errors are shown to people and written to logs; a 100 MB paste must not come back in full.
_REPR_LIMIT = 80


def short_repr(value: object, limit: int = _REPR_LIMIT) -> str:
    """``repr(value)``, cut in the middle when longer than *limit* characters.

    >>> short_repr("ab" * 100, limit=20)
    "'ababababab ... [200 characters] ababababab'"
    """
    if isinstance(value, (str, bytes)) and len(value) > limit:
        # Slice before repr() so that an enormous input is never copied whole.
        half = limit // 2
        head, tail = repr(value[:half])[:-1], repr(value[-half:])[1:]
        return f"{head} ... [{len(value)} characters] {tail}"
    if isinstance(value, int) and value.bit_length() > 4 * limit:
        # repr() of an int of thousands of digits is slow, and past 4300 digits it raises.
        return f"<int of {value.bit_length()} bits>"
    text = repr(value)
    if len(text) > limit:
        half = limit // 2
        return f"{text[:half]} ... {text[-half:]}"
    return text


@public
class ProxyCertError(ValueError):
    """Base class of every error proxycert raises on bad input.

    It is a :class:`ValueError`, so code that already catches ``ValueError`` keeps working.

    >>> import proxycert
    >>> issubclass(proxycert.InvalidCodeError, proxycert.ProxyCertError)
    True
    """


@public
class InvalidCodeError(ProxyCertError):
    """A certificate problem code that cannot be read.

    :ivar code: the offending input, as given.
    :ivar reason: what was expected instead.

    >>> import proxycert
    >>> proxycert.decode("0xZZ")
    Traceback (most recent call last):
    ...
    proxycert.InvalidCodeError: invalid certificate problem code '0xZZ': expected hexadecimal digits
    """

    def __init__(self, code: object, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(f"invalid certificate problem code {short_repr(code)}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.reason))


@public
class UnknownCodeError(ProxyCertError):
    """A code from another system (WinHTTP, HRESULT, OpenSSL, ...) that proxycert has no mapping for.

    :ivar code: the offending input, as given.
    :ivar system: the system whose codes were looked up, such as ``"WinHTTP error"``.
    :ivar shown: how the message writes *code*, where its ``repr`` would not be how people
        write it (an HRESULT given as an ``int`` is shown in hexadecimal); ``None`` for ``repr``.

    >>> import proxycert
    >>> proxycert.from_winhttp_error(1)
    Traceback (most recent call last):
    ...
    proxycert.UnknownCodeError: unknown WinHTTP error 1: expected one of 12037, 12038, 12045, 12057, 12157, 12169, 12170, 12179
    """

    def __init__(self, code: object, system: str, expected: str, shown: str | None = None) -> None:
        self.code = code
        self.system = system
        self.expected = expected
        self.shown = shown
        super().__init__(
            f"unknown {system} {short_repr(code) if shown is None else shown}: {expected}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.system, self.expected, self.shown))


@public
class UnknownMessageKindError(ProxyCertError):
    """A message kind number that is not one of the KB's four.

    :ivar kind: the offending input, as given.

    >>> import proxycert
    >>> proxycert.resolution_for(5)
    Traceback (most recent call last):
    ...
    proxycert.UnknownMessageKindError: unknown error message kind 5: expected 1, 2, 3 or 4
    """

    def __init__(self, kind: object) -> None:
        self.kind = kind
        super().__init__(f"unknown error message kind {short_repr(kind)}: expected 1, 2, 3 or 4")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind,))


@public
class MessageNotFoundError(ProxyCertError):
    """The text holds none of the four KB 923575 error messages.

    :ivar text: the text that was searched (kept whole; its ``repr`` in the message is cut short).

    >>> import proxycert
    >>> proxycert.parse("Outlook is working fine.")
    Traceback (most recent call last):
    ...
    proxycert.MessageNotFoundError: no proxy certificate error message found in 'Outlook is working fine.'
    """

    def __init__(self, text: object) -> None:
        self.text = text
        super().__init__(f"no proxy certificate error message found in {short_repr(text)}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.text,))


@public
class ContainerError(ProxyCertError):
    """A compressed file, archive or mail file, or a part of one, that cannot be read.

    :func:`proxycert.scan_file` reads every other part of the file first, then raises the
    first of these.

    :ivar source: the file, and where in it: a zip member (``"bundle.zip!logs/outlook.log"``)
        or a mail part (``"ticket.eml!part 1.2 (text/html)"``), joined with ``!``.
    :ivar reason: what is wrong, and what to do when there is something to do.

    >>> import proxycert
    >>> error = proxycert.ContainerError("ticket.msg", "Outlook .msg file: save it as .eml or as text")
    >>> print(error)
    cannot read 'ticket.msg': Outlook .msg file: save it as .eml or as text
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"cannot read {short_repr(source)}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.reason))


@public
class ExpansionLimitError(ContainerError):
    """A compressed stream, zip member or zip that decompresses to more than proxycert reads.

    A zip bomb ends this way.  The messages before the limit are kept, and the scan goes on
    with the next member while the archive's own limit allows.

    >>> import proxycert
    >>> issubclass(proxycert.ExpansionLimitError, proxycert.ContainerError)
    True
    """


@public
class CertificateLoadError(ProxyCertError):
    """Certificates that cannot be read: a file, bundle, ``.p7b``, ``.pfx`` or trust store.

    Raised by :func:`proxycert.cert.check_certificate`, which needs the ``cert`` extra; the class
    itself needs nothing, so a program can catch it without that extra.

    :ivar source: the offending input, as given (a path, the bytes or the text).
    :ivar reason: what was expected, or what went wrong.
    :ivar kind: ``"malformed"``, ``"unsupported-format"``, ``"no-certificate"``,
        ``"needs-password"``, ``"wrong-password"`` or ``"unreadable"``.

    >>> import proxycert
    >>> raise proxycert.CertificateLoadError(b"hello", "expected PEM, DER, PKCS#7 or PKCS#12")
    Traceback (most recent call last):
    ...
    proxycert.CertificateLoadError: cannot load certificates from b'hello': expected PEM, DER, PKCS#7 or PKCS#12
    """

    def __init__(self, source: object, reason: str, kind: str = "malformed") -> None:
        self.source = source
        self.reason = reason
        self.kind = kind
        super().__init__(f"cannot load certificates from {short_repr(source)}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.reason, self.kind))
